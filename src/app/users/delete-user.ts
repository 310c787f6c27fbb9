import { errors } from '../../domain/errors.js';
import type { Deps } from '../deps.js';

/**
 * F12 with DECISIONS D11: every registered store erases the user's data, then the account row
 * goes last. Each step is idempotent, so a retry after a failure finishes the job (the account,
 * and so the caller's token, stays valid until everything else is gone).
 */
export async function deleteUser(deps: Pick<Deps, 'erasers' | 'log' | 'users'>, userId: string): Promise<void> {
  for (const eraser of deps.erasers) {
    try {
      await eraser.eraseUser(userId);
    } catch (err) {
      deps.log.error('user deletion step failed', { user_id: userId, step: eraser.name, error: err as Error });
      throw errors.dependency(eraser.failureMessage, err);
    }
  }
  try {
    await deps.users.delete(userId);
  } catch (err) {
    throw errors.dependency('Database error during user deletion', err);
  }
  deps.log.info('user deleted', { user_id: userId });
}
