import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stripLegalSuffix } from '../parsing/retail/generic.js';
import { extractReceipt } from '../parsing/retail/cascade.js';
import { receiptInputLoaderFor } from '../parsing/retail/input.js';
import type { ReceiptInput } from '../parsing/retail/types.js';
import { loadVendorRules } from '../parsing/retail/vendor-rules.js';
import { RETAIL_SUBTYPES, type RetailSubtype } from '../config.js';
import { readJsonl, score, type EvalReport } from './report.js';

interface Expected {
  file: string;
  vendor_name?: string;
  total_amount?: number;
  currency?: string;
  invoice_date?: string;
  order_id?: string;
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

export async function evalRetail(corpusDir: string): Promise<EvalReport> {
  const records = await readJsonl<Expected>(path.join(corpusDir, 'retail', 'expected.jsonl'));
  const fields: EvalReport['fields'] = {};
  const bump = (k: string, ok: boolean) => score(fields, k, ok);
  const misses: string[] = [];
  const vendorRules = loadVendorRules();
  // The real clock: the corpus is historical, so only genuinely future dates are implausible.
  const now = new Date();
  for (const exp of records) {
    const input = await inputFromFile(path.join(corpusDir, exp.file));
    if (exp.email_subject && !input.subject) input.subject = exp.email_subject;
    if (exp.email_date && !input.emailDate) input.emailDate = exp.email_date;
    if (exp.sub_type && (RETAIL_SUBTYPES as readonly string[]).includes(exp.sub_type)) input.subType = exp.sub_type as RetailSubtype;
    const got = await extractReceipt(input, { vendorRules, now });
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
    check('total_amount', (g) => typeof g === 'number' && Math.round(g * 100) === Math.round(exp.total_amount! * 100), got.base.total_amount);
    check('invoice_date', (g) => g === exp.invoice_date, got.base.invoice_date);
    check('vendor_name', (g) => typeof g === 'string' && normaliseVendor(g) === normaliseVendor(exp.vendor_name!), got.base.vendor_name);
    check('currency', (g) => g === exp.currency, got.base.currency);
    check('order_id', (g) => typeof g === 'string' && g.toUpperCase() === exp.order_id!.toUpperCase(), got.base.order_id);
  }
  const notes = [
    'vendor_name rule: case-insensitive after removing accents, legal-form suffixes, a trailing domain suffix and non-alphanumerics',
    ...misses,
  ];
  return { kind: 'retail', records: records.length, fields, notes };
}
