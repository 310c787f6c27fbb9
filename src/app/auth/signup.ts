import { randomUUID } from 'node:crypto';
import { AppError, DependencyError, EmailTakenError, errors } from '../../domain/errors.js';
import { utcDate, utcTimeOfDay } from '../../domain/time.js';
import type { Deps } from '../deps.js';
import { issueSession, type Session } from './session.js';

export interface SignupInput {
  email: string;
  name: string;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Control characters (C0, DEL, C1) and the bidirectional controls (marks, embeddings, overrides,
 * isolates): invisible in a list of accounts, and an override makes a name or address read as
 * something else.
 */
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export function checkPassword(password: string, limits: { minLength: number; maxLength: number }): void {
  const length = [...password].length;
  if (length < limits.minLength || length > limits.maxLength) {
    throw errors.invalidCredentials(
      `Password must be between ${limits.minLength} and ${limits.maxLength} characters`,
      400,
    );
  }
}

/** F1: one account per email, even under concurrent signups (DECISIONS D2). */
export async function signup(deps: Pick<Deps, 'clock' | 'config' | 'jwt' | 'log' | 'passwords' | 'users'>, input: SignupInput): Promise<Session> {
  const email = input.email.trim();
  // One spelling per name: a decomposed "å" and a precomposed one are stored alike.
  const name = input.name.trim().normalize('NFC');
  if (email.length > 254 || !EMAIL.test(email) || CONTROL.test(email)) throw errors.invalidCredentials('Invalid email address', 400);
  if (name === '' || name.length > 200 || CONTROL.test(name)) throw errors.invalidCredentials('Invalid name', 400);
  checkPassword(input.password, deps.config.password);

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
    throw errors.dependency('Database error during signup', err instanceof DependencyError ? err.cause : err);
  }
  deps.log.info('user signed up', { user_id: user.userId });
  return issueSession(deps, user);
}
