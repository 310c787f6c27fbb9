// zod's mini API: the HTTP schemas use it too, so the bundle carries one zod core.
import * as z from 'zod/mini';
import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import type { JsonSchemaLike, ReceiptLlm } from '../../ports/receipt-llm.js';
import { arithmeticReason, vendorProblem } from './checks.js';
import { normaliseDate, plausibleDate } from './dates.js';
import { DETAIL_FIELDS } from './detail.js';
import type { ReceiptDocument } from './document.js';
import { declaredCurrency, KNOWN_CURRENCIES, round2 } from './money.js';
import type { ExtraFields, StageResult } from './types.js';

/**
 * Stage 4 helpers: what is sent to the language model and how its answer is checked. Only
 * visible text is ever sent (the document has no scripts, styles, images or link targets),
 * with personal data redacted; the model is asked only for the fields still missing.
 */

/** The account holder, whose own name and address must never reach the model. */
export interface AccountHolder {
  name?: string;
  email?: string;
}

type Rule = [RegExp, string | ((match: string, ...groups: string[]) => string)];

const digits = (s: string) => s.replace(/\D/g, '');

/** Luhn over a digit string: card numbers and the last digit of a Swedish personnummer. */
function luhn(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

/** YYMMDD-NNNN with a real month and day (samordningsnummer: day + 60) and a valid check digit. */
function personnummer(m: string): string {
  const d = digits(m).slice(-10);
  const month = Number(d.slice(2, 4));
  const day = Number(d.slice(4, 6)) % 60;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && luhn(d) ? '[ID-NUMBER]' : m;
}

/** IBAN checksum (ISO 13616 mod 97), computed in chunks to stay within a double. */
function validIban(s: string): boolean {
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rest = (rest * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

/** The longest run of space-separated groups from the start that is a valid IBAN; the rest stays. */
function iban(m: string): string {
  const groups = m.split(' ');
  for (let k = groups.length; k > 0; k--) {
    if (validIban(groups.slice(0, k).join(''))) return ['[IBAN]', ...groups.slice(k)].join(' ');
  }
  return m;
}

/** 8–15 digits and not a date (`01-02-2024 14`): a phone number; anything else stays. */
const phone = (m: string) =>
  digits(m).length >= 8 && digits(m).length <= 15 && !/^\d{2}[-. ]\d{2}[-. ](?:19|20)\d\d/.test(m) ? '[PHONE]' : m;

// Labels after which the value is personal whatever its shape (a typo'd check digit, a short account).
const LABELLED =
  /\b(IBAN|(?:bank)?konto(?:nummer|nr)?|account (?:number|no\.?)|acct\.?|clearing(?:nummer|nr)?|person(?:nummer|nr)|pnr|samordningsnummer|personal identity number|personnummer|tel(?:efon|\.)?|phone|mobil(?:e|nummer)?|puh(?:elin)?|tlf)(:?[ \t]{0,3}(?:no\.?|nr\.?|#)?[:.]?[ \t]{0,3})[A-Z]{0,2}[+\d][\d \-./()]{3,40}\d/gi;

const TOWN = String.raw`[ \t]+[A-ZÅÄÖÆØ]\p{Ll}+`;
// Nordic postcodes with a town where an address has them: at a line start, after a redacted
// street, or after a comma (there not a year: "March 3, 2024 Order"); any with a country prefix.
const POSTCODE = new RegExp(
  String.raw`(?<=^|\][ \t]?)(?:\d{5}|\d{4}|\d{3} \d{2})${TOWN}|(?<=,[ \t]?)(?!(?:19|20)\d\d\b)(?:\d{5}|\d{4}|\d{3} \d{2})${TOWN}|\b(?:SE|S|FI|FIN|NO|N|DK)-(?:\d{5}|\d{4}|\d{3} \d{2})\b`,
  'gmu',
);

/**
 * Applied in order. Every pattern is linear: no two quantifiers compete for the same characters,
 * and variable parts are bounded; shapes that need arithmetic (IBAN, Luhn) are checked in code.
 */
const REDACTIONS: Rule[] = [
  [/\bhttps?:\/\/\S+|\bwww\.\S+/gi, '[LINK]'],
  // Started only where a run begins: from every position of a long run it would be quadratic.
  [/(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[EMAIL]'],
  [LABELLED, (_m, label: string, sep: string) => `${label}${sep}[REDACTED]`],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, iban],
  // Personnummer / samordningsnummer: YYMMDD-NNNN, YYYYMMDDNNNN, `+` for the over-100s.
  [/\b(?:19|20)?\d{6}[-+]?\d{4}\b/g, personnummer],
  // Swedish bank accounts: Swedbank's 5-digit clearing form, and clearing-account (not a year-number id).
  [/\b8\d{3}-\d,? ?\d{3} \d{3} \d{3}(?:-\d)?\b/g, '[ACCOUNT]'],
  [/\b(?!19|20)\d{4}-\d{7,10}\b/g, '[ACCOUNT]'],
  // Card numbers: full (13–19 digits) or masked (`**** **** **** 1234`, `x -1629`).
  // Grouped like a card (4-4-4-4, 4-6-5) or one unbroken 13–19 digit run; dashed order ids (3-7-7) stay.
  [/\b\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?\b|\b\d{4}[ -]\d{6}[ -]\d{5}\b|\b\d{13,19}\b/g, '[CARD]'],
  // One way to split a run of mask characters into groups (and only from its start): the
  // nested `(?:[*•xX.]{2,}[ -]?){1,4}` backtracked exponentially on dot leaders or `xxxx` runs.
  [/(?<![*•xX.])[*•xX.]{2,}(?:[ -][*•xX.]{2,}){0,3}[ -]?\d{4}\b/g, '[CARD]'],
  // Phones: international (+46, 0047…), then national forms: SE/FI trunk 0, NO/DK 8 digits, US.
  [/(?:\+|\b00)\d[\d .()-]{6,18}\d\b/g, phone],
  [/\b0\d{1,3}[ -][\d -]{5,11}\d\b/g, phone],
  [/\b07\d{8}\b/g, '[PHONE]'],
  [/\b\d{2} \d{2} \d{2} \d{2}\b|\b[49]\d{2} \d{2} \d{3}\b/g, '[PHONE]'],
  [/\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g, '[PHONE]'],
  // Street addresses (EN number-first, Nordic street-first).
  [/\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:street|st|road|rd|avenue|ave|way|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|square|sq)\b\.?(?:[\s,]+(?:apt|suite|unit)\.?\s*\w+)?/gi, '[ADDRESS]'],
  [/(?<![\p{L}-])[\p{L}-]+(?:gatan|vägen|väg|gata|gate|gaten|veien|vei|vej|vejen|gränd|backen|stigen|allén|allé|torget|plan|katu|tie)\s+\d+\s?[A-Za-z]?\b/giu, '[ADDRESS]'],
  // Postcodes: SE `123 45` with a town anywhere; FI/SE 5 digits and NO/DK 4 digits with a town where an address has them.
  [/\b\d{3} \d{2}[ \t]+[A-ZÅÄÖÆØ]\p{L}+/gu, '[POSTCODE]'],
  [POSTCODE, '[POSTCODE]'],
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/g, '[POSTCODE]'],
  [/\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b/g, '[POSTCODE]'],
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The holder's full name, each part of it, their address and its local part, as whole words. */
function holderRule(holder: AccountHolder | undefined): Rule | undefined {
  const words = new Set<string>();
  const name = holder?.name?.trim();
  if (name) {
    words.add(name);
    for (const part of name.split(/[\s,]+/)) if (part.length >= 2) words.add(part);
  }
  const email = holder?.email?.trim();
  if (email) {
    words.add(email);
    const local = email.split('@')[0] ?? '';
    if (local.length >= 3) words.add(local);
  }
  if (!words.size) return undefined;
  // Longest first, so the full name wins over its parts; a literal alternation is linear.
  const alternatives = [...words].sort((a, b) => b.length - a.length).map(escapeRe);
  return [new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu'), '[NAME]'];
}

export function redact(text: string, holder?: AccountHolder): string {
  const own = holderRule(holder);
  let t = text;
  for (const [re, sub] of own ? [own, ...REDACTIONS] : REDACTIONS) t = t.replace(re, sub as string);
  return t;
}

/** The email text as the model sees it: visible text only, redacted, bounded. */
export function llmText(doc: ReceiptDocument, holder?: AccountHolder, maxChars = 30_000): string {
  return redact(doc.lines.join('\n').slice(0, maxChars), holder);
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
const loose = z.looseObject;
const nstr = z.nullish(z.string().check(z.maxLength(500)));
// Bounded: a receipt has no amount near 1e9, and a huge one would not survive rounding or a store.
// (zod 4's numbers refuse NaN and Infinity.)
const amount = z.number().check(z.gte(-1e9), z.lte(1e9));
const nnum = z.nullish(amount);
const ItemSchema = loose({
  name: z.string().check(z.minLength(1), z.maxLength(300)),
  price: amount,
  quantity: z.number().check(z.gt(0), z.lte(1e9)),
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
  order_id: z.nullish(z.union([z.string().check(z.maxLength(200)), z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER))])),
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
  items: z.nullish(z.array(ItemSchema).check(z.maxLength(500))),
  travel_details: z.nullish(
    z.array(loose({ departure_location: z.string(), arrival_location: z.string(), departure_date: nstr, arrival_date: nstr })).check(z.maxLength(50)),
  ),
  passengers: z.nullish(z.array(loose({ name: z.string() })).check(z.maxLength(50))),
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

export interface LlmStageInput {
  llm: ReceiptLlm;
  doc: ReceiptDocument;
  subType: RetailSubtype;
  /** What the deterministic stages chose. */
  values: Record<string, unknown>;
  /** Fields whose stages disagree, with every candidate value (the chosen one included). */
  disputed?: Record<string, unknown[]>;
  vendorId?: string;
  holder?: AccountHolder;
  now: Date;
}

export interface LlmStageOutput {
  /** Fields the model was asked for. */
  asked: string[];
  /** Accepted values of fields that were missing. */
  filled: StageResult;
  /** Accepted values that settle a dispute (each equal to one of its candidates). */
  settled: StageResult;
  reasons: string[];
}

const MONEY_FIELDS = ['items', 'delivery_fee', 'tax', 'discount'] as const;
const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b;

/**
 * The last stage, the same for every provider: asks the model only for the fields still missing
 * or disputed (redacted text, one schema), then accepts its answer only where it passes the
 * checks the rules' values pass: a plausible date, a known currency, a positive total that fits
 * the items, fees, tax and discounts, a vendor that is neither a placeholder nor a platform, and
 * for a disputed field one of the candidates. Whatever is refused leaves a reason (so the invoice
 * goes to review), never a value; a transport failure is a reason too, never an exception.
 */
export async function runLlmStage(input: LlmStageInput): Promise<LlmStageOutput> {
  const { values, subType } = input;
  const disputed = input.disputed ?? {};
  const wanted = llmFields(subType);
  const asked = wanted.filter((f) => values[f] === undefined || disputed[f] !== undefined);
  const out: LlmStageOutput = { asked, filled: {}, settled: {}, reasons: [] };
  if (!asked.length) return out;

  // The rules' vendor goes into the prompt too (a From name may be the holder's own).
  const found = values.vendor_name as string | undefined;
  const vendorName = found ? redact(found, input.holder) : undefined;
  let answer: unknown;
  try {
    answer = await input.llm.extract({
      subType,
      ...(vendorName ? { vendorName } : {}),
      prompt: buildPrompt(subType, disputed.vendor_name ? undefined : vendorName, asked, llmText(input.doc, input.holder)),
      schema: responseSchema(subType, asked),
    });
  } catch (err) {
    out.reasons.push(`llm unavailable: ${err instanceof Error ? err.message.slice(0, 120) : 'error'}`);
    return out;
  }
  const read = readLlmAnswer(answer, asked);
  if (!read.ok) {
    out.reasons.push(read.reason);
    return out;
  }
  const got: Record<string, unknown> = { ...read.result };
  const refuse = (field: string, why: string) => {
    delete got[field];
    out.reasons.push(`llm ${field} refused: ${why}`);
  };

  if (typeof got.vendor_name === 'string') {
    const problem = vendorProblem(got.vendor_name, input.vendorId);
    const holderName = input.holder?.name?.trim();
    if (problem) refuse('vendor_name', `it is ${problem}`);
    else if (holderName && same(got.vendor_name, holderName)) refuse('vendor_name', 'it is the account holder');
  }
  if (typeof got.invoice_date === 'string' && !plausibleDate(got.invoice_date, input.now)) refuse('invoice_date', `${got.invoice_date} is implausible`);
  if (typeof got.currency === 'string' && !KNOWN_CURRENCIES.has(got.currency)) refuse('currency', `${got.currency} is unknown`);
  if (typeof got.total_amount === 'number' && got.total_amount <= 0) refuse('total_amount', 'not positive');

  // The arithmetic with what would be kept: a contradiction refuses the model's money fields.
  const merged = { ...values, ...got } as ExtraFields & { total_amount?: number };
  const gaveMoney = got.total_amount !== undefined || MONEY_FIELDS.some((f) => got[f] !== undefined);
  const wrong = gaveMoney && merged.total_amount !== undefined ? arithmeticReason(merged.total_amount, merged) : undefined;
  if (wrong) {
    out.reasons.push(`llm answer contradicts the arithmetic: ${wrong}`);
    for (const f of ['total_amount', ...MONEY_FIELDS]) delete got[f];
  }

  for (const [field, v] of Object.entries(got)) {
    const candidates = disputed[field];
    if (!candidates) (out.filled as Record<string, unknown>)[field] = v;
    else if (candidates.some((c) => same(c, v))) (out.settled as Record<string, unknown>)[field] = candidates.find((c) => same(c, v));
    else out.reasons.push(`${field}: the stages disagree and the llm's answer is none of their values`);
  }
  for (const field of Object.keys(disputed)) {
    if (asked.includes(field) && got[field] === undefined && !out.reasons.some((r) => r.startsWith(`llm ${field}`) || r.startsWith(field)))
      out.reasons.push(`${field}: the stages disagree and the llm gave no usable value`);
  }
  return out;
}
