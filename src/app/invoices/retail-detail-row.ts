/**
 * Detail rows as the iOS detail models decode them (docs/api.md#what-the-ios-app-decodes), applied on read as D3 does for
 * rental items. Rows the original backend wrote hold Gemini's answer as it came: `null` for
 * numbers and required strings, fractional quantities where the app wants an integer, numbers
 * as strings. Every key a model requires is present with its JSON type; optional keys are a
 * string or null; any other stored key is passed through unchanged.
 */
import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import type { RetailDetailRow } from '../../ports/retail-invoices.js';

type Row = Record<string, unknown>;

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** A finite number, also from a decimal string ("12.50"); otherwise `fallback`. */
function double(v: unknown, fallback = 0): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return Number(v.trim());
  return fallback;
}

function doubleOrNull(v: unknown): number | null {
  const n = double(v, Number.NaN);
  return Number.isNaN(n) ? null : n;
}

/** A whole quantity of at least 1 (clothing and technology models decode `Int`). */
const int = (v: unknown): number => Math.max(1, Math.round(double(v, 1)));

const text = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : fallback;

const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

const list = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((x): x is Row => typeof x === 'object' && x !== null && !Array.isArray(x)) : []);

function categoryFields(subType: RetailSubtype, row: Row, vendor: string): Row | undefined {
  switch (subType) {
    case 'food-delivery':
      return {
        delivery_fee: double(row.delivery_fee),
        discount: double(row.discount),
        items: list(row.items).map((i) => ({ ...i, name: text(i.name), description: textOrNull(i.description), price: double(i.price), quantity: double(i.quantity, 1) })),
      };
    case 'miscellaneous':
      return {
        delivery_fee: doubleOrNull(row.delivery_fee),
        notes: textOrNull(row.notes),
        tax: double(row.tax),
        category: textOrNull(row.category),
        description: textOrNull(row.description),
        items: list(row.items).map((i) => ({ ...i, name: text(i.name), price: double(i.price), quantity: double(i.quantity, 1) })),
      };
    case 'clothing':
      return {
        tax: double(row.tax),
        delivery_fee: double(row.delivery_fee),
        payment_method: textOrNull(row.payment_method),
        items: list(row.items).map((i) => ({ ...i, name: text(i.name), quantity: int(i.quantity), brand: text(i.brand, vendor), price: double(i.price) })),
      };
    case 'technology':
      return {
        delivery_fee: double(row.delivery_fee),
        payment_method: textOrNull(row.payment_method),
        notes: textOrNull(row.notes),
        tax: double(row.tax),
        description: textOrNull(row.description),
        items: list(row.items).map((i) => ({ ...i, name: text(i.name), price: double(i.price), quantity: int(i.quantity) })),
      };
    case 'subscriptions':
      return {
        payment_method: textOrNull(row.payment_method),
        duration: textOrNull(row.duration),
        invoice_number: textOrNull(row.invoice_number),
        receipt_number: textOrNull(row.receipt_number),
      };
    case 'travel':
      return {
        transport_type: text(row.transport_type) || 'unknown',
        transport_company: textOrNull(row.transport_company),
        booking_reference: text(row.booking_reference),
        travel_details: list(row.travel_details).map((d) => ({
          ...d,
          departure_location: text(d.departure_location),
          arrival_location: text(d.arrival_location),
          departure_date: textOrNull(d.departure_date),
          arrival_date: textOrNull(d.arrival_date),
        })),
        passengers: list(row.passengers).map((p) => ({ ...p, name: text(p.name) })),
      };
    default:
      // grocery, utility: the app has no model for them yet; rows are sent as stored.
      return undefined;
  }
}

/** The detail row with every field its iOS model requires, typed; `vendor` fills a missing clothing brand. */
export function detailForApp(subType: RetailSubtype, row: RetailDetailRow, vendor: string): RetailDetailRow {
  const fields = categoryFields(subType, row, vendor);
  return fields ? { ...row, ...fields, InvoiceID: row.InvoiceID } : row;
}
