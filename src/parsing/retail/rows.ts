import { createHash } from 'node:crypto';
import { RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import { isoDate } from './dates.js';
import { vendorDisplayName } from './generic.js';
import type { DetailRecord, Provenance, RetailExtraction } from './types.js';

/** The S3 key of a stored retail email is malformed (docs/flows.md#f9 step 2). */
export class InvalidRetailKeyError extends Error {
  constructor(readonly key: string, reason: string) {
    super(`Invalid S3 path format: ${reason}`);
    this.name = 'InvalidRetailKeyError';
  }
}

export interface RetailKey {
  /** The URL-decoded key. */
  key: string;
  userId: string;
  subType: RetailSubtype;
  fileName: string;
  /** The file name before `_<date>_<h8>` (ids may contain `_`); else the text before the first `_`. */
  vendorId: string;
  /** The `YYYY-MM-DD` token of the file name, when it is a real date. */
  fileDate?: string;
}

/** S3 event keys arrive URL-encoded with `+` for spaces. */
function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new InvalidRetailKeyError(raw, 'bad URL encoding');
  }
}

/** `invoices/<user_id>/retail/<sub_type>/<vendor>_<YYYY-MM-DD>_<h8>.html`, URL-encoded as in S3 events. */
export function parseRetailKey(rawKey: string): RetailKey {
  return parseDecodedKey(decodeKey(rawKey));
}

/**
 * The same for a key as stored (what object-created events carry once the runtime has decoded
 * them): decoding again would turn a `+` of a vendor id into a space and miss the object.
 */
export function parseStoredRetailKey(key: string): RetailKey {
  return parseDecodedKey(key);
}

function parseDecodedKey(key: string): RetailKey {
  const parts = key.split('/');
  if (parts.length !== 5 || parts[0] !== 'invoices' || parts[2] !== 'retail') throw new InvalidRetailKeyError(key, 'expected invoices/<user>/retail/<sub_type>/<file>');
  const [, userId, , subType, fileName] = parts as [string, string, string, string, string];
  if (!userId) throw new InvalidRetailKeyError(key, 'empty user id');
  if (!(RETAIL_SUBTYPES as readonly string[]).includes(subType)) throw new InvalidRetailKeyError(key, `unknown sub_type ${subType}`);
  if (!fileName || !fileName.includes('_')) throw new InvalidRetailKeyError(key, 'file name must be <vendor>_<date>_<hash>.html');
  const tokens = fileName.replace(/\.[^.]*$/, '').split('_');
  // The date is the second-to-last `_` token (vendor ids may themselves contain `_`).
  const dm = tokens.length >= 3 ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(tokens[tokens.length - 2]!) : null;
  // With the fetcher's `<vendor>_<date>_<h8>` shape the vendor is everything before the date, so
  // `british_airways_2026-01-24_7c01d94e.html` is `british_airways`; other names keep the
  // original rule (text before the first `_`).
  const vendorId = dm && /^[0-9a-f]{8}$/.test(tokens[tokens.length - 1]!) ? tokens.slice(0, -2).join('_') : fileName.slice(0, fileName.indexOf('_'));
  if (!vendorId) throw new InvalidRetailKeyError(key, 'empty vendor id');
  const fileDate = dm ? isoDate(Number(dm[1]), Number(dm[2]), Number(dm[3])) : undefined;
  return { key, userId, subType: subType as RetailSubtype, fileName, vendorId, ...(fileDate ? { fileDate } : {}) };
}

/** `retail_invoice_` + a UUID-shaped hex of SHA-256(key): re-delivery of one object overwrites one invoice (D6). */
export function retailInvoiceId(key: string): string {
  const h = createHash('sha256').update(key, 'utf8').digest('hex');
  return `retail_invoice_${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface RetailBaseRow {
  UserID: string;
  InvoiceID: string;
  vendor_name: string;
  sub_type: RetailSubtype;
  total_amount: number;
  currency: string | null;
  /** Absent when neither the document nor the email gives a date (the row is then `needs_review`). */
  invoice_date?: string;
  created_at: string;
  s3_path: string;
  order_id: string | null;
  payment_status: 'completed';
  UserID_SubType: string;
  parse_status: 'ok' | 'needs_review';
  parse_reasons: string[];
  provenance: Record<string, Provenance>;
}

export type RetailDetailRow = { InvoiceID: string } & DetailRecord;

export interface RowContext {
  userId: string;
  subType: RetailSubtype;
  /** The object key as stored (already URL-decoded). */
  key: string;
  lastModified: Date;
  /** Defaults to now; injectable for deterministic tests. */
  createdAt?: Date;
}

/** UTC ISO 8601 with an explicit offset, like the original (`…+00:00`). */
const isoUtc = (d: Date): string => d.toISOString().replace('Z', '+00:00');

/**
 * The base row (docs/data-model.md#retailinvoices) and the detail row (docs/data-model.md#retail-categories) that would be stored. Every key the iOS
 * models decode is present with its JSON type: a missing vendor or total is stored with a
 * placeholder and `parse_status: "needs_review"` instead of a null that breaks the app's list.
 */
export function buildRetailRows(extraction: RetailExtraction, ctx: RowContext): { base: RetailBaseRow; detail: RetailDetailRow } {
  const { key } = ctx;
  let fileDate: string | undefined;
  let vendorId: string | undefined;
  try {
    const parsed = parseDecodedKey(key);
    fileDate = parsed.fileDate;
    vendorId = parsed.vendorId;
  } catch {
    // Rows can be built for ad-hoc files (CLI); the file-name fallback is then simply absent.
  }
  const reasons = [...extraction.reasons];
  const provenance = { ...extraction.provenance };
  const { base } = extraction;

  // docs/flows.md#f9: extracted date → date in the file name (the email's own date). Never the time the
  // object was written or parsed: a date nobody printed is left out and the row needs review.
  let invoiceDate = base.invoice_date ?? undefined;
  if (!invoiceDate && fileDate) {
    invoiceDate = fileDate;
    provenance.invoice_date = 'email';
  }
  if (!invoiceDate && !reasons.some((r) => r.startsWith('invoice_date'))) reasons.push('invoice_date not found');
  let vendorName = base.vendor_name;
  if (!vendorName) {
    vendorName = vendorId ? vendorDisplayName(vendorId) : 'Unknown vendor';
    provenance.vendor_name = 'default';
  }
  let total = base.total_amount;
  if (total === null) {
    total = 0;
    provenance.total_amount = 'default';
  }
  const needsReview = extraction.status === 'needs_review' || reasons.length > 0;
  const InvoiceID = retailInvoiceId(key);
  return {
    base: {
      UserID: ctx.userId,
      InvoiceID,
      vendor_name: vendorName,
      sub_type: ctx.subType,
      total_amount: total,
      currency: base.currency,
      ...(invoiceDate ? { invoice_date: invoiceDate } : {}),
      created_at: isoUtc(ctx.createdAt ?? new Date()),
      s3_path: key,
      order_id: base.order_id,
      payment_status: 'completed',
      UserID_SubType: `${ctx.userId}_${ctx.subType}`,
      parse_status: needsReview ? 'needs_review' : 'ok',
      parse_reasons: reasons,
      provenance,
    },
    detail: { InvoiceID, ...extraction.detail },
  };
}
