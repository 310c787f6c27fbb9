import type { GoogleIdentity } from '../../ports/google-identity.js';
import type { NotificationLog } from '../../ports/notifier.js';
import type { Objects } from '../../ports/objects.js';
import type { RentalInvoices } from '../../ports/rental-invoices.js';
import type { TokenVault } from '../../ports/token-vault.js';
import type { UserDataEraser } from '../../ports/user-data.js';
import type { Logger } from '../../ports/log.js';

/** Revokes the Gmail grant at Google when reachable, then removes the stored tokens. */
export function gmailTokensEraser(tokens: TokenVault, google: GoogleIdentity, log: Logger): UserDataEraser {
  return {
    name: 'gmail-tokens',
    failureMessage: 'Error deleting Gmail credentials',
    async eraseUser(userId) {
      const stored = await tokens.get(userId).catch(() => undefined);
      const token = stored?.refresh_token ?? stored?.access_token;
      if (token) {
        await google.revoke(token).catch((err: Error) => log.warn('gmail token revoke failed', { user_id: userId, error: err }));
      }
      await tokens.delete(userId);
    },
  };
}

/** Every rental invoice of the user, every page. */
export function rentalInvoicesEraser(rentals: RentalInvoices): UserDataEraser {
  return {
    name: 'rental-invoices',
    failureMessage: 'Database error during user deletion',
    eraseUser: (userId) => rentals.deleteForUser(userId),
  };
}

/**
 * Every object under `invoices/<user_id>/` and under the original's older rental layout
 * `rental-invoices/<user_id>/` (docs/data-model.md#invoice-bucket), every version of it (docs/compatibility.md#d11).
 */
export function invoiceObjectsEraser(objects: Objects): UserDataEraser {
  return {
    name: 'invoice-objects',
    failureMessage: 'Error deleting S3 folder',
    async eraseUser(userId) {
      // An empty id would turn the prefix into `invoices//`; refuse rather than guess.
      if (!userId || userId.includes('/')) throw new Error('invalid user id');
      await objects.deletePrefix(`invoices/${userId}/`);
      await objects.deletePrefix(`rental-invoices/${userId}/`);
    },
  };
}

/** The user's notification records: the local outbox, or the de-duplication markers on AWS. */
export function notificationsEraser(log: NotificationLog): UserDataEraser {
  return {
    name: 'notifications',
    failureMessage: 'Database error during user deletion',
    eraseUser: (userId) => log.deleteForUser(userId),
  };
}
