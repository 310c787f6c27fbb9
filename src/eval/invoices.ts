/**
 * Field accuracy of the rent-notice parser on an evaluation corpus (format: the corpus
 * README): `invoices/expected.jsonl` (PDF invoices and rent notices) and
 * `payment-refs/ocr.jsonl` (reference-number validity). Only keys present in an expected
 * record are scored; nothing is tuned to file names.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isValidBankgiro, isValidOcr, isValidPlusgiro } from '../domain/checks.js';
import { extractPdfText } from '../parsing/rental/pdf-text.js';
import { parseRentNotice, type RentNoticeParse } from '../parsing/rental/rent-notice.js';
import { buildRentalItem, DOCUMENTED_KEYS, validateParse } from '../parsing/rental/rental-item.js';
import { readJsonl, score, type EvalReport } from './report.js';

interface ExpectedInvoice {
  file: string;
  kind?: string;
  /** A rent notice the corpus marks as not payable as printed (absent: valid). */
  valid?: boolean;
  total_amount?: number;
  due_date?: string;
  payment_reference?: string;
  bankgiro?: string;
  vat_amount?: number;
  line_items?: Array<{ label: string; amount: number }>;
}

const sameMoney = (minor: number | undefined, major: number) => minor !== undefined && Math.abs(minor - Math.round(major * 100)) < 1;
const sortedMinor = (xs: number[]) => [...xs].sort((a, b) => a - b).join(',');

/** Scores one parse against one expected record; returns the names of the fields it missed. */
function scoreInvoice(fields: EvalReport['fields'], want: ExpectedInvoice, got: RentNoticeParse | undefined): string[] {
  const missed: string[] = [];
  const check = (name: string, ok: boolean) => {
    score(fields, name, ok);
    if (!ok) missed.push(name);
  };
  if (want.total_amount !== undefined) check('total_amount', sameMoney(got?.total, want.total_amount));
  if (want.due_date !== undefined) check('due_date', got?.dueDate === want.due_date);
  if (want.payment_reference !== undefined) check('payment_reference', (got?.ocr ?? got?.reference) === want.payment_reference);
  if (want.bankgiro !== undefined) check('bankgiro', got?.bankgiro === want.bankgiro);
  if (want.vat_amount !== undefined) check('vat_amount', sameMoney(got?.vat, want.vat_amount));
  if (want.line_items !== undefined) {
    const items = got?.lineItems ?? [];
    check('line_items_count', items.length === want.line_items.length);
    const wantMinor = want.line_items.map((l) => Math.round(l.amount * 100));
    check('line_items_amounts', sortedMinor(items.map((l) => l.amount)) === sortedMinor(wantMinor));
  }
  return missed;
}

/**
 * What the user sees for a rent notice: is a valid notice stored `ok`, does the stored item
 * carry only documented attributes (Wallenstam's docs/flows.md#rent-notice-rules extras are documented), do its line items
 * add up to its total.
 */
function scoreStored(fields: EvalReport['fields'], want: ExpectedInvoice, got: RentNoticeParse | undefined): string[] {
  const missed: string[] = [];
  const check = (name: string, ok: boolean) => {
    score(fields, name, ok);
    if (!ok) missed.push(name);
  };
  const item = got && buildRentalItem(got, { userId: 'eval', key: want.file });
  if (want.valid !== false) check('stored_ok', item?.parse_status === 'ok');
  const extra = item ? Object.keys(item).filter((k) => !DOCUMENTED_KEYS.has(k) && !(got!.layout === 'wallenstam' && k in got!.extra)) : [];
  check('attributes_documented', item !== undefined && extra.length === 0);
  check('items_sum_to_total', got !== undefined && !validateParse(got).reasons.some((r) => r === 'line_items_sum_mismatch' || r === 'line_items_missing'));
  return missed;
}

export async function evalInvoices(corpusDir: string): Promise<EvalReport> {
  const expected = await readJsonl<ExpectedInvoice>(path.join(corpusDir, 'invoices', 'expected.jsonl'));
  const fields: EvalReport['fields'] = {};
  const notes: string[] = [];
  for (const want of expected) {
    let got: RentNoticeParse | undefined;
    try {
      const text = await extractPdfText(await readFile(path.join(corpusDir, want.file)));
      if (text.ok) got = parseRentNotice(text.text);
      else notes.push(`${want.file}: no text (${text.reason})`);
    } catch (err) {
      notes.push(`${want.file}: unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const missed = scoreInvoice(fields, want, got);
    if (want.kind === 'rent_notice') missed.push(...scoreStored(fields, want, got));
    if (got && missed.length > 0) notes.push(`${want.file}: missed ${missed.join(', ')}`);
  }
  return { kind: 'invoices', records: expected.length, fields, notes };
}

interface ExpectedRef {
  value: string;
  kind: 'ocr' | 'bankgiro' | 'plusgiro';
  length_digit?: boolean;
  valid: boolean;
}

function refValid(r: ExpectedRef): boolean {
  if (r.kind === 'bankgiro') return isValidBankgiro(r.value);
  if (r.kind === 'plusgiro') return isValidPlusgiro(r.value);
  return isValidOcr(r.value, r.length_digit ? 'length' : 'plain');
}

export async function evalPaymentRefs(corpusDir: string): Promise<EvalReport> {
  const refs = await readJsonl<ExpectedRef>(path.join(corpusDir, 'payment-refs', 'ocr.jsonl'));
  const fields: EvalReport['fields'] = {};
  const notes: string[] = [];
  for (const r of refs) {
    const ok = refValid(r) === r.valid;
    score(fields, r.kind, ok);
    if (!ok) notes.push(`${r.kind} ${JSON.stringify(r.value)}: expected valid=${r.valid}`);
  }
  return { kind: 'payment-refs', records: refs.length, fields, notes };
}
