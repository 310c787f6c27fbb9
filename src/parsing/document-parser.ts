/**
 * The one entry the parse use-cases call for a stored document, with the input caps applied
 * first. A document over a cap or over its time/memory budget is not an error: it becomes a
 * `needs_review` result with the reason, so a person sees it and nothing is retried forever.
 *
 * Two implementations: `inProcessParser` (Lambda, the CLI: each Lambda invocation is its own
 * process with its own timeout and memory, so a slow document stalls nobody else) and the local
 * runtime's worker pool (`adapters/local/parse-pool.ts`), which runs the same `runParseJob` on a
 * worker thread so the one server process keeps answering while a document is parsed.
 */
import type { RetailSubtype } from '../config.js';
import type { ReceiptLlm } from '../ports/receipt-llm.js';
import { htmlDeeperThan, htmlText, pdfExpandsBeyond } from './document-limits.js';
import { buildRentalItem, parseRentalPdf, type BuildOptions, type ParseRentalResult } from './rental/rental-item.js';
import { extractReceipt } from './retail/cascade.js';
import { buildDetail } from './retail/detail.js';
import type { ReceiptInput, RetailExtraction } from './retail/types.js';
import type { VendorRules } from './retail/vendor-rules.js';

/** Why a document was not (fully) parsed; stored among the `needs_review` reasons. */
export type BudgetReason = 'pdf_expands_too_much' | 'html_too_deep' | 'parse_timeout' | 'parse_memory_exceeded';

export type ParseJob =
  | { kind: 'rental'; bytes: Uint8Array; opts: BuildOptions }
  | { kind: 'receipt'; input: ReceiptInput; now: Date };

export type ParseJobResult<J extends ParseJob> = J extends { kind: 'rental' } ? ParseRentalResult : RetailExtraction;

export interface ReceiptContext {
  vendorRules?: VendorRules;
  llm?: ReceiptLlm;
}

export interface DocumentParser {
  parse<J extends ParseJob>(job: J): Promise<ParseJobResult<J>>;
  /** Stops the workers (pool only). */
  close?(): Promise<void>;
}

/** A rent notice that could not be read within budget: stored for review, no amounts. */
function rentalOverBudget(opts: BuildOptions, reason: BudgetReason): ParseRentalResult {
  return { item: buildRentalItem({ lineItems: [], extra: {}, layout: 'generic', warnings: [reason] }, opts) };
}

/** A receipt that could not be read within budget: stored for review with empty fields. */
function receiptOverBudget(subType: RetailSubtype | undefined, reason: BudgetReason): RetailExtraction {
  const base = { vendor_name: null, total_amount: null, currency: null, invoice_date: null, order_id: null };
  return { isReceipt: true, base, detail: buildDetail(subType ?? 'miscellaneous', base, {}), provenance: {}, status: 'needs_review', reasons: [reason] };
}

/** The `needs_review` result for `job` when it ran out of budget. */
export function overBudget<J extends ParseJob>(job: J, reason: BudgetReason): ParseJobResult<J> {
  const result = job.kind === 'rental' ? rentalOverBudget(job.opts, reason) : receiptOverBudget(job.input.subType, reason);
  return result as ParseJobResult<J>;
}

/** Parses one job in this thread, caps first. */
export async function runParseJob<J extends ParseJob>(job: J, ctx: ReceiptContext): Promise<ParseJobResult<J>> {
  if (job.kind === 'rental') {
    if (pdfExpandsBeyond(job.bytes)) return overBudget(job, 'pdf_expands_too_much');
    return (await parseRentalPdf(job.bytes, job.opts)) as ParseJobResult<J>;
  }
  const opts = { now: job.now, ...(ctx.vendorRules ? { vendorRules: ctx.vendorRules } : {}), ...(ctx.llm ? { llm: ctx.llm } : {}) };
  const { html, ...rest } = job.input;
  if (html && htmlDeeperThan(html)) {
    // The markup is refused; the words are still read, from the text part when there is one.
    const text = rest.text ?? htmlText(html);
    const got = await extractReceipt({ ...rest, text }, opts);
    return { ...got, status: 'needs_review', reasons: ['html_too_deep', ...got.reasons] } as ParseJobResult<J>;
  }
  return (await extractReceipt(job.input, opts)) as ParseJobResult<J>;
}

export function inProcessParser(ctx: ReceiptContext): DocumentParser {
  return { parse: (job) => runParseJob(job, ctx) };
}
