import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import type { DetailRecord, ExtraFields, LineItem, RetailBaseFields } from './types.js';

/**
 * Category detail rows (docs/data-model.md#retail-categories) with the JSON types the iOS models decode (docs/api.md#what-the-ios-app-decodes):
 * numbers default to 0, optional strings to null, lists to [], clothing/technology quantities
 * are integers, food-delivery quantities may be fractional.
 */

/** Detail fields per category, for the LLM schema and for "what is still missing". */
export const DETAIL_FIELDS: Record<RetailSubtype, readonly string[]> = {
  'food-delivery': ['delivery_fee', 'items', 'discount'],
  clothing: ['tax', 'delivery_fee', 'payment_method', 'items'],
  technology: ['description', 'tax', 'delivery_fee', 'payment_method', 'items', 'notes'],
  subscriptions: ['receipt_number', 'invoice_number', 'payment_method', 'duration'],
  grocery: ['store_name', 'store_location', 'items'],
  utility: ['utility_type', 'provider', 'usage_details'],
  miscellaneous: ['category', 'description', 'tax', 'delivery_fee', 'items', 'notes'],
  travel: ['transport_type', 'transport_company', 'booking_reference', 'travel_details', 'passengers'],
};

const num = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const strOrNull = (v: string | undefined | null): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const intQty = (q: number): number => Math.max(1, Math.round(q));

function items(list: LineItem[] | undefined, shape: (i: LineItem) => DetailRecord): DetailRecord[] {
  return (list ?? []).map(shape);
}

export function buildDetail(subType: RetailSubtype, base: RetailBaseFields, x: ExtraFields): DetailRecord {
  const detail = categoryDetail(subType, base, x);
  // The paid merchant behind a platform (PayPal, Bolt Food…): an extra key, as the original stored extra keys too.
  return { ...detail, ...(x.merchant ? { merchant: x.merchant } : {}), ...(x.platform ? { platform: x.platform } : {}) };
}

function categoryDetail(subType: RetailSubtype, base: RetailBaseFields, x: ExtraFields): DetailRecord {
  const vendor = base.vendor_name ?? '';
  switch (subType) {
    case 'food-delivery':
      return {
        delivery_fee: num(x.delivery_fee),
        items: items(x.items, (i) => ({ name: i.name, description: strOrNull(i.description), price: i.price, quantity: i.quantity })),
        discount: num(x.discount),
      };
    case 'clothing':
      return {
        tax: num(x.tax),
        delivery_fee: num(x.delivery_fee),
        payment_method: strOrNull(x.payment_method),
        items: items(x.items, (i) => ({ name: i.name, brand: i.brand?.trim() || vendor, price: i.price, quantity: intQty(i.quantity) })),
      };
    case 'technology':
      return {
        description: strOrNull(x.description),
        tax: num(x.tax),
        delivery_fee: num(x.delivery_fee),
        payment_method: strOrNull(x.payment_method),
        items: items(x.items, (i) => ({ name: i.name, price: i.price, quantity: intQty(i.quantity) })),
        notes: strOrNull(x.notes),
      };
    case 'subscriptions':
      return {
        receipt_number: strOrNull(x.receipt_number),
        invoice_number: strOrNull(x.invoice_number),
        payment_method: strOrNull(x.payment_method),
        duration: strOrNull(x.duration),
      };
    case 'grocery':
      return {
        store_name: strOrNull(x.store_name) ?? strOrNull(vendor),
        store_location: strOrNull(x.store_location),
        items: items(x.items, (i) => ({
          name: i.name,
          price: i.price,
          quantity: i.quantity,
          unit: i.unit?.trim() || 'pcs',
          category: i.category?.trim() || 'miscellaneous',
        })),
      };
    case 'utility':
      return {
        utility_type: strOrNull(x.utility_type),
        provider: strOrNull(x.provider) ?? strOrNull(vendor),
        usage_details: x.usage_details?.trim() ?? '',
      };
    case 'miscellaneous':
      return {
        category: strOrNull(x.category),
        description: strOrNull(x.description),
        tax: num(x.tax),
        delivery_fee: num(x.delivery_fee),
        items: items(x.items, (i) => ({ name: i.name, price: i.price, quantity: i.quantity })),
        notes: strOrNull(x.notes),
      };
    case 'travel':
      return {
        // iOS decodes these two as non-optional Strings.
        transport_type: x.transport_type?.trim() || 'unknown',
        transport_company: strOrNull(x.transport_company) ?? strOrNull(vendor),
        booking_reference: x.booking_reference?.trim() || base.order_id || '',
        travel_details: (x.travel_details ?? []).map((d) => ({
          departure_location: d.departure_location ?? '',
          arrival_location: d.arrival_location ?? '',
          departure_date: d.departure_date ?? null,
          arrival_date: d.arrival_date ?? null,
        })),
        passengers: (x.passengers ?? []).map((p) => ({ name: p.name })),
      };
  }
}
