import type { RetailSubtype } from '../../domain/retail-subtypes.js';

/** One receipt email as the extractor sees it. Every field is optional: bad input is normal. */
export interface ReceiptInput {
  html?: string;
  text?: string;
  subject?: string;
  /** Sender address (lower-case). */
  from?: string;
  /** Sender display name. */
  fromName?: string;
  /** The email's own calendar date, `YYYY-MM-DD`. */
  emailDate?: string;
  /** VendorConfig id (first part of the S3 file name), e.g. `foodora`. */
  vendorId?: string;
  subType?: RetailSubtype;
}

/** Which stage of the cascade produced a value. */
export type Provenance = 'markup' | 'vendor' | 'generic' | 'llm' | 'email' | 'default';

export interface RetailBaseFields {
  vendor_name: string | null;
  total_amount: number | null;
  currency: string | null;
  invoice_date: string | null;
  order_id: string | null;
}

export interface LineItem {
  name: string;
  price: number;
  quantity: number;
  description?: string | null;
  brand?: string;
  unit?: string;
  category?: string;
}

export interface TravelLeg {
  departure_location: string;
  arrival_location: string;
  departure_date: string | null;
  arrival_date: string | null;
}

/**
 * Everything the stages can find beyond the base fields. The per-category detail row (docs/data-model.md#retail-categories)
 * is projected from this in `detail.ts`, so stages never need to know the category.
 */
export interface ExtraFields {
  items?: LineItem[];
  delivery_fee?: number;
  tax?: number;
  discount?: number;
  subtotal?: number;
  payment_method?: string;
  merchant?: string;
  /** The payment processor or platform the merchant was paid through (PayPal, Toast, Uber Eats…). */
  platform?: string;
  receipt_number?: string;
  invoice_number?: string;
  duration?: string;
  description?: string;
  notes?: string;
  category?: string;
  store_name?: string;
  store_location?: string;
  utility_type?: string;
  provider?: string;
  usage_details?: string;
  transport_type?: string;
  transport_company?: string;
  booking_reference?: string;
  travel_details?: TravelLeg[];
  passengers?: { name: string }[];
}

export type FieldName = keyof RetailBaseFields | keyof ExtraFields;

/** The partial answer of one stage: values plus nothing else (provenance is added by the cascade). */
export type StageResult = Partial<{ [K in keyof RetailBaseFields]: NonNullable<RetailBaseFields[K]> }> & ExtraFields;

export type DetailRecord = Record<string, unknown>;

export interface RetailExtraction {
  isReceipt: boolean;
  notReceiptReason?: string;
  base: RetailBaseFields;
  /** Category fields of docs/data-model.md#retail-categories (without InvoiceID). */
  detail: DetailRecord;
  provenance: Record<string, Provenance>;
  /** Why the chosen candidate won, per field (e.g. the total's label, position and arithmetic fit). */
  evidence: Record<string, string>;
  status: 'ok' | 'needs_review';
  reasons: string[];
}
