import type { ReceiptLlm } from '../../ports/receipt-llm.js';
import type { BudgetReason } from '../document-limits.js';
import { htmlDeeperThan, htmlText } from '../document-limits.js';
import { extractReceipt } from './cascade.js';
import type { AccountHolder } from './llm.js';
import { buildDetail } from './detail.js';
import type { ReceiptInput, RetailExtraction } from './types.js';
import type { VendorRules } from './vendor-rules.js';

export interface ReceiptJob {
  kind: 'receipt';
  input: ReceiptInput;
  now: Date;
  /** The mailbox owner, redacted from anything an LLM sees. */
  holder?: AccountHolder;
}

export interface ReceiptContext {
  vendorRules?: VendorRules;
  llm?: ReceiptLlm;
}

/** A receipt that could not be read within budget: stored for review with empty fields. */
export function receiptOverBudget(job: ReceiptJob, reason: BudgetReason): RetailExtraction {
  const base = { vendor_name: null, total_amount: null, currency: null, invoice_date: null, order_id: null };
  const detail = buildDetail(job.input.subType ?? 'miscellaneous', base, {});
  return { isReceipt: true, base, detail, provenance: {}, evidence: {}, status: 'needs_review', reasons: [reason] };
}

/** `extractReceipt` behind the depth cap. */
export async function parseReceiptJob(job: ReceiptJob, ctx: ReceiptContext): Promise<RetailExtraction> {
  const opts = { now: job.now, ...(job.holder ? { holder: job.holder } : {}), ...(ctx.vendorRules ? { vendorRules: ctx.vendorRules } : {}), ...(ctx.llm ? { llm: ctx.llm } : {}) };
  const { html, ...rest } = job.input;
  if (html && htmlDeeperThan(html)) {
    // The markup is refused; the words are still read, from the text part when there is one.
    const got = await extractReceipt({ ...rest, text: rest.text ?? htmlText(html) }, opts);
    return { ...got, status: 'needs_review', reasons: ['html_too_deep', ...got.reasons] };
  }
  return extractReceipt(job.input, opts);
}
