/**
 * Structured rent-notice parse → the `RentalInvoices` DynamoDB item (DATA.md §3, FLOWS.md §H
 * steps 3–4), with DECISIONS D3: every key the iOS `RentalInvoice` model requires is always
 * present with its JSON type, and an invoice that fails validation is stored with
 * `parse_status: "needs_review"` and the reasons instead of being dropped.
 *
 * Validation (each failure adds a reason):
 * - total present (`total_missing`) and positive (`total_not_positive`);
 * - due date present (`due_date_missing`) and plausible: a real calendar date not before
 *   2000-01-01 and at most 400 days after the processing time (`due_date_out_of_range`).
 *   Old notices are legitimate (mailbox back-fill); notices are never sent a year ahead.
 * - OCR present (`ocr_missing`) with a valid Bankgirot check digit, with or without length
 *   digit (`ocr_check_digit`);
 * - line items present (`line_items_missing`) and summing to the total within 1 kr
 *   (`line_items_sum_mismatch`). VAT lines may be included in the total or added to it, so
 *   either sum is accepted;
 * - a printed bankgiro/plusgiro with a bad check digit (`bankgiro_invalid`/`plusgiro_invalid`);
 * - parser warnings (e.g. `breakdown_unpaired`) are passed through.
 */
import { isValidBankgiro, isValidOcr, isValidPlusgiro, minorToMajor, minorToWholeMajor } from '../../domain/checks.js';
import { extractPdfText, type PdfLimits, type PdfRejectReason } from './pdf-text.js';
import { type LineItemKind, parseRentNotice, type RentNoticeParse } from './rent-notice.js';

export type RentalItem = Record<string, string | number | string[] | Array<{ label: string; kind: LineItemKind; amount: number }>>;

export interface BuildOptions {
  userId: string;
  /** S3 key or file path of the PDF (already URL-decoded); only its base name is used. */
  key: string;
  /** Clock for the due-date plausibility check. */
  now?: Date;
}

/** §H step 3: keys the original removes (hard-coded month codes of retroactive rent). */
const DROPPED_KEYS = new Set(['UserID', 'Mervärdesskatt 25%', 'Retroaktiv hyra avser 2302', 'Retroaktiv hyra avser 2402', 'Retroaktiv hyra avser 2403']);
const MAX_DAYS_AHEAD = 400;
const EARLIEST_DUE = '2000-01-01';
const SUM_TOLERANCE = 100; // 1 kr in öre
/** Bounds on extra label attributes, so a noisy document cannot bloat the item (400 KB limit). */
const MAX_EXTRAS = 20;
const MAX_EXTRA_KEY = 100;

/** Item keys an extra breakdown label must never overwrite. */
const CORE_KEYS = new Set([
  'UserID', 'InvoiceID', 'Filename', 'OCR', 'Due Date', 'due_date_month', 'due_date_year', 'Total Amount',
  'Hyra', 'El', 'Kallvatten', 'Varmvatten', 'Moms', 'line_items', 'total_amount_exact', 'bankgiro', 'plusgiro',
  'parse_status', 'parse_reasons',
]);

export function baseName(key: string): string {
  const file = key.split(/[\\/]/).pop() ?? key;
  return file.replace(/\.[^.]*$/, '');
}

function sumOf(parse: RentNoticeParse, kind: LineItemKind): number {
  return parse.lineItems.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount, 0);
}

function dueDateFields(iso: string | undefined): Record<string, string> {
  if (!iso) return { 'Due Date': '', due_date_month: '', due_date_year: '' };
  const [y, m, d] = iso.split('-');
  return { 'Due Date': `${d}-${m}-${y}`, due_date_month: String(Number(m)), due_date_year: y! };
}

export function validateParse(parse: RentNoticeParse, now: Date = new Date()): string[] {
  const reasons = [...parse.warnings];
  if (parse.total === undefined) reasons.push('total_missing');
  else if (parse.total <= 0) reasons.push('total_not_positive');
  if (!parse.dueDate) {
    if (!reasons.includes('due_date_unparseable')) reasons.push('due_date_missing');
  } else {
    const latest = new Date(now.getTime() + MAX_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
    if (parse.dueDate < EARLIEST_DUE || parse.dueDate > latest) reasons.push('due_date_out_of_range');
  }
  if (!parse.ocr) reasons.push('ocr_missing');
  else if (!isValidOcr(parse.ocr, 'any')) reasons.push('ocr_check_digit');
  if (parse.lineItems.length === 0) reasons.push('line_items_missing');
  else if (parse.total !== undefined) {
    const all = parse.lineItems.reduce((s, l) => s + l.amount, 0);
    const net = all - sumOf(parse, 'vat');
    const close = (x: number) => Math.abs(x - parse.total!) <= SUM_TOLERANCE;
    if (!close(all) && !close(net) && !close(net + (parse.vat ?? 0))) reasons.push('line_items_sum_mismatch');
  }
  if (parse.bankgiro && !isValidBankgiro(parse.bankgiro)) reasons.push('bankgiro_invalid');
  if (parse.plusgiro && !isValidPlusgiro(parse.plusgiro)) reasons.push('plusgiro_invalid');
  return reasons;
}

export function buildRentalItem(parse: RentNoticeParse, opts: BuildOptions): RentalItem {
  const filename = baseName(opts.key);
  const reasons = validateParse(parse, opts.now);
  const item: RentalItem = {};
  const extras = Object.entries(parse.extra).filter(
    ([label]) => !DROPPED_KEYS.has(label) && !CORE_KEYS.has(label) && label.length <= MAX_EXTRA_KEY,
  );
  for (const [label, value] of extras.slice(0, MAX_EXTRAS)) item[label] = value;
  Object.assign(item, {
    UserID: opts.userId,
    InvoiceID: `Invoice_${filename.split('_').pop()}`,
    Filename: filename,
    OCR: parse.ocr ?? '',
    ...dueDateFields(parse.dueDate),
    'Total Amount': minorToWholeMajor(parse.total ?? 0),
    Hyra: minorToWholeMajor(sumOf(parse, 'rent')),
    El: minorToWholeMajor(sumOf(parse, 'electricity')),
    Kallvatten: minorToWholeMajor(sumOf(parse, 'cold_water')),
    Varmvatten: minorToWholeMajor(sumOf(parse, 'hot_water')),
    Moms: minorToWholeMajor(parse.vat ?? 0),
    line_items: parse.lineItems.map((l) => ({ label: l.label, kind: l.kind, amount: minorToMajor(l.amount) })),
    total_amount_exact: minorToMajor(parse.total ?? 0),
    parse_status: reasons.length === 0 ? 'ok' : 'needs_review',
    parse_reasons: reasons,
  });
  if (parse.bankgiro) item.bankgiro = parse.bankgiro;
  if (parse.plusgiro) item.plusgiro = parse.plusgiro;
  return item;
}

export type ParseRentalResult = { item: RentalItem } | { skipped: PdfRejectReason | 'no_rent_fields' };

export interface ParseRentalOptions extends BuildOptions {
  limits?: Partial<PdfLimits>;
}

/**
 * PDF bytes → the item to store, or why nothing should be stored. A text PDF whose layout we
 * do not recognise still becomes a `needs_review` item when a total or a due date was found
 * (a person can finish it); with neither there is nothing worth storing (`no_rent_fields`).
 */
export async function parseRentalPdf(bytes: Uint8Array, opts: ParseRentalOptions): Promise<ParseRentalResult> {
  const text = await extractPdfText(bytes, opts.limits);
  if (!text.ok) return { skipped: text.reason };
  const parse = parseRentNotice(text.text);
  if (parse.total === undefined && parse.dueDate === undefined) return { skipped: 'no_rent_fields' };
  return { item: buildRentalItem(parse, opts) };
}
