import type { RetailSubtype } from '../../src/domain/retail-subtypes.js';
import type { RetailBaseRow, RetailDetailRow } from '../../src/ports/retail-invoices.js';
import type { VendorConfig } from '../../src/ports/vendors.js';

/** A base row as parse_retail_invoice writes it (docs/data-model.md#retailinvoices). */
export function baseRow(userId: string, invoiceId: string, subType: RetailSubtype, date: string, over: Partial<RetailBaseRow> = {}): RetailBaseRow {
  return {
    UserID: userId,
    InvoiceID: invoiceId,
    sub_type: subType,
    UserID_SubType: `${userId}_${subType}`,
    invoice_date: date,
    vendor_name: 'Foodora',
    total_amount: 289.5,
    currency: 'SEK',
    order_id: null,
    s3_path: `invoices/${userId}/retail/${subType}/foodora_${date}_0123abcd.html`,
    created_at: '2026-01-12T07:45:10.221000+00:00',
    payment_status: 'completed',
    ...over,
  };
}

export function detailRow(invoiceId: string, over: Record<string, unknown> = {}): RetailDetailRow {
  return {
    InvoiceID: invoiceId,
    delivery_fee: 39,
    discount: 20.5,
    items: [
      { name: 'Falafel wrap', description: 'extra garlic sauce', price: 119, quantity: 2 },
      { name: 'Dip', description: null, price: 0, quantity: 0.5 },
    ],
    ...over,
  };
}

export function vendor(id: string, subType: RetailSubtype, over: Partial<VendorConfig> = {}): VendorConfig {
  return {
    vendor_id: id,
    vendor_name: id,
    invoice_category: 'retail',
    invoice_sub_type: subType,
    default_email_patterns: [`orders@${id.replace(/[^a-z0-9.]/g, '')}.example`],
    default_subject_keywords: ['Order confirmation'],
    parser_type: 'html',
    active: true,
    supports_pdf: false,
    supports_html: true,
    logo_url: '',
    created_at: '2026-01-01T00:00:00.000000+00:00',
    updated_at: '2026-01-01T00:00:00.000000+00:00',
    ...over,
  };
}
