/**
 * Reading a user's rental invoices: `get_invoices` Mode A (docs/api.md#list-invoices) and `get_rental_invoice`
 * (docs/api.md#one-rental-invoice). Only the caller's items are ever read: every lookup is keyed by the caller's user id.
 */
import { errors } from '../../domain/errors.js';
import { withKeyOrder } from '../../domain/json.js';
import type { RentalItem } from '../../ports/rental-invoices.js';
import type { Deps } from '../deps.js';

export type RentalReadDeps = Pick<Deps, 'rentalInvoices'>;

export interface RentalListing {
  message: string;
  data: { invoiceCount: number; invoices: Record<string, RentalItem[]> } | null;
}

/** `DD-MM-YYYY` → `YYYYMMDD` for ordering; items without a due date sort last. */
function dueKey(item: RentalItem): string {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(String(item['Due Date'] ?? ''));
  return m ? `${m[3]}${m[2]}${m[1]}` : '';
}

/**
 * The app parses the year keys as integers; an item stored without a due date (needs_review) goes
 * under `1900`, as the original retail listing does for undated rows, instead of breaking the list.
 */
function yearOf(item: RentalItem): string {
  return /^\d{4}$/.test(item.due_date_year) ? item.due_date_year : '1900';
}

/** The keys the app's `RentalInvoice` model requires as `Int` and as `String` (docs/api.md#what-the-ios-app-decodes). */
const APP_INT_KEYS = ['Total Amount', 'Hyra', 'El', 'Kallvatten', 'Varmvatten', 'Moms'] as const;
const APP_STRING_KEYS = ['OCR', 'Filename', 'Due Date', 'due_date_month', 'due_date_year'] as const;

function appInt(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v) : 0;
  if (typeof v === 'string') {
    const n = Number(v.replace(/[\s\u00a0]/g, '').replace(',', '.'));
    return v.trim() !== '' && Number.isFinite(n) ? Math.round(n) : 0;
  }
  return 0;
}

/**
 * Every key the app requires, with its JSON type (docs/compatibility.md#d3), also for items the original
 * backend wrote: amounts stored as strings before July 2025, no `Moms` without a VAT line, no
 * `OCR` without a match (docs/data-model.md#rentalinvoices). One such item would otherwise break the app's whole list.
 * Items we store already conform and come back unchanged; other attributes are never touched.
 */
export function forApp(item: RentalItem): RentalItem {
  let out: RentalItem | undefined;
  const set = (k: string, v: unknown) => ((out ??= { ...item })[k] = v);
  for (const k of APP_INT_KEYS) {
    const v = item[k];
    if (!(typeof v === 'number' && Number.isInteger(v))) set(k, appInt(v));
  }
  for (const k of APP_STRING_KEYS) {
    const v = item[k];
    if (typeof v !== 'string') set(k, typeof v === 'number' ? String(v) : '');
  }
  return out ?? item;
}

/** Mode A: every rental notice of the user, grouped by due year. */
export async function listRentalInvoices(deps: RentalReadDeps, userId: string): Promise<RentalListing> {
  const items = (await deps.rentalInvoices.listForUser(userId)).map(forApp);
  if (items.length === 0) return { message: 'No rental invoices found for this user.', data: null };
  items.sort((a, b) => dueKey(b).localeCompare(dueKey(a)) || b.InvoiceID.localeCompare(a.InvoiceID));
  const invoices: Record<string, RentalItem[]> = {};
  for (const item of items) (invoices[yearOf(item)] ??= []).push(item);
  // Newest year first in the response, as the original's insertion-ordered dict came out.
  withKeyOrder(invoices, Object.keys(invoices).sort().reverse());
  return { message: 'Rental invoices retrieved successfully!', data: { invoiceCount: items.length, invoices } };
}

/** docs/api.md#one-rental-invoice: the caller's invoice with that id, or undefined (→ 204). */
export async function getRentalInvoice(deps: RentalReadDeps, userId: string, invoiceId: string): Promise<RentalItem | undefined> {
  const item = await deps.rentalInvoices.get(userId, invoiceId);
  return item && forApp(item);
}
