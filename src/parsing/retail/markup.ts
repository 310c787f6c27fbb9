import type { CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import type { ReceiptDocument } from './document.js';
import { normaliseDate } from './dates.js';
import { declaredCurrency, parseNumber, round2 } from './money.js';
import type { LineItem, StageResult } from './types.js';

/**
 * Stage 1: schema.org markup (what Gmail's own "order" cards read). JSON-LD and microdata are
 * both turned into plain JSON objects first, so one interpreter serves both.
 */

type Json = Record<string, unknown>;

const ORDER_TYPES = /^(Order|Invoice)$/i;
const RESERVATION_TYPES = /Reservation$/i;
const SHIPPING_TYPES = /^ParcelDelivery$/i;

export interface MarkupFindings {
  result: StageResult;
  /** schema.org types seen (used by the not-a-receipt check: a lone ParcelDelivery is a shipping notice). */
  types: string[];
}

function typeNames(o: Json): string[] {
  const t = o['@type'] ?? o['type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#]/, ''));
}

function collectNodes(v: unknown, out: Json[], depth = 0): void {
  if (depth > 20 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) collectNodes(x, out, depth + 1);
    return;
  }
  const o = v as Json;
  if (typeNames(o).length) out.push(o);
  for (const [k, x] of Object.entries(o)) if (k !== '@context') collectNodes(x, out, depth + 1);
}

function jsonLd($: CheerioAPI, scripts: Element[]): unknown[] {
  const out: unknown[] = [];
  for (const el of scripts) {
    const raw = $(el).text().trim();
    if (!raw || raw.length > 200_000) continue;
    try {
      out.push(JSON.parse(raw));
    } catch {
      // Broken markup is common in email; the other stages still run.
    }
  }
  return out;
}

/** Microdata item → JSON-LD-shaped object. */
function microdataItem($: CheerioAPI, el: Element, depth: number): Json {
  const o: Json = {};
  const type = $(el).attr('itemtype');
  if (type) o['@type'] = type.trim().split(/\s+/);
  if (depth > 15) return o;
  // Properties are descendants whose nearest itemscope ancestor is this element.
  $(el)
    .find('[itemprop]')
    .each((_, p) => {
      const owner = $(p).parent().closest('[itemscope]')[0];
      if (owner !== el) return;
      const value = $(p).is('[itemscope]')
        ? microdataItem($, p, depth + 1)
        : ($(p).attr('content') ?? $(p).attr('datetime') ?? $(p).attr('href') ?? $(p).attr('src') ?? $(p).text().trim());
      for (const name of ($(p).attr('itemprop') ?? '').split(/\s+/).filter(Boolean)) {
        const prev = o[name];
        o[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      }
    });
  return o;
}

function microdata($: CheerioAPI, itemscopes: Element[]): Json[] {
  if (!itemscopes.length) return [];
  return itemscopes.filter((el) => $(el).parent().closest('[itemscope]').length === 0).map((el) => microdataItem($, el, 0));
}

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const str = (v: unknown): string | undefined => {
  const x = first(v);
  if (typeof x === 'string' && x.trim()) return x.trim();
  if (typeof x === 'number') return String(x);
  return undefined;
};
const num = (v: unknown): number | undefined => {
  const x = first(v);
  if (typeof x === 'number' && Number.isFinite(x)) return round2(x);
  if (typeof x === 'string') {
    const t = x.trim();
    // schema.org prices use a dot decimal ("29.99"); printed forms go through parseNumber.
    if (/^-?\d+(\.\d+)?$/.test(t)) return round2(Number(t));
    return parseNumber(t);
  }
  return undefined;
};
const nameOf = (v: unknown): string | undefined => {
  const x = first(v);
  return typeof x === 'object' && x !== null ? str((x as Json).name) : str(x);
};
const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function priceSpec(v: unknown): { price?: number; currency?: string } {
  const x = first(v);
  if (typeof x === 'object' && x !== null) {
    const o = x as Json;
    const price = num(o.price ?? o.value);
    const currency = declaredCurrency(str(o.priceCurrency ?? o.currency));
    return { ...(price !== undefined ? { price } : {}), ...(currency ? { currency } : {}) };
  }
  const price = num(x);
  return price !== undefined ? { price } : {};
}

function offers(v: unknown): LineItem[] {
  const items: LineItem[] = [];
  for (const off of asList(v)) {
    if (typeof off !== 'object' || off === null) continue;
    const o = off as Json;
    const name = nameOf(o.itemOffered) ?? str(o.name);
    const price = num(o.price) ?? priceSpec(o.priceSpecification).price;
    const qRaw = first(o.eligibleQuantity);
    const quantity = num(typeof qRaw === 'object' && qRaw !== null ? (qRaw as Json).value : qRaw) ?? 1;
    if (name && price !== undefined) items.push({ name, price, quantity: quantity > 0 ? quantity : 1 });
  }
  return items;
}

function fromOrder(o: Json): StageResult {
  const r: StageResult = {};
  const vendor = nameOf(o.merchant) ?? nameOf(o.seller) ?? nameOf(o.provider) ?? nameOf(o.broker);
  if (vendor) r.vendor_name = vendor;
  const id = str(o.orderNumber) ?? str(o.confirmationNumber) ?? str(o.reservationNumber) ?? str(o.identifier);
  if (id) r.order_id = id;
  const date = normaliseDate(str(o.orderDate) ?? str(o.paymentDueDate) ?? str(o.billingPeriod) ?? str(o.bookingTime));
  if (date) r.invoice_date = date;
  const due = priceSpec(o.totalPaymentDue);
  const total = due.price ?? num(o.totalPrice) ?? num(o.price);
  if (total !== undefined) r.total_amount = total;
  const currency = due.currency ?? declaredCurrency(str(o.priceCurrency));
  if (currency) r.currency = currency;
  const items = offers(o.acceptedOffer);
  if (items.length) r.items = items;
  const disc = num(o.discount);
  if (disc !== undefined) r.discount = Math.abs(disc);
  const pm = str(o.paymentMethod);
  if (pm) r.payment_method = pm.replace(/^.*[/#]/, '');
  if (str(o.invoiceNumber) ?? str(o.accountId)) r.invoice_number = (str(o.invoiceNumber) ?? str(o.accountId))!;
  return r;
}

export function extractMarkup(doc: Pick<ReceiptDocument, '$' | 'elements'>): MarkupFindings {
  const { $, elements } = doc;
  if (!$ || !elements) return { result: {}, types: [] };
  const nodes: Json[] = [];
  for (const d of jsonLd($, elements.jsonLd)) collectNodes(d, nodes);
  for (const item of microdata($, elements.itemscopes)) collectNodes(item, nodes);
  const types = [...new Set(nodes.flatMap(typeNames))];
  const result: StageResult = {};
  // Orders/invoices first; reservations (flights, hotels) also carry a number and a price.
  const ranked = [
    ...nodes.filter((n) => typeNames(n).some((t) => ORDER_TYPES.test(t))),
    ...nodes.filter((n) => typeNames(n).some((t) => RESERVATION_TYPES.test(t))),
  ];
  for (const n of ranked) {
    for (const [k, v] of Object.entries(fromOrder(n))) {
      if ((result as Record<string, unknown>)[k] === undefined) (result as Record<string, unknown>)[k] = v;
    }
  }
  return { result, types };
}

export const isShippingOnlyMarkup = (types: string[]): boolean =>
  types.some((t) => SHIPPING_TYPES.test(t)) && !types.some((t) => ORDER_TYPES.test(t));
