/**
 * Structured rent-notice parse → the `RentalInvoices` DynamoDB item (docs/data-model.md#rentalinvoices, docs/flows.md#rent-notice-rules
 * steps 3–4), with docs/compatibility.md#d3: every key the iOS `RentalInvoice` model requires is always
 * present with its JSON type.
 *
 * Two lists, both stored (docs/rental-flows.md lists every code):
 * - `parse_reasons`: a stored value may be wrong or missing; any reason makes the item
 *   `parse_status: "needs_review"`.
 * - `warnings`: facts worth showing that do not make a value doubtful (a reference that is not
 *   an OCR number, no VAT line, a line item of unknown kind); the item stays `ok`.
 */
import { isValidBankgiro, isValidOcr, isValidPlusgiro, minorToMajor, minorToWholeMajor } from '../../domain/checks.js';
import { extractPdfText, type PdfLimits, type PdfRejectReason } from './pdf-text.js';
import type { RentalItem } from '../../ports/rental-invoices.js';
import { isKnownKind, type LineItemKind, parseRentNotice, type RentNoticeParse } from './rent-notice.js';

export interface BuildOptions {
  userId: string;
  /** S3 key or file path of the PDF (already URL-decoded); only its base name is used. */
  key: string;
  /** Clock for the due-date plausibility check. */
  now?: Date;
}

/** docs/flows.md#rent-notice-rules step 3: keys the original removes (hard-coded month codes of retroactive rent). */
const DROPPED_KEYS = new Set(['UserID', 'Mervärdesskatt 25%', 'Retroaktiv hyra avser 2302', 'Retroaktiv hyra avser 2402', 'Retroaktiv hyra avser 2403']);
const MAX_DAYS_AHEAD = 400;
const EARLIEST_DUE = '2000-01-01';
const SUM_TOLERANCE = 100; // 1 kr in öre
/** Bounds on extra label attributes, so a noisy document cannot bloat the item (400 KB limit). */
const MAX_EXTRAS = 20;
const MAX_EXTRA_KEY = 100;

/**
 * Every attribute an item can have (docs/data-model.md#rentalinvoices plus ours). Only Wallenstam's layout adds its
 * extra breakdown labels (docs/flows.md#rent-notice-rules); no other attribute name ever comes from the document.
 */
export const DOCUMENTED_KEYS: ReadonlySet<string> = new Set([
  'UserID', 'InvoiceID', 'Filename', 'OCR', 'Due Date', 'due_date_month', 'due_date_year', 'Total Amount',
  'Hyra', 'El', 'Kallvatten', 'Varmvatten', 'Moms', 'line_items', 'total_amount_exact', 'bankgiro', 'plusgiro',
  'parse_status', 'parse_reasons', 'warnings',
]);

export function baseName(key: string): string {
  const file = key.split(/[\\/]/).pop() ?? key;
  return file.replace(/\.[^.]*$/, '');
}

function sumOf(parse: RentNoticeParse, kind: LineItemKind): number {
  return parse.lineItems.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount, 0);
}

function dueDateFields(iso: string | undefined): { 'Due Date': string; due_date_month: string; due_date_year: string } {
  if (!iso) return { 'Due Date': '', due_date_month: '', due_date_year: '' };
  const [y, m, d] = iso.split('-');
  return { 'Due Date': `${d}-${m}-${y}`, due_date_month: String(Number(m)), due_date_year: y! };
}

export interface Validation {
  reasons: string[];
  warnings: string[];
}

function sumMatches(parse: RentNoticeParse): boolean {
  const all = parse.lineItems.reduce((s, l) => s + l.amount, 0);
  const net = all - sumOf(parse, 'vat');
  // VAT lines may be included in the total or added to it, so either sum is accepted.
  const close = (x: number) => Math.abs(x - parse.total!) <= SUM_TOLERANCE;
  return close(all) || close(net) || close(net + (parse.vat ?? 0));
}

export function validateParse(parse: RentNoticeParse, now: Date = new Date()): Validation {
  const reasons = [...parse.problems];
  const warnings: string[] = [];
  if (parse.total === undefined) reasons.push('total_missing');
  else if (parse.total <= 0) reasons.push('total_not_positive');
  if (!parse.dueDate) {
    if (!reasons.includes('due_date_unparseable')) reasons.push('due_date_missing');
  } else {
    // Old notices are legitimate (mailbox back-fill); notices are never sent a year ahead.
    const latest = new Date(now.getTime() + MAX_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
    if (parse.dueDate < EARLIEST_DUE || parse.dueDate > latest) reasons.push('due_date_out_of_range');
  }
  if (!parse.ocr && !parse.reference) reasons.push('ocr_missing');
  else if (!parse.ocr || !isValidOcr(parse.ocr, 'any')) {
    // Only a payee that asks for OCR rejects a number that fails the check digit; other
    // references (Referensnummer, Meddelande, text) are paid as printed.
    if (parse.ocr && parse.ocrLabelled) reasons.push('ocr_check_digit');
    else warnings.push('reference_not_ocr');
  }
  if (parse.lineItems.length === 0) reasons.push('line_items_missing');
  else if (parse.total !== undefined && !sumMatches(parse)) reasons.push('line_items_sum_mismatch');
  if (parse.bankgiro && !isValidBankgiro(parse.bankgiro)) reasons.push('bankgiro_invalid');
  if (parse.plusgiro && !isValidPlusgiro(parse.plusgiro)) reasons.push('plusgiro_invalid');
  if (parse.vat === undefined && sumOf(parse, 'vat') === 0) warnings.push('vat_missing');
  if (parse.lineItems.some((l) => !isKnownKind(l.label))) warnings.push('line_item_kind_unknown');
  return { reasons, warnings };
}

export function buildRentalItem(parse: RentNoticeParse, opts: BuildOptions): RentalItem {
  const filename = baseName(opts.key);
  const { reasons, warnings } = validateParse(parse, opts.now);
  const extras = Object.entries(parse.layout === 'wallenstam' ? parse.extra : {}).filter(
    ([label]) => !DROPPED_KEYS.has(label) && !DOCUMENTED_KEYS.has(label) && label.length <= MAX_EXTRA_KEY,
  );
  const item: RentalItem = {
    ...Object.fromEntries(extras.slice(0, MAX_EXTRAS)),
    UserID: opts.userId,
    InvoiceID: `Invoice_${filename.split('_').pop()}`,
    Filename: filename,
    OCR: parse.ocr ?? parse.reference ?? '',
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
    warnings,
  };
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
