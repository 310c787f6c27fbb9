import { errors } from '../../domain/errors.js';
import type { Objects } from '../../ports/objects.js';
import type { RetailInvoices } from '../../ports/retail-invoices.js';
import type { Logger } from '../../ports/log.js';
import { MAX_ID_LENGTH } from './list-retail.js';

export interface DeletedRetailInvoice {
  invoice_id: string;
  vendor_name: string | null;
  sub_type: string;
  invoice_date: string;
  total_amount: number | null;
  currency: string;
}

const notFound = () => errors.invalidRequest("Invoice not found or you don't have permission to delete it", 404);

/**
 * docs/flows.md#f14, docs/api.md#delete-a-receipt. The stored HTML goes first: if it cannot be removed nothing else has
 * changed, and a retry starts over; once the rows are gone the invoice is gone. Only an object
 * under the caller's own `invoices/<user_id>/` prefix is ever deleted, whatever `s3_path` says.
 */
export async function deleteRetailInvoice(
  deps: { retailInvoices: RetailInvoices; objects: Objects; log: Logger },
  userId: string,
  invoiceId: string,
): Promise<DeletedRetailInvoice> {
  if (invoiceId.length > MAX_ID_LENGTH) throw notFound();

  const row = await deps.retailInvoices.getBase(userId, invoiceId);
  if (!row) throw notFound();

  const key = typeof row.s3_path === 'string' ? row.s3_path : '';
  if (key.startsWith(`invoices/${userId}/`)) {
    await deps.objects.delete(key);
  } else if (key) {
    deps.log.warn('retail invoice s3_path outside the owner prefix; object left in place', { user_id: userId, invoice_id: invoiceId });
  }

  const removed = await deps.retailInvoices.delete(userId, invoiceId);
  // Deleted concurrently by another request: the outcome the caller wanted, with the row read above.
  const r = removed ?? row;
  deps.log.info('retail invoice deleted', { user_id: userId, invoice_id: invoiceId, sub_type: r.sub_type });
  return {
    invoice_id: r.InvoiceID,
    vendor_name: r.vendor_name ?? null,
    sub_type: r.sub_type,
    invoice_date: r.invoice_date ?? '',
    total_amount: r.total_amount ?? null,
    currency: typeof r.currency === 'string' && r.currency !== '' ? r.currency : 'SEK',
  };
}
