import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RETAIL_SUBTYPES } from '../../../src/domain/retail-subtypes.js';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';
import { receiptInputFromEml, receiptInputFromHtml, receiptInputFromText } from '../../../src/parsing/retail/input.js';
import { buildRetailRows, InvalidRetailKeyError, parseRetailKey, retailInvoiceId } from '../../../src/parsing/retail/rows.js';
import type { RetailExtraction } from '../../../src/parsing/retail/types.js';
import { loadVendorRules } from '../../../src/parsing/retail/vendor-rules.js';
import { RECEIPTS } from './fixtures.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const LAST_MODIFIED = new Date('2026-01-25T23:30:00Z');
const CREATED = new Date('2026-01-26T07:45:10.221Z');

describe('parseRetailKey', () => {
  it('reads user, sub-type, vendor and file date from a URL-encoded key', () => {
    const k = parseRetailKey('invoices/user_8e2b/retail/clothing/jack%26jones_2026-01-24_7c01d94e.html');
    assert.deepEqual(k, {
      key: 'invoices/user_8e2b/retail/clothing/jack&jones_2026-01-24_7c01d94e.html',
      userId: 'user_8e2b',
      subType: 'clothing',
      fileName: 'jack&jones_2026-01-24_7c01d94e.html',
      vendorId: 'jack&jones',
      fileDate: '2026-01-24',
    });
  });

  it('decodes + as a space and takes the vendor up to the first underscore', () => {
    const k = parseRetailKey('invoices/user_1/retail/travel/british_airways_2025-02-30_aa.html');
    assert.equal(k.vendorId, 'british');
    assert.equal(k.fileDate, undefined, '2025-02-30 is not a date');
    assert.equal(parseRetailKey('invoices/user+1/retail/travel/x_2025-01-01_a.html').userId, 'user 1');
  });

  for (const bad of [
    'invoices/user_1/rental/food-delivery/x_2025-01-01_a.html',
    'invoices/user_1/retail/utilities/x_2025-01-01_a.html',
    'invoices//retail/travel/x_2025-01-01_a.html',
    'invoices/user_1/retail/travel/nounderscore.html',
    'invoices/user_1/retail/travel',
    'other/user_1/retail/travel/x_2025-01-01_a.html',
    'invoices/user_1/retail/travel/x_%E0%A4%A_a.html',
  ]) {
    it(`rejects ${bad}`, () => assert.throws(() => parseRetailKey(bad), InvalidRetailKeyError));
  }
});

describe('retailInvoiceId (D6)', () => {
  it('is deterministic per key and UUID-shaped', () => {
    const a = retailInvoiceId('invoices/u/retail/grocery/ica_2025-01-01_aaaa.html');
    assert.equal(a, retailInvoiceId('invoices/u/retail/grocery/ica_2025-01-01_aaaa.html'));
    assert.notEqual(a, retailInvoiceId('invoices/u/retail/grocery/ica_2025-01-01_aaab.html'));
    assert.match(a, /^retail_invoice_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

const empty = (status: RetailExtraction['status'] = 'ok'): RetailExtraction => ({
  isReceipt: true,
  base: { vendor_name: null, total_amount: null, currency: null, invoice_date: null, order_id: null },
  detail: {},
  provenance: {},
  evidence: {},
  status,
  reasons: [],
});

describe('buildRetailRows', () => {
  it('writes the exact docs/data-model.md#retailinvoices base row and a detail row sharing its id', async () => {
    const f = RECEIPTS.find((r) => r.vendorId === 'foodora')!;
    const ex = await extractReceipt({ ...(await receiptInputFromEml(f.content)), subType: 'food-delivery', vendorId: 'foodora' }, { vendorRules: loadVendorRules(), now: NOW });
    const key = 'invoices/user_8e2b/retail/food-delivery/foodora_2026-01-24_7c01d94e.html';
    const { base, detail } = buildRetailRows(ex, { userId: 'user_8e2b', subType: 'food-delivery', key, lastModified: LAST_MODIFIED, createdAt: CREATED });
    assert.deepEqual(Object.keys(base).sort(), [
      'InvoiceID', 'UserID', 'UserID_SubType', 'created_at', 'currency', 'invoice_date', 'order_id', 'parse_reasons', 'parse_status',
      'payment_status', 'provenance', 's3_path', 'sub_type', 'total_amount', 'vendor_name',
    ]);
    assert.equal(base.InvoiceID, retailInvoiceId(key));
    assert.equal(detail.InvoiceID, base.InvoiceID);
    assert.equal(base.UserID_SubType, 'user_8e2b_food-delivery');
    assert.equal(base.created_at, '2026-01-26T07:45:10.221+00:00');
    assert.equal(base.payment_status, 'completed');
    assert.equal(base.s3_path, key);
    assert.equal(base.vendor_name, 'foodora');
    assert.equal(base.total_amount, 178);
    assert.equal(base.parse_status, 'ok');
    assert.deepEqual(detail.items, [
      { name: 'Pizza Margherita', description: null, price: 119, quantity: 1 },
      { name: 'Coca-Cola 33 cl', description: null, price: 25, quantity: 2 },
    ]);
    // Detail rows carry none of the base fields (docs/data-model.md#retail-categories).
    for (const k of ['vendor_name', 'total_amount', 'currency', 'invoice_date', 'order_id']) assert.equal(k in detail, false, k);
  });

  it('falls back to the file-name date (the email date), never to the time of writing or parsing', () => {
    const withFileDate = buildRetailRows(empty(), { userId: 'u', subType: 'grocery', key: 'invoices/u/retail/grocery/ica_2025-12-24_abcd1234.html', lastModified: LAST_MODIFIED });
    assert.equal(withFileDate.base.invoice_date, '2025-12-24');
    assert.equal(withFileDate.base.provenance.invoice_date, 'email');
    const noFileDate = buildRetailRows(empty(), { userId: 'u', subType: 'grocery', key: 'invoices/u/retail/grocery/ica_latest_abcd1234.html', lastModified: LAST_MODIFIED });
    assert.equal('invoice_date' in noFileDate.base, false);
    assert.equal(noFileDate.base.parse_status, 'needs_review');
    assert.ok(noFileDate.base.parse_reasons.includes('invoice_date not found'));
  });

  it('never stores null vendor_name or total_amount (iOS decoding) and marks the row for review', () => {
    const { base } = buildRetailRows(
      { ...empty('needs_review'), reasons: ['total_amount not found'] },
      { userId: 'u', subType: 'travel', key: 'invoices/u/retail/travel/ryanair_2025-01-01_a.html', lastModified: LAST_MODIFIED },
    );
    assert.equal(base.vendor_name, 'Ryanair');
    assert.equal(typeof base.total_amount, 'number');
    assert.equal(base.parse_status, 'needs_review');
    assert.deepEqual(base.parse_reasons, ['total_amount not found']);
  });

  it('gives every category the iOS-required detail types', async () => {
    const html = '<p>Receipt</p><table><tr><td>Widget</td><td>2</td><td>$3.00</td></tr><tr><td>Total</td><td></td><td>$3.00</td></tr></table>';
    for (const subType of RETAIL_SUBTYPES) {
      const ex = await extractReceipt({ ...receiptInputFromHtml(html), subType, fromName: 'Shop' }, { now: NOW });
      const { base, detail } = buildRetailRows(ex, { userId: 'u', subType, key: `invoices/u/retail/${subType}/shop_2025-01-01_a.html`, lastModified: LAST_MODIFIED });
      assert.equal(typeof base.vendor_name, 'string');
      assert.equal(typeof base.total_amount, 'number');
      assert.match(base.invoice_date!, /^\d{4}-\d{2}-\d{2}$/);
      const items = detail.items as { quantity: number; price: number; name: string }[] | undefined;
      if (subType === 'clothing' || subType === 'technology') assert.ok(items!.every((i) => Number.isInteger(i.quantity)), subType);
      for (const num of ['delivery_fee', 'discount', 'tax']) if (num in detail) assert.equal(typeof detail[num], 'number', `${subType}.${num}`);
      if (subType === 'travel') {
        assert.equal(typeof detail.transport_type, 'string');
        assert.equal(typeof detail.booking_reference, 'string');
        assert.ok(Array.isArray(detail.travel_details) && Array.isArray(detail.passengers));
      }
      if (subType === 'utility') assert.equal(typeof detail.usage_details, 'string');
      if (subType === 'grocery') assert.deepEqual(items![0], { name: 'Widget', price: 1.5, quantity: 2, unit: 'pcs', category: 'miscellaneous' });
    }
  });

  it('reads the plain-text header block of exported mail', () => {
    const input = receiptInputFromText('Date: Thu, 10 Jun 2021 19:05:57 +0000 (UTC)\nSubject: Your receipt\nFrom: Shop <a@shop.example>\n\nTotal 9.73€');
    assert.deepEqual(input, { subject: 'Your receipt', emailDate: '2021-06-10', from: 'a@shop.example', fromName: 'Shop', text: 'Total 9.73€' });
    assert.deepEqual(receiptInputFromText('Total: 5 kr\nThanks'), { text: 'Total: 5 kr\nThanks' });
  });
});
