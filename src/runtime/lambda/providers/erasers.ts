import {
  gmailTokensEraser,
  invoiceObjectsEraser,
  notificationsEraser,
  rentalInvoicesEraser,
} from '../../../app/users/erasers.js';
import { retailInvoicesEraser } from '../../../app/invoices/retail-erasers.js';
import { deleteNotificationMarkers } from '../../../adapters/aws/notification-markers.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

/**
 * The user-data erasers, in the local runtime's order. The notification markers are the user's
 * data too; they live in the helper table (there is no notifier where accounts are deleted).
 */
export default provider('erasers', (ctx) => {
  const table = ctx.config.tables.helpers;
  return [
    rentalInvoicesEraser(ctx.port('rentalInvoices')),
    retailInvoicesEraser(ctx.port('retailInvoices')),
    invoiceObjectsEraser(ctx.port('objects')),
    notificationsEraser({ deleteForUser: (userId) => deleteNotificationMarkers(docClient(), table, userId) }),
    gmailTokensEraser(ctx.port('tokens'), ctx.port('google'), ctx.log),
  ];
});
