import {
  gmailTokensEraser,
  invoiceObjectsEraser,
  notificationsEraser,
  rentalInvoicesEraser,
} from '../../../app/users/erasers.js';
import { retailInvoicesEraser } from '../../../app/invoices/retail-erasers.js';
import { deleteNotificationMarkers } from '../../../adapters/aws/notification-markers.js';
import type { NotificationLog } from '../../../ports/notifier.js';
import type { UserDataEraser } from '../../../ports/user-data.js';
import { docClient } from '../aws.js';
import { usesTable } from '../ports.js';
import { provider } from '../provider.js';

/**
 * The user-data erasers of this function: one per store whose port it has (delete_user's
 * manifest resources decide which), in the local runtime's order. A new store adds its eraser
 * here, guarded by `ctx.has(<its port>)`.
 */
export default provider('erasers', (ctx) => {
  const out: UserDataEraser[] = [];
  if (ctx.has('rentalInvoices')) out.push(rentalInvoicesEraser(ctx.deps.rentalInvoices));
  if (ctx.has('retailInvoices')) out.push(retailInvoicesEraser(ctx.deps.retailInvoices));
  if (ctx.has('objects')) out.push(invoiceObjectsEraser(ctx.deps.objects));
  // The SNS notifier also keeps the de-duplication markers (a NotificationLog).
  const notifier = ctx.has('notifier') ? ctx.deps.notifier : undefined;
  if (notifier && 'deleteForUser' in notifier) out.push(notificationsEraser(notifier as typeof notifier & NotificationLog));
  // Without the notifier (delete_user has no topic), the markers are still the user's data.
  else if (usesTable(ctx.spec, 'helpers', true)) {
    const table = ctx.config.tables.helpers;
    out.push(notificationsEraser({ deleteForUser: (userId) => deleteNotificationMarkers(docClient(), table, userId) }));
  }
  if (ctx.has('tokens') && ctx.has('google')) out.push(gmailTokensEraser(ctx.deps.tokens, ctx.deps.google, ctx.deps.log));
  return out;
});
