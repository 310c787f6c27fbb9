import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
// zod's mini API: the HTTP schemas use it too, so the bundle carries one zod core.
import * as z from 'zod/mini';
import { RETAIL_SUBTYPES } from '../../domain/retail-subtypes.js';
import { normaliseDate } from './dates.js';
import type { ReceiptDocument } from './document.js';
import { firstMoney, normaliseCurrency, parseNumber } from './money.js';
import type { ReceiptInput, StageResult } from './types.js';

/**
 * Stage 2: per-vendor rules as data (JSON), not code. Each field has a list of rules tried in
 * order; a rule reads text from a CSS selector (or the whole email text) and, optionally, a
 * regex capture group from it. A rule that matches nothing yields nothing.
 */

export const RULE_FIELDS = [
  'total_amount', 'currency', 'invoice_date', 'order_id', 'delivery_fee', 'tax', 'discount', 'payment_method', 'merchant',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

function compile(pattern: string, flags = 'i'): RegExp | undefined {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return undefined;
  }
}

const str = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const FieldRuleSchema = z
  .strictObject({
    selector: z.optional(str(1, 300)),
    /** Read this attribute instead of the element text. */
    attr: z.optional(str(1, 60)),
    pattern: z.optional(str(1, 500)),
    flags: z.optional(z.string().check(z.regex(/^[imsu]*$/))),
    /** Capture group to take (default 1 when the pattern has groups, else the whole match). */
    group: z.optional(z.int().check(z.gte(0), z.lte(9))),
  })
  .check(z.refine((r) => r.pattern === undefined || compile(r.pattern, r.flags) !== undefined, 'invalid regular expression'));

export const VendorRuleSetSchema = z.strictObject({
  vendor_id: str(1, 100),
  vendor_name: str(1, 100),
  sub_type: z.optional(z.enum(RETAIL_SUBTYPES)),
  /** Sender domains that identify the vendor when no vendor id is given. */
  sender_domains: z.optional(z.array(str(3, 100)).check(z.maxLength(20))),
  fields: z.partialRecord(z.enum(RULE_FIELDS), z.array(FieldRuleSchema).check(z.maxLength(10))),
});
export type VendorRuleSet = z.infer<typeof VendorRuleSetSchema>;
export type FieldRule = z.infer<typeof FieldRuleSchema>;
/** All rule sets, keyed by vendor id. JSON-serialisable. */
export type VendorRules = Record<string, VendorRuleSet>;

/** Validates rule sets (throws a readable zod error for a broken file: that is a deploy-time bug). */
export function parseVendorRules(sets: unknown[]): VendorRules {
  const out: VendorRules = {};
  for (const s of sets) {
    const set = VendorRuleSetSchema.parse(s);
    out[set.vendor_id] = set;
  }
  return out;
}

export const SHIPPED_RULES_DIR = fileURLToPath(new URL('./vendor-rules/', import.meta.url));

/** Loads every `*.json` rule set from a directory (default: the shipped ones). */
export function loadVendorRules(dir: string = SHIPPED_RULES_DIR): VendorRules {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return parseVendorRules(files.map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown));
}

export function findRuleSet(rules: VendorRules | undefined, input: ReceiptInput): VendorRuleSet | undefined {
  if (!rules) return undefined;
  if (input.vendorId && rules[input.vendorId]) return rules[input.vendorId];
  const domain = input.from?.split('@')[1]?.toLowerCase();
  if (!domain) return undefined;
  return Object.values(rules).find((r) => r.sender_domains?.some((d) => domain === d || domain.endsWith(`.${d}`)));
}

function sourceTexts(rule: FieldRule, doc: ReceiptDocument): string[] {
  if (!rule.selector) return [doc.text];
  if (!doc.$) return [];
  try {
    return doc
      .$(rule.selector)
      .slice(0, 20)
      .toArray()
      .map((el) => (rule.attr ? (doc.$!(el).attr(rule.attr) ?? '') : doc.$!(el).text()).replace(/\s+/g, ' ').trim());
  } catch {
    return []; // an unsupported selector is a rule that matches nothing
  }
}

function applyRule(rule: FieldRule, doc: ReceiptDocument): string | undefined {
  for (const text of sourceTexts(rule, doc)) {
    if (!text) continue;
    if (!rule.pattern) return text;
    const m = compile(rule.pattern, rule.flags)?.exec(text);
    if (m) {
      const v = m[rule.group ?? (m.length > 1 ? 1 : 0)];
      if (v?.trim()) return v.trim();
    }
  }
  return undefined;
}

function convert(field: RuleField, raw: string): string | number | undefined {
  switch (field) {
    case 'total_amount':
    case 'delivery_fee':
    case 'tax':
    case 'discount': {
      const v = firstMoney(raw)?.amount ?? parseNumber(raw);
      return v === undefined ? undefined : field === 'total_amount' ? v : Math.abs(v);
    }
    case 'currency':
      return normaliseCurrency(raw) ?? firstMoney(raw)?.currency;
    case 'invoice_date':
      return normaliseDate(raw);
    default:
      return raw.slice(0, 200);
  }
}

export function applyVendorRules(set: VendorRuleSet | undefined, doc: ReceiptDocument): StageResult {
  if (!set) return {};
  const r: Record<string, unknown> = { vendor_name: set.vendor_name };
  for (const field of RULE_FIELDS) {
    for (const rule of set.fields[field] ?? []) {
      const raw = applyRule(rule, doc);
      const v = raw === undefined ? undefined : convert(field, raw);
      if (v !== undefined) {
        r[field] = v;
        break;
      }
    }
  }
  return r as StageResult;
}
