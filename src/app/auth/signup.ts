import { randomUUID } from 'node:crypto';
import { AppError, EmailTakenError, errors } from '../../domain/errors.js';
import { utcDate, utcTimeOfDay } from '../../domain/time.js';
import type { Deps } from '../deps.js';
import { issueSession, type Session } from './session.js';

/** Decoded and checked at the edge: email and name trimmed, the name in NFC. */
export interface SignupInput {
  email: string;
  name: string;
  password: string;
}

/** docs/flows.md#f1: one account per email, even under concurrent signups (docs/compatibility.md#d2). */
export async function signup(deps: Pick<Deps, 'clock' | 'config' | 'jwt' | 'log' | 'passwords' | 'users'>, input: SignupInput): Promise<Session> {
  const { email, name } = input;
  const now = deps.clock.now();
  const user = {
    userId: `user_${randomUUID()}`,
    email,
    name,
    passwordHash: await deps.passwords.hash(input.password),
    createdOn: utcDate(now),
    createdAt: utcTimeOfDay(now),
  };
  try {
    await deps.users.create(user);
  } catch (err) {
    if (err instanceof EmailTakenError) {
      throw new AppError('USER_ALREADY_EXISTS', 403, `User with email '${email}' already exists.`);
    }
    throw err;
  }
  deps.log.info('user signed up', { user_id: user.userId });
  return issueSession(deps, user);
}
