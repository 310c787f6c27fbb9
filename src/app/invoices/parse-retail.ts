/**
 * `parse_retail_invoice` (docs/flows.md#f9 with docs/compatibility.md#d5, docs/compatibility.md#d6): a stored receipt HTML → one
 * `RetailInvoices` base row + one detail row. The InvoiceID is derived from the object key, so a
 * re-delivered event overwrites the same invoice. A key that is not a retail key, an object that
 * is gone, or a document that is not a receipt is logged with its reason and not retried (a retry
 * could not change the outcome); reading the object or writing the rows throws so the runtime
 * retries and finally dead-letters the event.
 */
import type { DocumentParser } from '../../parsing/document-parser.js';
import { parseReceiptJob } from '../../parsing/retail/parse-job.js';
import { buildRetailRows, InvalidRetailKeyError, parseStoredRetailKey, type RetailKey } from '../../parsing/retail/rows.js';
import type { VendorRules } from '../../parsing/retail/vendor-rules.js';
import type { Clock } from '../../ports/clock.js';
import type { Objects } from '../../ports/objects.js';
import type { ReceiptLlm } from '../../ports/receipt-llm.js';
import type { RetailInvoices } from '../../ports/retail-invoices.js';
import type { Users } from '../../ports/users.js';
import type { Logger } from '../../ports/log.js';

export interface RetailParseDeps {
  clock: Clock;
  log: Logger;
  objects: Objects;
  retailInvoices: RetailInvoices;
  vendorRules: VendorRules;
  /** Only when an LLM is configured; the cascade asks it for what is still missing or disputed. */
  receiptLlm?: ReceiptLlm;
  /** The local runtime's worker pool; absent (Lambda, CLI): parsed in this process. */
  documentParser?: DocumentParser;
  /** The account holder's name and address are redacted from what the LLM sees. */
  users: Pick<Users, 'getById'>;
}

export type RetailParseOutcome =
  | { status: 'stored'; invoiceId: string; subType: string; parseStatus: string }
  | { status: 'skipped'; reason: string };

const decoder = new TextDecoder('utf-8');

/** `key` as stored: object-created events carry keys already URL-decoded. */
export async function parseRetailObject(deps: RetailParseDeps, key: string): Promise<RetailParseOutcome> {
  const skip = (reason: string, fields: Record<string, unknown> = {}): RetailParseOutcome => {
    deps.log.info('retail object skipped', { reason, ...fields });
    return { status: 'skipped', reason };
  };
  let parsed: RetailKey;
  try {
    parsed = parseStoredRetailKey(key);
  } catch (err) {
    if (err instanceof InvalidRetailKeyError) return skip('not_a_retail_key');
    throw err;
  }
  const { userId, subType, vendorId, fileDate } = parsed;
  const obj = await deps.objects.get(key);
  // Gone since the event was raised (deleted invoice or account): nothing left to parse.
  if (!obj) return skip('object_missing', { user_id: userId });

  const input = { html: decoder.decode(obj.body), vendorId, subType, ...(fileDate ? { emailDate: fileDate } : {}) };
  // Read only when an LLM may be asked: its prompt must not carry the holder's own name or address.
  const user = deps.receiptLlm ? await deps.users.getById(userId) : undefined;
  const job = { kind: 'receipt' as const, input, now: deps.clock.now(), ...(user ? { holder: { name: user.name, email: user.email } } : {}) };
  // `in`, not a read: Lambda's deps hold only the ports its manifest grants, and reading another throws.
  const pool = 'documentParser' in deps ? deps.documentParser : undefined;
  const extraction = await (pool
    ? pool.parse(job)
    : parseReceiptJob(job, { vendorRules: deps.vendorRules, ...(deps.receiptLlm ? { llm: deps.receiptLlm } : {}) }));
  if (!extraction.isReceipt) {
    return skip('not_a_receipt', { user_id: userId, vendor_id: vendorId, detail: extraction.notReceiptReason ?? null });
  }
  const { base, detail } = buildRetailRows(extraction, { userId, subType, key, lastModified: obj.lastModified, createdAt: deps.clock.now() });
  await deps.retailInvoices.put({ ...base }, detail);
  deps.log.info('retail invoice stored', { user_id: userId, invoice_id: base.InvoiceID, sub_type: subType, vendor_id: vendorId, parse_status: base.parse_status });
  return { status: 'stored', invoiceId: base.InvoiceID, subType, parseStatus: base.parse_status };
}
