// zod's v3 API: the same checks at a seventh of zod 4's size in a Lambda bundle (58 KB vs 417 KB).
import { z } from 'zod/v3';
import type { RetailSubtype } from '../../config.js';
import type { JsonSchemaLike } from '../../ports/receipt-llm.js';
import { normaliseDate } from './dates.js';
import { DETAIL_FIELDS } from './detail.js';
import type { ReceiptDocument } from './document.js';
import { declaredCurrency, round2 } from './money.js';
import type { StageResult } from './types.js';

/**
 * Stage 4 helpers: what is sent to the language model and how its answer is checked. Only
 * visible text is ever sent (the document has no scripts, styles, images or link targets),
 * with personal data redacted; the model is asked only for the fields still missing.
 */

const REDACTIONS: [RegExp, string][] = [
  [/\bhttps?:\/\/\S+|\bwww\.\S+/gi, '[LINK]'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[EMAIL]'],
  // Card numbers: full (13–19 digits) or masked (`**** **** **** 1234`, `x -1629`).
  // Grouped like a card (4-4-4-4, 4-6-5) or one unbroken 13–19 digit run; dashed order ids (3-7-7) stay.
  [/\b\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?\b|\b\d{4}[ -]\d{6}[ -]\d{5}\b|\b\d{13,19}\b/g, '[CARD]'],
  // One way to split a run of mask characters into groups (and only from its start): the
  // nested `(?:[*•xX.]{2,}[ -]?){1,4}` backtracked exponentially on dot leaders or `xxxx` runs.
  [/(?<![*•xX.])[*•xX.]{2,}(?:[ -][*•xX.]{2,}){0,3}[ -]?\d{4}\b/g, '[CARD]'],
  // Phone numbers: international, North American, Swedish.
  [/(?:\+|\b00)\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b/g, '[PHONE]'],
  [/\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g, '[PHONE]'],
  [/\b0\d{1,3}[\s-]\d{2,3}(?:[\s-]?\d{2,3}){1,3}\b/g, '[PHONE]'],
  // Street addresses (EN number-first, SV street-first) and postcodes.
  [/\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:street|st|road|rd|avenue|ave|way|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|square|sq)\b\.?(?:[\s,]+(?:apt|suite|unit)\.?\s*\w+)?/gi, '[ADDRESS]'],
  [/\b[\p{L}-]+(?:gatan|vägen|väg|gata|gränd|backen|stigen|allén|torget|plan)\s+\d+\s?[A-Za-z]?\b/giu, '[ADDRESS]'],
  [/\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ][\p{L}]+/gu, '[POSTCODE]'],
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/g, '[POSTCODE]'],
  [/\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b/g, '[POSTCODE]'],
];

export function redact(text: string): string {
  let t = text;
  for (const [re, sub] of REDACTIONS) t = t.replace(re, sub);
  return t;
}

/** The email text as the model sees it: visible text only, redacted, bounded. */
export function llmText(doc: ReceiptDocument, maxChars = 30_000): string {
  return redact(doc.lines.join('\n').slice(0, maxChars));
}

const S = (description: string): JsonSchemaLike => ({ type: 'string', nullable: true, description });
const N = (description: string): JsonSchemaLike => ({ type: 'number', description });
const item = (extra: Record<string, JsonSchemaLike> = {}, integerQty = false): JsonSchemaLike => ({
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      price: N('unit price, number without currency'),
      quantity: integerQty ? { type: 'integer' } : N('quantity, may be fractional'),
      ...extra,
    },
    required: ['name', 'price', 'quantity'],
  },
});

const FIELD_SCHEMAS: Record<string, JsonSchemaLike | ((sub: RetailSubtype) => JsonSchemaLike)> = {
  vendor_name: S('the shop or service that was paid'),
  total_amount: N('the final amount paid, number without currency symbol; 0 if missing'),
  currency: S('ISO 4217 code, e.g. SEK, EUR, USD'),
  invoice_date: S('order/receipt date as YYYY-MM-DD'),
  order_id: S('order, booking or receipt number'),
  delivery_fee: N('delivery/shipping fee, 0 if none'),
  discount: N('total discount as a positive number, 0 if none'),
  tax: N('tax/VAT amount, 0 if none'),
  payment_method: S('e.g. Visa, Klarna, Swish'),
  description: S('short description of the purchase'),
  notes: S('optional context'),
  category: S('item category; "Books" for Kindle books'),
  receipt_number: S('receipt number'),
  invoice_number: S('invoice number'),
  duration: S('billed period (month/year range) if shown'),
  store_name: S('store name'),
  store_location: S('store location (city)'),
  utility_type: S('electricity, water, internet, heating…'),
  provider: S('utility provider'),
  usage_details: S('consumption summary such as "450 kWh"; empty string if unknown'),
  transport_type: S('flight, train or bus'),
  transport_company: S('operating company'),
  booking_reference: S('booking reference'),
  travel_details: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        departure_location: { type: 'string' },
        arrival_location: { type: 'string' },
        departure_date: S('YYYY-MM-DD'),
        arrival_date: S('YYYY-MM-DD'),
      },
      required: ['departure_location', 'arrival_location'],
    },
  },
  passengers: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
  items: (sub) =>
    sub === 'food-delivery'
      ? item({ description: S('chosen sides/drinks') })
      : sub === 'clothing'
        ? item({ brand: S('brand; the vendor if not stated') }, true)
        : sub === 'grocery'
          ? item({ unit: S('unit, default pcs'), category: S('produce, dairy…; default miscellaneous') })
          : item({}, sub === 'technology'),
};

export function responseSchema(sub: RetailSubtype, fields: string[]): JsonSchemaLike {
  const properties: Record<string, JsonSchemaLike> = {};
  for (const f of fields) {
    const s = FIELD_SCHEMAS[f];
    if (s) properties[f] = typeof s === 'function' ? s(sub) : s;
  }
  return { type: 'object', properties };
}

const CATEGORY_RULES: Record<RetailSubtype, string> = {
  'food-delivery': 'The delivery fee is not an item. List every ordered item; description holds chosen sides/drinks.',
  clothing: 'The delivery fee is not an item. An item brand falls back to the vendor.',
  technology: 'The delivery fee is not an item. notes is free optional context.',
  subscriptions: 'duration is the billed period when shown.',
  grocery: 'Every item has a unit (default pcs) and a category (default miscellaneous).',
  utility: 'usage_details summarises consumption (e.g. kWh), empty string if unknown.',
  miscellaneous: 'The delivery fee is not an item. A Kindle book item is named by its title and the category is "Books".',
  travel: 'Trips may be flight, train or bus; travel_details has one entry per leg.',
};

export function buildPrompt(sub: RetailSubtype, vendorName: string | undefined, fields: string[], text: string): string {
  return [
    `You extract structured data from ${sub} receipts.`,
    vendorName ? `Parse this ${vendorName} email.` : 'Parse this email.',
    `Return a valid JSON object with only these fields: ${fields.join(', ')}.`,
    'Rules: invoice_date in ISO YYYY-MM-DD; amounts numeric without currency symbols; missing strings null, missing numbers 0; output only the JSON object.',
    CATEGORY_RULES[sub],
    'Email text (personal data redacted):',
    text,
  ].join('\n');
}

/** Fields the LLM may fill for this category. */
export const llmFields = (sub: RetailSubtype): string[] => ['vendor_name', 'total_amount', 'currency', 'invoice_date', 'order_id', ...DETAIL_FIELDS[sub]];

/** An object that keeps keys it does not name (the model may add some; they are ignored). */
const loose = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough();
const nstr = z.string().max(500).nullish();
const nnum = z.number().finite().nullish();
const ItemSchema = loose({
  name: z.string().min(1).max(300),
  price: z.number().finite(),
  quantity: z.number().finite().positive(),
  description: nstr,
  brand: nstr,
  unit: nstr,
  category: nstr,
});
const AnswerSchema = loose({
  vendor_name: nstr,
  total_amount: nnum,
  currency: nstr,
  invoice_date: nstr,
  order_id: z.union([z.string().max(200), z.number()]).nullish(),
  delivery_fee: nnum,
  discount: nnum,
  tax: nnum,
  payment_method: nstr,
  description: nstr,
  notes: nstr,
  category: nstr,
  receipt_number: nstr,
  invoice_number: nstr,
  duration: nstr,
  store_name: nstr,
  store_location: nstr,
  utility_type: nstr,
  provider: nstr,
  usage_details: nstr,
  transport_type: nstr,
  transport_company: nstr,
  booking_reference: nstr,
  items: z.array(ItemSchema).max(500).nullish(),
  travel_details: z
    .array(loose({ departure_location: z.string(), arrival_location: z.string(), departure_date: nstr, arrival_date: nstr }))
    .max(50)
    .nullish(),
  passengers: z.array(loose({ name: z.string() })).max(50).nullish(),
});

export type LlmAnswer = { ok: true; result: StageResult } | { ok: false; reason: string };

/** Checks the model's answer; anything malformed is rejected with a reason, never thrown. */
export function readLlmAnswer(answer: unknown, asked: string[]): LlmAnswer {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return { ok: false, reason: 'llm answer is not a JSON object' };
  const parsed = AnswerSchema.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `llm answer violates the schema at ${issue?.path.join('.') || '(root)'}` };
  }
  const a = parsed.data;
  const r: Record<string, unknown> = {};
  for (const f of asked) {
    const v = (a as Record<string, unknown>)[f];
    if (v === null || v === undefined || v === '') continue;
    if (f === 'invoice_date') {
      const d = normaliseDate(v);
      if (d) r[f] = d;
    } else if (f === 'currency') {
      const c = declaredCurrency(v);
      if (c) r[f] = c;
    } else if (f === 'total_amount') {
      // 0 is the model's "missing" marker.
      if (typeof v === 'number' && v !== 0) r[f] = round2(v);
    } else if (f === 'order_id') {
      r[f] = String(v);
    } else if (Array.isArray(v)) {
      if (v.length) r[f] = v;
    } else r[f] = v;
  }
  return { ok: true, result: r as StageResult };
}
