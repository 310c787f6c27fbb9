import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import type { ReceiptLlm } from '../../ports/receipt-llm.js';
import { notReceiptReason } from './classify.js';
import { plausibleDate } from './dates.js';
import { buildDetail, DETAIL_FIELDS } from './detail.js';
import { loadDocument, type ReceiptDocument } from './document.js';
import { extractGeneric, PURCHASE_DATE_LABEL, vendorDisplayName } from './generic.js';
import { arithmeticReason } from './checks.js';
import { runLlmStage, type AccountHolder } from './llm.js';
import { extractMarkup, isShippingOnlyMarkup } from './markup.js';
import { KNOWN_CURRENCIES } from './money.js';
import type { ExtraFields, Provenance, ReceiptInput, RetailBaseFields, RetailExtraction, StageResult } from './types.js';
import { applyVendorRules, findRuleSet, type VendorRules } from './vendor-rules.js';

export interface ExtractOptions {
  vendorRules?: VendorRules;
  llm?: ReceiptLlm;
  /** The mailbox owner: redacted from anything sent to the LLM. */
  holder?: AccountHolder;
  now: Date;
}

const BASE_KEYS = ['vendor_name', 'total_amount', 'currency', 'invoice_date', 'order_id'] as const;

/** Base fields whose disagreeing stages make the LLM arbiter (when one is configured). */
const DISPUTABLE = new Set(['vendor_name', 'total_amount', 'currency', 'invoice_date']);
const comparable = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);

/**
 * Accumulates stage results: a stage only fills what is still missing, and each value keeps its
 * origin. A later stage's different value for a base field is kept as a disputing candidate.
 */
class Fields {
  readonly values: Record<string, unknown> = {};
  readonly provenance: Record<string, Provenance> = {};
  readonly candidates: Record<string, { value: unknown; source: Provenance }[]> = {};
  fill(result: StageResult, source: Provenance): void {
    for (const [k, v] of Object.entries(result)) {
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (DISPUTABLE.has(k)) (this.candidates[k] ??= []).push({ value: v, source });
      if (this.values[k] !== undefined) continue;
      this.values[k] = v;
      this.provenance[k] = source;
    }
  }
  /** Fields the document's own stages (not the email-date fallback) gave different values for. */
  disputed(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const [k, list] of Object.entries(this.candidates)) {
      const own = list.filter((c) => c.source !== 'email' && c.source !== 'default');
      if (new Set(own.map((c) => comparable(c.value))).size > 1) out[k] = own.map((c) => c.value);
    }
    return out;
  }
  /** The LLM settled a dispute: the candidate it agrees with wins, and the LLM is its provenance. */
  settle(result: StageResult): void {
    for (const [k, v] of Object.entries(result)) {
      const winner = this.candidates[k]?.find((c) => comparable(c.value) === comparable(v));
      if (!winner) continue;
      this.values[k] = winner.value;
      this.provenance[k] = 'llm';
    }
  }
}

function safeDocument(input: ReceiptInput): ReceiptDocument {
  try {
    return loadDocument(input);
  } catch {
    // A parser failure on hostile HTML degrades to the text part, never to an exception.
    return loadDocument({ ...(input.text ? { text: input.text } : {}) });
  }
}

export async function extractReceipt(input: ReceiptInput, opts: ExtractOptions): Promise<RetailExtraction> {
  const doc = safeDocument(input);
  const subType: RetailSubtype = input.subType ?? 'miscellaneous';
  const fields = new Fields();
  const reasons: string[] = [];

  const markup = (() => {
    try {
      return extractMarkup(doc);
    } catch {
      return { result: {}, types: [] as string[] };
    }
  })();
  fields.fill(markup.result, 'markup');
  const ruleSet = findRuleSet(opts.vendorRules, input);
  fields.fill(applyVendorRules(ruleSet, doc), 'vendor');
  const generic = extractGeneric(doc, input);
  fields.fill(generic.result, 'generic');
  // Totals the generic rules could not choose between are candidates an LLM may settle.
  for (const [k, list] of Object.entries(generic.disputed)) for (const value of list) (fields.candidates[k] ??= []).push({ value, source: 'generic' });
  if (input.emailDate) fields.fill({ invoice_date: input.emailDate }, 'email');

  const hasOrderMarkup = markup.types.some((t) => /^(Order|Invoice)$/i.test(t));
  const notReceipt = hasOrderMarkup ? undefined : notReceiptReason(doc, input, fields.values as StageResult, isShippingOnlyMarkup(markup.types));

  if (!notReceipt && opts.llm) {
    const llm = await runLlmStage({
      llm: opts.llm,
      doc,
      subType,
      values: fields.values,
      disputed: fields.disputed(),
      ...(input.vendorId ? { vendorId: input.vendorId } : {}),
      ...(opts.holder ? { holder: opts.holder } : {}),
      now: opts.now,
    });
    fields.fill(llm.filled, 'llm');
    fields.settle(llm.settled);
    reasons.push(...llm.reasons);
  }

  const v = fields.values;
  if (v.vendor_name === undefined && input.vendorId) fields.fill({ vendor_name: vendorDisplayName(input.vendorId) }, 'default');

  // Checks that decide ok vs needs_review.
  let invoiceDate = (v.invoice_date as string | undefined) ?? null;
  if (invoiceDate && !plausibleDate(invoiceDate, opts.now)) {
    // A future date the document labels as its purchase/booking date (a document dated ahead, or
    // a wrong clock here) is kept as printed, for review, when the email has no date to trust
    // instead; any other implausible date is more likely a travel or delivery date and is dropped.
    const labelled = fields.provenance.invoice_date === 'generic' && generic.evidence.invoice_date === PURCHASE_DATE_LABEL && invoiceDate >= '2000-01-01';
    const fallback = input.emailDate && plausibleDate(input.emailDate, opts.now) ? input.emailDate : undefined;
    if (labelled && !fallback) reasons.push(`invoice_date ${invoiceDate} is after the processing date`);
    else {
      reasons.push(`invoice_date ${invoiceDate} is implausible`);
      invoiceDate = fallback ?? null;
      if (fallback) fields.provenance.invoice_date = 'email';
      else delete fields.provenance.invoice_date;
    }
  }
  const total = v.total_amount as number | undefined;
  const disputedTotals = fields.provenance.total_amount === 'generic' ? generic.disputed.total_amount : undefined;
  if (disputedTotals) reasons.push(`totals disagree: ${disputedTotals.join(' vs ')}`);
  if (total === undefined) reasons.push('total_amount not found');
  else if (total <= 0) reasons.push('total_amount is not positive');
  if (v.vendor_name === undefined) reasons.push('vendor_name not found');
  if (!invoiceDate) reasons.push('invoice_date not found');
  const currency = v.currency as string | undefined;
  if (!currency) reasons.push('currency not found');
  else if (!KNOWN_CURRENCIES.has(currency)) reasons.push(`currency ${currency} unknown`);
  if (total !== undefined) {
    const r = arithmeticReason(total, v as ExtraFields);
    if (r) reasons.push(r);
  }

  const base: RetailBaseFields = {
    vendor_name: (v.vendor_name as string | undefined) ?? null,
    total_amount: total ?? null,
    currency: currency ?? null,
    invoice_date: invoiceDate,
    order_id: (v.order_id as string | undefined) ?? null,
  };
  const extras = v as ExtraFields;
  const detail = buildDetail(subType, base, extras);
  const provenance: Record<string, Provenance> = {};
  for (const k of [...BASE_KEYS, ...DETAIL_FIELDS[subType]]) if (fields.provenance[k]) provenance[k] = fields.provenance[k]!;
  // The winning candidate's evidence, for the values the generic rules chose.
  const evidence: Record<string, string> = {};
  for (const [k, e] of Object.entries(generic.evidence)) if (fields.provenance[k] === 'generic') evidence[k] = e;

  return {
    isReceipt: !notReceipt,
    ...(notReceipt ? { notReceiptReason: notReceipt } : {}),
    base,
    detail,
    provenance,
    evidence,
    status: reasons.length || notReceipt ? 'needs_review' : 'ok',
    reasons: notReceipt ? [`not a receipt: ${notReceipt}`, ...reasons] : reasons,
  };
}
