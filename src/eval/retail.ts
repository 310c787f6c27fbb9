import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stripLegalSuffix } from '../parsing/retail/generic.js';
import { extractReceipt } from '../parsing/retail/cascade.js';
import { receiptInputLoaderFor } from '../parsing/retail/input.js';
import type { ReceiptInput } from '../parsing/retail/types.js';
import { findRuleSet, loadVendorRules, type VendorRules } from '../parsing/retail/vendor-rules.js';
import { RETAIL_SUBTYPES, type RetailSubtype } from '../domain/retail-subtypes.js';
import { readJsonl, score, type EvalReport } from './report.js';

interface Expected {
  file: string;
  vendor_name?: string;
  total_amount?: number;
  currency?: string;
  invoice_date?: string;
  order_id?: string;
  merchant?: string;
  sub_type?: string;
  is_receipt?: boolean;
  email_subject?: string;
  email_date?: string;
}

/**
 * Vendor names are compared after normalisation: case-folded, accents removed, a trailing
 * legal form (Inc, Ltd, AB, OÜ…) and a trailing web domain suffix (`.com`, `.co.uk`, `.se`)
 * dropped, and everything but letters and digits removed. So `Amazon.co.uk` = `amazon`,
 * `Apple Inc.` = `Apple`, `Domino's` = `Dominos`; `Bolt` ≠ `Bolt Food`.
 */
export function normaliseVendor(s: string): string {
  return stripLegalSuffix(s)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(?:com|co\.uk|co|se|de|uk|net|org|io|nl|fr|dk|no|fi|eu)$/, '')
    .replace(/[^a-z0-9]/g, '');
}

export async function inputFromFile(file: string): Promise<ReceiptInput> {
  // Unknown kinds are read as plain text.
  const loader = receiptInputLoaderFor(file) ?? receiptInputLoaderFor('file.txt')!;
  return loader(readFileSync(file));
}

/** The source of a record: the folder under `retail/` (`retail/<source>/<file>`). */
export const sourceOf = (file: string): string => file.split('/')[1] ?? '';

/**
 * Rule sets that read a source's own emails (by the vendor id or the sender domain of any of
 * its records): they were written from that source, so its held-out score runs without them.
 */
function withoutRulesFor(rules: VendorRules, inputs: ReceiptInput[]): VendorRules {
  const used = new Set(inputs.map((i) => findRuleSet(rules, i)?.vendor_id).filter(Boolean));
  return Object.fromEntries(Object.entries(rules).filter(([id]) => !used.has(id)));
}

interface Scored {
  fields: EvalReport['fields'];
  misses: string[];
}

async function scoreRecords(recs: { exp: Expected; input: ReceiptInput }[], vendorRules: VendorRules, now: Date): Promise<Scored> {
  const fields: EvalReport['fields'] = {};
  const bump = (k: string, ok: boolean) => score(fields, k, ok);
  const misses: string[] = [];
  for (const { exp, input } of recs) {
    const got = await extractReceipt({ ...input }, { vendorRules, now });
    const name = path.basename(exp.file);
    if (exp.is_receipt === false) {
      bump('is_receipt.rejected_non_receipts', !got.isReceipt);
      if (got.isReceipt) misses.push(`${name}: non-receipt kept`);
      continue;
    }
    bump('is_receipt.kept_receipts', got.isReceipt);
    if (!got.isReceipt) misses.push(`${name}: receipt rejected (${got.notReceiptReason})`);
    const check = (k: keyof Expected, ok: (g: unknown) => boolean, gotValue: unknown) => {
      if (exp[k] === undefined) return;
      const good = ok(gotValue);
      bump(k, good);
      if (!good) misses.push(`${name}: ${k} expected ${JSON.stringify(exp[k])} got ${JSON.stringify(gotValue)}`);
    };
    const sameVendor = (g: unknown, want: string | undefined) => typeof g === 'string' && want !== undefined && normaliseVendor(g) === normaliseVendor(want);
    check('total_amount', (g) => typeof g === 'number' && Math.round(g * 100) === Math.round(exp.total_amount! * 100), got.base.total_amount);
    check('invoice_date', (g) => g === exp.invoice_date, got.base.invoice_date);
    check('vendor_name', (g) => sameVendor(g, exp.vendor_name), got.base.vendor_name);
    // The merchant behind a platform counts as the vendor too (the platform is kept in its own field).
    if (exp.vendor_name !== undefined) bump('vendor_or_merchant', sameVendor(got.base.vendor_name, exp.vendor_name) || sameVendor(got.base.vendor_name, exp.merchant));
    check('currency', (g) => g === exp.currency, got.base.currency);
    check('order_id', (g) => typeof g === 'string' && g.toUpperCase() === exp.order_id!.toUpperCase(), got.base.order_id);
  }
  return { fields, misses };
}

function addInto(into: EvalReport['fields'], from: EvalReport['fields']): void {
  for (const [k, v] of Object.entries(from)) {
    const f = (into[k] ??= { correct: 0, total: 0 });
    f.correct += v.correct;
    f.total += v.total;
  }
}

const VENDOR_RULE_NOTE = 'vendor_name rule: case-insensitive after removing accents, legal-form suffixes, a trailing domain suffix and non-alphanumerics; vendor_or_merchant also accepts the record\'s merchant (the paid merchant behind a platform)';

/**
 * Scores the receipts of `corpusDir`. With `bySource`, also one report per source and a
 * leave-one-source-out report: each source scored with the vendor rule sets written from it
 * removed. The generic rules and language tables stay as they are (they are code shared by all
 * sources and cannot be held out per source; the per-source figures show where they fit).
 */
export async function evalRetail(corpusDir: string, opts: { bySource?: boolean } = {}): Promise<EvalReport[]> {
  const records = await readJsonl<Expected>(path.join(corpusDir, 'retail', 'expected.jsonl'));
  const vendorRules = loadVendorRules();
  // The real clock: the corpus is historical, so only genuinely future dates are implausible.
  const now = new Date();
  const recs: { exp: Expected; input: ReceiptInput }[] = [];
  for (const exp of records) {
    const input = await inputFromFile(path.join(corpusDir, exp.file));
    if (exp.email_subject && !input.subject) input.subject = exp.email_subject;
    if (exp.email_date && !input.emailDate) input.emailDate = exp.email_date;
    if (exp.sub_type && (RETAIL_SUBTYPES as readonly string[]).includes(exp.sub_type)) input.subType = exp.sub_type as RetailSubtype;
    recs.push({ exp, input });
  }
  const all = await scoreRecords(recs, vendorRules, now);
  const reports: EvalReport[] = [{ kind: 'retail', records: records.length, fields: all.fields, notes: [VENDOR_RULE_NOTE, ...all.misses] }];
  if (!opts.bySource) return reports;

  const sources = [...new Set(records.map((r) => sourceOf(r.file)))].sort();
  const loso: EvalReport['fields'] = {};
  const losoMisses: string[] = [];
  for (const src of sources) {
    const mine = recs.filter((r) => sourceOf(r.exp.file) === src);
    const seen = await scoreRecords(mine, vendorRules, now);
    reports.push({ kind: `retail source ${src}`, records: mine.length, fields: seen.fields, notes: seen.misses });
    const heldOut = await scoreRecords(mine, withoutRulesFor(vendorRules, mine.map((r) => r.input)), now);
    reports.push({ kind: `retail source ${src}, held out`, records: mine.length, fields: heldOut.fields, notes: [] });
    addInto(loso, heldOut.fields);
    losoMisses.push(...heldOut.misses.map((m) => `[${src}] ${m}`));
  }
  reports.push({
    kind: `retail leave-one-source-out (${sources.length} sources; each without the vendor rule sets written from it)`,
    records: records.length,
    fields: loso,
    notes: losoMisses,
  });
  return reports;
}
