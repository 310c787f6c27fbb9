import { AppError, errors } from '../domain/errors.js';
import { JwtRejected } from '../ports/session-tokens.js';
import type { Deps } from '../app/deps.js';
import type { UserRecord } from '../ports/users.js';
import type { HttpRequest } from './types.js';

export interface AuthMessages {
  malformed: string;
  expired: string;
}

/** docs/api.md#authentication; store-tokens has its own wording. */
export const DEFAULT_AUTH_MESSAGES: AuthMessages = { malformed: 'Malformed Token', expired: 'Expired token' };
export const STORE_TOKENS_AUTH_MESSAGES: AuthMessages = { malformed: 'Malformed JWT Token', expired: 'Expired JWT token' };

/**
 * Checks the bearer token and returns the caller's account. The header value is split on its
 * first space, as the original did; a token of an account that no longer exists is refused
 * (docs/compatibility.md#d11).
 */
export async function authenticate(
  req: HttpRequest,
  deps: Pick<Deps, 'jwt' | 'users'>,
  messages: AuthMessages = DEFAULT_AUTH_MESSAGES,
): Promise<UserRecord> {
  const header = (req.headers.authorization ?? '').trim();
  if (header === '') throw errors.invalidCredentials();
  const space = header.indexOf(' ');
  const token = space < 0 ? '' : header.slice(space + 1).trim();
  if (token === '') throw new AppError('INVALID_TOKEN', 401, messages.malformed);
  let userId: string;
  try {
    ({ userId } = await deps.jwt.verify(token));
  } catch (err) {
    if (err instanceof JwtRejected && err.reason === 'expired') throw new AppError('TOKEN_EXPIRED', 401, messages.expired);
    throw new AppError('INVALID_TOKEN', 401, messages.malformed);
  }
  const user = await deps.users.getById(userId);
  if (!user) throw new AppError('INVALID_TOKEN', 401, messages.malformed);
  return user;
}
