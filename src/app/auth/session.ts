import { AppError } from '../../domain/errors.js';
import type { UserRecord } from '../../ports/users.js';
import type { Deps } from '../deps.js';

/** The `data` of signup and login (iOS `AuthResponse`). */
export interface Session {
  username: string;
  access_token: string;
  token_type: 'Bearer';
}

export async function issueSession(deps: Pick<Deps, 'jwt'>, user: UserRecord): Promise<Session> {
  let token: string;
  try {
    token = await deps.jwt.sign({ userId: user.userId, email: user.email });
  } catch (err) {
    throw new AppError('JWT_ERROR', 500, 'Error generating JWT', {}, { cause: err });
  }
  return { username: user.name, access_token: token, token_type: 'Bearer' };
}
