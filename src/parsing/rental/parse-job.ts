import type { BudgetReason } from '../document-limits.js';
import { pdfExpandsBeyond } from '../document-limits.js';
import { buildRentalItem, parseRentalPdf, type BuildOptions, type ParseRentalResult } from './rental-item.js';

export interface RentalJob {
  kind: 'rental';
  bytes: Uint8Array;
  opts: BuildOptions;
}

/** A rent notice that could not be read within budget: stored for review, no amounts. */
export function rentalOverBudget(job: RentalJob, reason: BudgetReason): ParseRentalResult {
  return { item: buildRentalItem({ lineItems: [], extra: {}, layout: 'generic', problems: [reason] }, job.opts) };
}

/** `parseRentalPdf` behind the expansion cap. */
export async function parseRentalJob(job: RentalJob): Promise<ParseRentalResult> {
  if (pdfExpandsBeyond(job.bytes)) return rentalOverBudget(job, 'pdf_expands_too_much');
  return parseRentalPdf(job.bytes, job.opts);
}
