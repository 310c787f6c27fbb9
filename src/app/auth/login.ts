import { AppError, DependencyError, errors } from '../../domain/errors.js';
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
 * F2 with DECISIONS D1: an unknown email and a wrong password get the same 401 body after the
 * same bcrypt work; failures are limited per account and per client address.
 */
export async function login(deps: Deps, input: LoginInput): Promise<Session> {
  const keys = [`account:${input.email.trim().toLowerCase()}`, `client:${input.clientAddress}`];
  const limiter = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw errors.dependency('Database error during login', err instanceof DependencyError ? err.cause : err);
    }
  };
  const wait = Math.max(...(await limiter(() => Promise.all(keys.map((k) => deps.loginLimiter.blockedFor(k))))));
  if (wait > 0) {
    throw new AppError('TOO_MANY_REQUESTS', 429, 'Too many failed login attempts. Try again later.', {
      'Retry-After': String(wait),
    });
  }

  let user: UserRecord | undefined;
  try {
    user = await deps.users.getByEmail(input.email.trim());
  } catch (err) {
    throw errors.dependency('Database error during login', err instanceof DependencyError ? err.cause : err);
  }
  const valid = user
    ? await deps.passwords.verify(input.password, user.passwordHash)
    : (await deps.passwords.burn(input.password), false);
  if (!user || !valid) {
    await limiter(() => Promise.all(keys.map((k) => deps.loginLimiter.recordFailure(k))));
    deps.log.info('login refused');
    throw errors.invalidCredentials();
  }
  await limiter(() => deps.loginLimiter.reset(keys[0]!));
  deps.log.info('user logged in', { user_id: user.userId });
  return issueSession(deps, user);
}
