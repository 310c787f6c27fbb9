import { errors } from '../../domain/errors.js';
import type { Deps } from '../deps.js';

/**
 * docs/flows.md#f12 with docs/compatibility.md#d11: every registered store erases the user's data, then the account row
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
  await deps.users.delete(userId);
  deps.log.info('user deleted', { user_id: userId });
}
