import { AppError, errors } from '../../domain/errors.js';
import type { UserRecord } from '../../ports/users.js';
import type { Deps } from '../deps.js';
import { issueSession, type Session } from './session.js';

export interface LoginInput {
  email: string;
  password: string;
  /** The caller's address, for the per-client failure limit. */
  clientAddress: string;
}

/**
 * docs/flows.md#f2 with docs/compatibility.md#d1: an unknown email and a wrong password get the same 401 body after the
 * same bcrypt work; failures are limited per account and per client address.
 */
export async function login(deps: Pick<Deps, 'jwt' | 'log' | 'loginLimiter' | 'passwords' | 'users'>, input: LoginInput): Promise<Session> {
  const keys = [`account:${input.email.trim().toLowerCase()}`, `client:${input.clientAddress}`];
  // Reserve-and-check is one atomic step per key, so concurrent guesses never pass the limit.
  // An attempt stays counted unless it succeeds; a refused one gives back what it reserved.
  const reserved: string[] = [];
  for (const key of keys) {
    const wait = await deps.loginLimiter.reserve(key);
    if (wait > 0) {
      await Promise.all(reserved.map((k) => deps.loginLimiter.release(k)));
      throw new AppError('TOO_MANY_REQUESTS', 429, 'Too many failed login attempts. Try again later.', {
        'Retry-After': String(wait),
      });
    }
    reserved.push(key);
  }

  let user: UserRecord | undefined;
  try {
    user = await deps.users.getByEmail(input.email.trim());
  } catch (err) {
    // Not a guess: the attempts go back (best effort, the store may be what failed).
    await Promise.all(keys.map((k) => deps.loginLimiter.release(k))).catch(() => undefined);
    throw err;
  }
  const valid = user
    ? await deps.passwords.verify(input.password, user.passwordHash)
    : (await deps.passwords.burn(input.password), false);
  if (!user || !valid) {
    deps.log.info('login refused');
    throw errors.invalidCredentials();
  }
  await Promise.all([deps.loginLimiter.reset(keys[0]!), deps.loginLimiter.release(keys[1]!)]);
  deps.log.info('user logged in', { user_id: user.userId });
  return issueSession(deps, user);
}
