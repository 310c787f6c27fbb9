import type { RetailSubtype } from '../../config.js';
import type { ReceiptLlm } from '../../ports/receipt-llm.js';
import { notReceiptReason } from './classify.js';
import { plausibleDate } from './dates.js';
import { buildDetail, DETAIL_FIELDS } from './detail.js';
import { loadDocument, type ReceiptDocument } from './document.js';
import { extractGeneric, vendorDisplayName } from './generic.js';
import { buildPrompt, llmFields, llmText, readLlmAnswer, responseSchema } from './llm.js';
import { extractMarkup, isShippingOnlyMarkup } from './markup.js';
import { KNOWN_CURRENCIES, round2 } from './money.js';
import type { ExtraFields, Provenance, ReceiptInput, RetailBaseFields, RetailExtraction, StageResult } from './types.js';
import { applyVendorRules, findRuleSet, type VendorRules } from './vendor-rules.js';

export interface ExtractOptions {
  vendorRules?: VendorRules;
  llm?: ReceiptLlm;
  now: Date;
}

const BASE_KEYS = ['vendor_name', 'total_amount', 'currency', 'invoice_date', 'order_id'] as const;

/** Accumulates stage results: a stage only fills what is still missing, and each value keeps its origin. */
class Fields {
  readonly values: Record<string, unknown> = {};
  readonly provenance: Record<string, Provenance> = {};
  fill(result: StageResult, source: Provenance): void {
    for (const [k, v] of Object.entries(result)) {
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
      if (this.values[k] !== undefined) continue;
      this.values[k] = v;
      this.provenance[k] = source;
    }
  }
  missing(keys: readonly string[]): string[] {
    return keys.filter((k) => this.values[k] === undefined);
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

/** Items + fees + tax − discounts should give the total; tax may already be inside the prices. */
function arithmeticReason(total: number, x: ExtraFields): string | undefined {
  if (!x.items?.length) return undefined;
  const items = round2(x.items.reduce((a, i) => a + i.price * i.quantity, 0));
  const base = items + (x.delivery_fee ?? 0) - (x.discount ?? 0);
  const tolerance = Math.max(0.05, Math.abs(total) * 0.005);
  const candidates = [base, base + (x.tax ?? 0), x.subtotal !== undefined ? x.subtotal + (x.delivery_fee ?? 0) + (x.tax ?? 0) - (x.discount ?? 0) : NaN];
  if (candidates.some((c) => Math.abs(c - total) <= tolerance)) return undefined;
  return `items, fees, tax and discounts add up to ${round2(base)}, not the total ${total}`;
}

export async function extractReceipt(input: ReceiptInput, opts: ExtractOptions): Promise<RetailExtraction> {
  const doc = safeDocument(input);
  const subType: RetailSubtype = input.subType ?? 'miscellaneous';
  const fields = new Fields();
  const reasons: string[] = [];

  const markup = (() => {
    try {
      return extractMarkup(doc.$);
    } catch {
      return { result: {}, types: [] as string[] };
    }
  })();
  fields.fill(markup.result, 'markup');
  const ruleSet = findRuleSet(opts.vendorRules, input);
  fields.fill(applyVendorRules(ruleSet, doc), 'vendor');
  const generic = extractGeneric(doc, input);
  fields.fill(generic.result, 'generic');
  if (input.emailDate) fields.fill({ invoice_date: input.emailDate }, 'email');

  const hasOrderMarkup = markup.types.some((t) => /^(Order|Invoice)$/i.test(t));
  const notReceipt = hasOrderMarkup ? undefined : notReceiptReason(doc, input, fields.values as StageResult, isShippingOnlyMarkup(markup.types));

  if (!notReceipt && opts.llm) {
    const wanted = llmFields(subType);
    const missing = fields.missing(wanted);
    if (missing.length) {
      const vendorName = fields.values.vendor_name as string | undefined;
      try {
        const answer = await opts.llm.extract({
          subType,
          ...(vendorName ? { vendorName } : {}),
          prompt: buildPrompt(subType, vendorName, missing, llmText(doc)),
          schema: responseSchema(subType, missing),
        });
        const read = readLlmAnswer(answer, missing);
        if (read.ok) fields.fill(read.result, 'llm');
        else reasons.push(read.reason);
      } catch (err) {
        reasons.push(`llm unavailable: ${err instanceof Error ? err.message.slice(0, 120) : 'error'}`);
      }
    }
  }

  const v = fields.values;
  if (v.vendor_name === undefined && input.vendorId) fields.fill({ vendor_name: vendorDisplayName(input.vendorId) }, 'default');

  // Checks that decide ok vs needs_review.
  let invoiceDate = (v.invoice_date as string | undefined) ?? null;
  if (invoiceDate && !plausibleDate(invoiceDate, opts.now)) {
    reasons.push(`invoice_date ${invoiceDate} is implausible`);
    invoiceDate = null;
    delete fields.provenance.invoice_date;
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
