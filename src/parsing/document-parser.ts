/**
 * The one entry the parse use-cases call for a stored document, with the input caps applied
 * first. A document over a cap or over its time/memory budget is not an error: it becomes a
 * `needs_review` result with the reason, so a person sees it and nothing is retried forever.
 *
 * The local runtime parses on a worker pool (`adapters/local/parse-pool.ts`) so its one server
 * process keeps answering while a document is parsed. Lambda (and the CLI) parse in-process
 * with the same caps through `parseRentalJob`/`parseReceiptJob`: each invocation is its own
 * process with its own timeout and memory, so a slow document stalls nobody else. Use-cases
 * import only types from here, so a Lambda bundle carries only its own parser.
 */
import type { BudgetReason } from './document-limits.js';
import { parseRentalJob, rentalOverBudget, type RentalJob } from './rental/parse-job.js';
import type { ParseRentalResult } from './rental/rental-item.js';
import { parseReceiptJob, receiptOverBudget, type ReceiptContext, type ReceiptJob } from './retail/parse-job.js';
import type { RetailExtraction } from './retail/types.js';

export type { BudgetReason } from './document-limits.js';

export type ParseJob = RentalJob | ReceiptJob;
export type ParseJobResult<J extends ParseJob> = J extends RentalJob ? ParseRentalResult : RetailExtraction;

export interface DocumentParser {
  parse<J extends ParseJob>(job: J): Promise<ParseJobResult<J>>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** The `needs_review` result for `job` when it ran out of budget. */
export function overBudget<J extends ParseJob>(job: J, reason: BudgetReason): ParseJobResult<J> {
  return (job.kind === 'rental' ? rentalOverBudget(job, reason) : receiptOverBudget(job, reason)) as ParseJobResult<J>;
}

/** Parses one job in this thread, caps first. */
export async function runParseJob<J extends ParseJob>(job: J, ctx: ReceiptContext): Promise<ParseJobResult<J>> {
  return (job.kind === 'rental' ? await parseRentalJob(job) : await parseReceiptJob(job, ctx)) as ParseJobResult<J>;
}
