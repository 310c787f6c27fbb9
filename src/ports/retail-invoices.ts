import type { RetailSubtype } from '../domain/retail-subtypes.js';

/**
 * Parsed receipts: one base row per (user, invoice) in `RetailInvoices` with the ORIGINAL
 * attribute names (docs/data-model.md#retailinvoices) and one detail row per invoice in the table of its sub-type
 * (docs/data-model.md#retail-categories). Rows are plain JSON-compatible values; numbers stay numbers.
 *
 * Atomicity: `put` and `delete` never leave an invoice visible in a half state. Every read path
 * starts from the base row (lists, counts, and detail lookups check the base row's owner first),
 * so a detail row without its base row is invisible. Adapters that have no transactions write
 * the detail row first and the base row last, and undo the detail write when the base write
 * fails (see the DynamoDB adapter).
 */
export type RetailBaseRow = Record<string, unknown> & {
  UserID: string;
  InvoiceID: string;
  sub_type: RetailSubtype;
  /** `<UserID>_<sub_type>`: hash key of GSI `sub_type-invoice_date-index`. */
  UserID_SubType: string;
  /** Range key of both GSIs; absent (never empty) when no date is known. */
  invoice_date?: string;
  vendor_name: string | null;
  total_amount: number | null;
  currency: string | null;
  order_id: string | null;
  s3_path: string;
  created_at: string;
  payment_status: string;
};

/** The category fields plus `InvoiceID`; any extra keys are kept. */
export type RetailDetailRow = Record<string, unknown> & { InvoiceID: string };

export type RetailCounts = Record<RetailSubtype, number>;

export interface RetailInvoices {
  /** Writes (or overwrites) the invoice: the detail row in its sub-type's table and the base row. */
  put(base: RetailBaseRow, detail: RetailDetailRow): Promise<void>;
  /** The base row, only if it belongs to `userId`. */
  getBase(userId: string, invoiceId: string): Promise<RetailBaseRow | undefined>;
  /** The detail row by id in the sub-type's table. Callers check ownership with `getBase` first. */
  getDetail(subType: RetailSubtype, invoiceId: string): Promise<RetailDetailRow | undefined>;
  /** Every base row of the user, every page. */
  listForUser(userId: string): Promise<RetailBaseRow[]>;
  /** Base rows of one sub-type (GSI `sub_type-invoice_date-index`), newest `invoice_date` first, every page. */
  listBySubType(userId: string, subType: RetailSubtype): Promise<RetailBaseRow[]>;
  /** Invoices per sub-type, all eight keys present (zero-filled); unknown stored sub-types are ignored. */
  counts(userId: string): Promise<RetailCounts>;
  countBySubType(userId: string, subType: RetailSubtype): Promise<number>;
  /** Deletes the detail and base rows of the user's invoice; returns the removed base row, if any. */
  delete(userId: string, invoiceId: string): Promise<RetailBaseRow | undefined>;
  /** Deletes every invoice of the user: every page of base rows, their rows in every detail table. */
  deleteForUser(userId: string): Promise<number>;
}

export const zeroCounts = (subtypes: readonly RetailSubtype[]): RetailCounts =>
  Object.fromEntries(subtypes.map((s) => [s, 0])) as RetailCounts;
