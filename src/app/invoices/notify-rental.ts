/**
 * `send_invoice_notification` (docs/flows.md#f13 with docs/compatibility.md#q8, docs/compatibility.md#d5, docs/compatibility.md#d10): one message per new
 * rental invoice, to its owner only. The dedupe key is the invoice, so a re-delivered change
 * record never notifies twice; a notifier failure throws so the record is retried.
 */
import type { Deps } from '../deps.js';

export const RENTAL_NOTIFICATION_SUBJECT = 'New invoice available!';

export function rentalNotificationMessage(total: unknown, dueDate: unknown): string {
  return `New rental invoice of ${String(total)} SEK with due date of ${String(dueDate)} is now available!`;
}

/** A newly stored rental invoice, as its change record announces it. */
export interface NewRentalInvoice {
  userId: string;
  invoiceId: string;
  /** A number, or a string in items the original backend wrote (docs/compatibility.md#q8). */
  total: number | string;
  dueDate: unknown;
}

export type NotifyOutcome = 'sent' | 'duplicate';

export async function notifyNewRentalInvoice(deps: Pick<Deps, 'log' | 'notifier'>, invoice: NewRentalInvoice): Promise<NotifyOutcome> {
  const { userId, invoiceId } = invoice;
  const sent = await deps.notifier.notify({
    userId,
    subject: RENTAL_NOTIFICATION_SUBJECT,
    message: rentalNotificationMessage(invoice.total, invoice.dueDate),
    dedupeKey: `rental-invoice:${invoiceId}`,
  });
  deps.log.info('rental notification', { user_id: userId, invoice_id: invoiceId, sent });
  return sent ? 'sent' : 'duplicate';
}
