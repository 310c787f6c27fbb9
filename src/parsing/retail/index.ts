/**
 * Retail receipt extraction: one receipt email → the stored base row and detail row.
 * Cascade (ARCHITECTURE property 5): schema.org markup → vendor rules (JSON data in
 * `vendor-rules/`) → generic EN/SV rules → optional LLM for what is still missing; then the
 * arithmetic/date/currency checks decide `ok` vs `needs_review`.
 */
export { extractReceipt, type ExtractOptions } from './cascade.js';
export { receiptInputFromEml, receiptInputFromHtml, receiptInputFromText } from './input.js';
export { buildRetailRows, parseRetailKey, retailInvoiceId, InvalidRetailKeyError, type RetailBaseRow, type RetailDetailRow, type RetailKey, type RowContext } from './rows.js';
export { loadVendorRules, parseVendorRules, type VendorRules, type VendorRuleSet } from './vendor-rules.js';
export type { ReceiptInput, RetailExtraction, Provenance, RetailBaseFields } from './types.js';
