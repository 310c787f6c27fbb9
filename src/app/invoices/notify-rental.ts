/**
 * `send_invoice_notification` (docs/flows.md#f13 with docs/compatibility.md#q8, docs/compatibility.md#d5, docs/compatibility.md#d10): one message per new
 * rental invoice, to its owner only. The dedupe key is the invoice, so a re-delivered change
 * record never notifies twice; a notifier failure throws so the record is retried.
 */
import type { ChangeRecord } from '../../ports/triggers.js';
import type { Deps } from '../deps.js';

export const RENTAL_NOTIFICATION_SUBJECT = 'New invoice available!';

export function rentalNotificationMessage(total: unknown, dueDate: unknown): string {
  return `New rental invoice of ${String(total)} SEK with due date of ${String(dueDate)} is now available!`;
}

export type NotifyOutcome = 'sent' | 'duplicate' | 'ignored';

export async function notifyNewRentalInvoice(deps: Pick<Deps, 'log' | 'notifier'>, record: ChangeRecord): Promise<NotifyOutcome> {
  if (record.eventName !== 'INSERT') return 'ignored';
  const image = record.newImage ?? {};
  const userId = image.UserID;
  const invoiceId = image.InvoiceID;
  const total = image['Total Amount'];
  if (typeof userId !== 'string' || typeof invoiceId !== 'string' || !['number', 'string'].includes(typeof total)) {
    // A record without these can never succeed; retrying would only dead-letter it later.
    deps.log.error('rental change record without owner, id or amount', { event_id: record.eventId });
    return 'ignored';
  }
  const sent = await deps.notifier.notify({
    userId,
    subject: RENTAL_NOTIFICATION_SUBJECT,
    message: rentalNotificationMessage(total, image['Due Date'] ?? ''),
    dedupeKey: `rental-invoice:${invoiceId}`,
  });
  deps.log.info('rental notification', { user_id: userId, invoice_id: invoiceId, sent });
  return sent ? 'sent' : 'duplicate';
}
