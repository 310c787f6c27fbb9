/**
 * Where rental things live in the invoice store (docs/data-model.md#invoice-bucket) and how their names are derived.
 * Shared by ingestion (which writes) and parsing (which reads), so both agree on one layout.
 */
import { createHash } from 'node:crypto';

export const INVOICES_PREFIX = 'invoices/';

export function rentalPrefix(userId: string): string {
  return `${INVOICES_PREFIX}${userId}/rental/`;
}

/**
 * The stored file name of an attachment: the original rule (spaces → `_`) plus what a key needs to
 * stay one safe path segment: no directories (a `/` or `\` in a name keeps only the last part),
 * no control characters, no leading dots, bounded length. The extension is normalised to `.pdf`
 * so the object-created filter (suffix `.pdf`, case-sensitive on S3) always sees it.
 */
export function rentalFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s/g, '_')
    .replace(/^\.+/, '')
    .replace(/\.pdf$/i, '');
  if (name === '' || name === '.' || name === '..') name = 'attachment';
  // Stay far below S3's 1024-byte key limit whatever the user id length.
  while (Buffer.byteLength(name, 'utf8') > 200) name = name.slice(0, -1);
  return `${name}.pdf`;
}

export function rentalObjectKey(userId: string, attachmentName: string): string {
  return `${rentalPrefix(userId)}${rentalFileName(attachmentName)}`;
}

/**
 * The ingest ledger: one small JSON object per processed mailbox message, beside the user's
 * invoices so it is erased with them. Its name is a hash of the message id (ids of folder
 * mailboxes may contain anything) and its suffix matches no object-created trigger.
 */
export function ledgerKey(userId: string, messageId: string): string {
  return `${INVOICES_PREFIX}${userId}/ingest-ledger/rental/${sha256Hex(messageId).slice(0, 40)}.json`;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * docs/compatibility.md#d4: the user id is the segment right after `invoices/`; keys from S3 events are
 * URL-decoded before they get here. Undefined when the key is not a user's rental PDF.
 */
export function userIdFromRentalKey(key: string): string | undefined {
  if (!key.startsWith(INVOICES_PREFIX)) return undefined;
  const [userId, kind, ...rest] = key.slice(INVOICES_PREFIX.length).split('/');
  if (!userId || kind !== 'rental' || rest.length === 0 || rest.some((s) => s === '')) return undefined;
  return userId;
}
