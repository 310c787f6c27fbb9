import { RETAIL_SUBTYPES, type RetailSubtype } from '../domain/retail-subtypes.js';

/**
 * The vendors whose receipts are fetched: `VendorConfig` items (docs/data-model.md#vendorconfig). DynamoDB string
 * sets (SS) are string arrays here; the adapters translate. Subject keywords are phrases, or
 * groups combined with AND/OR (docs/flows.md#receipt-queries).
 */
export interface SubjectKeywordGroup {
  keywords: string[];
  logic: 'AND' | 'OR';
}
export type SubjectKeyword = string | SubjectKeywordGroup;

export interface VendorConfig {
  vendor_id: string;
  vendor_name: string;
  invoice_category: 'retail';
  invoice_sub_type: RetailSubtype;
  default_email_patterns: string[];
  default_subject_keywords: SubjectKeyword[];
  parser_type: string;
  active: boolean;
  supports_pdf: boolean;
  supports_html: boolean;
  logo_url: string;
  created_at: string;
  updated_at: string;
}

export interface Vendors {
  /** Every vendor, every page, ordered by `vendor_id`. */
  list(): Promise<VendorConfig[]>;
  /** Active vendors, optionally of one sub-type, ordered by `vendor_id`. */
  listActive(subType?: RetailSubtype): Promise<VendorConfig[]>;
  get(vendorId: string): Promise<VendorConfig | undefined>;
  /** Adds the vendor unless the id exists (never overwrites, like the original seed script); false if it existed. */
  add(vendor: VendorConfig): Promise<boolean>;
  /** Writes the vendor whether or not it exists (an operator configuring a seeded vendor). */
  replace(vendor: VendorConfig): Promise<void>;
  /** Sets `active` and `updated_at`; false if there is no such vendor. */
  setActive(vendorId: string, active: boolean, updatedAt: string): Promise<boolean>;
}

/** The `listActive` filter, shared by the adapters: active, a known sub-type, and the requested one if any. */
export const activeOf =
  (subType?: RetailSubtype) =>
  (v: VendorConfig): boolean =>
    v.active && (RETAIL_SUBTYPES as readonly string[]).includes(v.invoice_sub_type) && (!subType || v.invoice_sub_type === subType);
