import { isRetailSubtype, RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import { errors } from '../../domain/errors.js';
import { withKeyOrder } from '../../domain/json.js';
import type { RetailBaseRow, RetailInvoices } from '../../ports/retail-invoices.js';
import { detailForApp } from './retail-detail-row.js';

/** What GET /v1/invoices/retail answers: the envelope's message and data (docs/api.md#list-invoices Modes B–E). */
export interface RetailListing {
  message: string;
  data: unknown;
}

/** The summary the app decodes as `RetailInvoiceBase` (docs/api.md#what-the-ios-app-decodes). */
export interface RetailSummary {
  InvoiceID: string;
  invoice_date: string;
  total_amount: number;
  currency: string | null;
  vendor_name: string;
}

/** Longer ids are never issued (ours are 51 characters). */
export const MAX_ID_LENGTH = 256;

/** The decoded query of GET /v1/invoices/retail (its combinations already checked). */
export interface RetailQuery {
  counts: boolean;
  subtype?: RetailSubtype;
  invoiceId?: string;
}

/**
 * `total_amount` and `vendor_name` are required by the app; a row stored without them (possible
 * in data written by the original backend) is sent as 0 / "" rather than breaking the whole list.
 */
export function toSummary(row: RetailBaseRow): RetailSummary {
  return {
    InvoiceID: row.InvoiceID,
    invoice_date: typeof row.invoice_date === 'string' ? row.invoice_date : '',
    total_amount: typeof row.total_amount === 'number' ? row.total_amount : 0,
    currency: typeof row.currency === 'string' ? row.currency : null,
    vendor_name: typeof row.vendor_name === 'string' ? row.vendor_name : '',
  };
}

const newestFirst = (a: RetailSummary, b: RetailSummary) =>
  b.invoice_date.localeCompare(a.invoice_date) || b.InvoiceID.localeCompare(a.InvoiceID);

function groupBy(rows: RetailBaseRow[], key: (r: RetailBaseRow) => string): Record<string, RetailSummary[]> {
  const groups: Record<string, RetailSummary[]> = {};
  for (const r of rows) (groups[key(r)] ??= []).push(toSummary(r));
  for (const list of Object.values(groups)) list.sort(newestFirst);
  return groups;
}

/** Year of `invoice_date`; rows without a usable date go under 1900, as the original did. */
const yearOf = (r: RetailBaseRow) => (typeof r.invoice_date === 'string' && /^\d{4}/.test(r.invoice_date) ? r.invoice_date.slice(0, 4) : '1900');

/**
 * Modes B–E of `get_invoices` for the caller's retail invoices. Detail rows are returned only for
 * invoices the caller owns (docs/compatibility.md#d8): the base row is looked up under the caller's id first.
 */
export async function listRetailInvoices(deps: { retailInvoices: RetailInvoices }, userId: string, query: RetailQuery): Promise<RetailListing> {
  const { counts, subtype, invoiceId } = query;
  const store = deps.retailInvoices;

  // Mode E
  if (counts) {
    const data = subtype ? { [subtype]: await store.countBySubType(userId, subtype) } : await store.counts(userId);
    return { message: 'Retail invoice counts retrieved successfully!', data };
  }

  // Mode D
  if (subtype && invoiceId !== undefined) {
    // Ids we issue are short; an empty or oversized one cannot exist (and DynamoDB refuses such keys).
    if (invoiceId === '' || invoiceId.length > MAX_ID_LENGTH) throw errors.invalidRequest('Invoice not found', 404);
    const base = await store.getBase(userId, invoiceId);
    const row = base && base.sub_type === subtype ? await store.getDetail(subtype, invoiceId) : undefined;
    // Rows the original backend wrote carry Gemini's nulls: typed here for the app's models.
    const detail = row && detailForApp(subtype, row, typeof base!.vendor_name === 'string' ? base!.vendor_name : '');
    if (!detail) throw errors.invalidRequest('Invoice not found', 404);
    return { message: `Retail ${subtype} invoice details retrieved successfully!`, data: { invoiceDetails: detail } };
  }

  // Mode C
  if (subtype) {
    const rows = await store.listBySubType(userId, subtype);
    if (rows.length === 0) return { message: `No retail ${subtype} invoices found for this user.`, data: null };
    return {
      message: `Retail ${subtype} invoices retrieved successfully!`,
      data: { invoiceCount: rows.length, invoices: newestYearFirst(groupBy(rows, yearOf)) },
    };
  }

  // Mode B
  const rows = await store.listForUser(userId);
  if (rows.length === 0) return { message: 'No retail invoices found for this user.', data: null };
  return {
    message: 'Retail invoices retrieved successfully!',
    data: { invoiceCount: rows.length, invoices: orderedKeys(groupBy(rows, (r) => String(r.sub_type))) },
  };
}

/** Year groups newest first in the response (`1900`, the undated rows, last). */
function newestYearFirst(groups: Record<string, RetailSummary[]>): Record<string, RetailSummary[]> {
  return withKeyOrder(groups, Object.keys(groups).sort().reverse());
}

/** Sub-type groups in the canonical order. */
function orderedKeys(groups: Record<string, RetailSummary[]>): Record<string, RetailSummary[]> {
  const rank = (k: string) => {
    const i = RETAIL_SUBTYPES.indexOf(k as RetailSubtype);
    return i < 0 ? RETAIL_SUBTYPES.length : i;
  };
  const keys = Object.keys(groups).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Object.fromEntries(keys.map((k) => [k, groups[k]!]));
}
