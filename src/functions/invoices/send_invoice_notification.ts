import * as z from 'zod/mini';
import { notifyNewRentalInvoice, type NewRentalInvoice } from '../../app/invoices/notify-rental.js';
import type { ChangeRecord, PayPulseFunction } from '../../runtime/function.js';
import type { Logger } from '../../runtime/log.js';

const newImage = z.object({
  UserID: z.string(),
  InvoiceID: z.string(),
  'Total Amount': z.union([z.number(), z.string()]),
  'Due Date': z.optional(z.unknown()),
});

/** The invoice an INSERT record announces; undefined for other records and for one that can never be notified. */
export function newRentalInvoice(record: ChangeRecord, log: Logger): NewRentalInvoice | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const image = newImage.safeParse(record.newImage ?? {});
  if (!image.success) {
    // A record without these can never succeed; retrying would only dead-letter it later.
    log.error('rental change record without owner, id or amount', { event_id: record.eventId });
    return undefined;
  }
  const { UserID, InvoiceID, 'Total Amount': total, 'Due Date': dueDate } = image.data;
  return { userId: UserID, invoiceId: InvoiceID, total, dueDate: dueDate ?? '' };
}

/** The RentalInvoices change feed, INSERT records only (docs/flows.md#f13). */
const fn: PayPulseFunction = {
  changeFeed: async (record, deps) => {
    const invoice = newRentalInvoice(record, deps.log);
    if (invoice) await notifyNewRentalInvoice(deps, invoice);
  },
};
export default fn;
