/**
 * One retail message → its receipt stored as HTML under a key that is deterministic per (vendor,
 * message), create-only (docs/flows.md#de-duplication): of concurrent or repeated runs exactly one stores it.
 */
import { createHash } from 'node:crypto';
import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import type { Mailbox } from '../../ports/mailbox.js';
import type { Objects } from '../../ports/objects.js';
import type { VendorConfig } from '../../ports/vendors.js';
import { parseEmail } from '../../parsing/mail/email.js';

/**
 * `invoices/<user_id>/retail/<sub_type>/<vendor_id>_<YYYY-MM-DD>_<md5(message id)[:8]>.html`.
 * The vendor id is written unchanged, also when it contains `_` (`british_airways`): the date and
 * the hash have fixed shapes, so a reader takes them from the END of the name and the vendor is
 * everything before them. (The original split at the first `_`, which broke such vendors.)
 */
export function retailObjectKey(userId: string, subType: RetailSubtype, vendorId: string, day: string, messageId: string): string {
  const h8 = createHash('md5').update(messageId).digest('hex').slice(0, 8);
  return `invoices/${userId}/retail/${subType}/${vendorId}_${day}_${h8}.html`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * HTML part, else the plain-text part (or a single non-multipart body), which is kept readable
 * as HTML by escaping it into a `<pre>` block: the stored object is always HTML.
 */
function receiptHtml(mail: { html?: string; text?: string }): string | undefined {
  if (mail.html && mail.html.trim() !== '') return mail.html;
  if (mail.text && mail.text.trim() !== '') {
    return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre>${escapeHtml(mail.text)}</pre></body></html>`;
  }
  return undefined;
}

/** One message → its HTML stored under its deterministic key. True when a new object was written. */
export async function storeRetailMessage(deps: { mailbox: Mailbox; objects: Objects }, userId: string, vendor: VendorConfig, messageId: string): Promise<boolean> {
  const raw = await deps.mailbox.getRaw(userId, messageId);
  const mail = await parseEmail(raw);
  if (!mail.date) return false;
  const key = retailObjectKey(userId, vendor.invoice_sub_type, vendor.vendor_id, mail.date.localDate, messageId);
  const html = receiptHtml(mail);
  if (!html) return false;
  // Create-only: of concurrent runs one stores (and counts) it; a stored key already has its
  // object-created event (queued, done or dead-lettered for replay), so it is not raised again.
  return deps.objects.create(key, new TextEncoder().encode(html), 'text/html; charset=utf-8');
}
