import type { RetailInvoices } from '../../ports/retail-invoices.js';
import type { UserDataEraser } from '../../ports/user-data.js';

/** delete_user step (docs/api.md#delete-account message on failure): every retail base row of the user and its rows in all eight detail tables. */
export function retailInvoicesEraser(store: RetailInvoices): UserDataEraser {
  return {
    name: 'retail-invoices',
    failureMessage: 'Database error during user deletion',
    async eraseUser(userId) {
      await store.deleteForUser(userId);
    },
  };
}
