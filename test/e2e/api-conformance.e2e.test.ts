/**
 * Regression tests from the route-by-route conformance review against docs/api.md#routes (each one a
 * deviation that was found and fixed), over the local server as the app would call it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, decodeRentalList, startTestServer, type TestServer } from '../support/local-server.js';
import { decode, envelope, ios } from '../support/ios.js';
import { baseRow, detailRow } from '../support/retail.js';
import { storedRentalItem } from '../support/rental.js';

let s: TestServer;

async function signup(name: string, email: string): Promise<{ token: string; userId: string }> {
  const r = await call(s.url, 'POST', '/v1/auth/signup', { body: { name, email, password: 'correct horse battery' } });
  assert.equal(r.status, 201, r.text);
  const token = r.json.data.access_token as string;
  return { token, userId: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string };
}

/** The order in which the keys of `invoices` appear in the JSON text. */
function keyOrderInText(text: string, keys: string[]): string[] {
  return [...keys].sort((a, b) => text.indexOf(`"${a}":[`) - text.indexOf(`"${b}":[`));
}

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('year groups are listed newest first (docs/api.md#list-invoices Modes A and C)', () => {
  test('rental: the 2025 group comes before the 2024 group in the response', async () => {
    const u = await signup('Maja Berg', 'maja.years@example.se');
    await s.deps.rentalInvoices.put(storedRentalItem(u.userId, '1000000001', '2024-03-31'));
    await s.deps.rentalInvoices.put(storedRentalItem(u.userId, '1000000002', '2025-03-31'));
    await s.deps.rentalInvoices.put(storedRentalItem(u.userId, '1000000003', '2023-12-29'));
    const r = await call(s.url, 'GET', '/v1/invoices/rental', { token: u.token });
    assert.equal(r.status, 200, r.text);
    decodeRentalList(r.json.data);
    assert.deepEqual(keyOrderInText(r.text, ['2023', '2024', '2025']), ['2025', '2024', '2023']);
  });

  test('retail ?subtype=: the 2026 group comes before the 2025 group, undated (1900) last', async () => {
    const u = await signup('Erik Ek', 'erik.years@example.se');
    await s.deps.retailInvoices.put(baseRow(u.userId, 'f1', 'food-delivery', '2025-12-19'), detailRow('f1'));
    await s.deps.retailInvoices.put(baseRow(u.userId, 'f2', 'food-delivery', '2026-01-24'), detailRow('f2'));
    await s.deps.retailInvoices.put(baseRow(u.userId, 'f3', 'food-delivery', ''), detailRow('f3'));
    const r = await call(s.url, 'GET', '/v1/invoices/retail?subtype=food-delivery', { token: u.token });
    assert.equal(r.status, 200, r.text);
    decode(r.json, envelope({ object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RetailInvoiceBase } } } }));
    assert.deepEqual(keyOrderInText(r.text, ['1900', '2025', '2026']), ['2026', '2025', '1900']);
  });
});

describe('rental items written by the original backend (docs/api.md#what-the-ios-app-decodes, docs/data-model.md#rentalinvoices)', () => {
  test('numbers stored as strings and a missing Moms/OCR still decode as the app RentalInvoice, in the list and alone', async () => {
    const u = await signup('Anna Lind', 'anna.legacy@example.se');
    // Before July 2025 the original stored the amounts as strings; it never wrote Moms by default,
    // nor OCR when the PDF had none.
    const legacy = {
      UserID: u.userId,
      InvoiceID: 'Invoice_1297533901',
      'Due Date': '30-04-2025',
      due_date_month: '4',
      due_date_year: '2025',
      'Total Amount': '9815',
      Hyra: '8920',
      El: '412',
      Kallvatten: '163',
      Varmvatten: '320',
      Filename: 'Hyresavi_1297533901',
      'Retroaktiv hyra': '120',
    };
    const typed = storedRentalItem(u.userId, '1306798107', '2025-03-31');
    await s.deps.rentalInvoices.put(legacy);
    await s.deps.rentalInvoices.put(typed);

    const list = await call(s.url, 'GET', '/v1/invoices/rental', { token: u.token });
    assert.equal(list.status, 200, list.text);
    const { items } = decodeRentalList(list.json.data);
    const old = items.find((i) => i.InvoiceID === legacy.InvoiceID)!;
    assert.deepEqual(
      { total: old['Total Amount'], hyra: old.Hyra, el: old.El, kv: old.Kallvatten, vv: old.Varmvatten, moms: old.Moms, ocr: old.OCR },
      { total: 9815, hyra: 8920, el: 412, kv: 163, vv: 320, moms: 0, ocr: '' },
    );
    assert.equal(old['Retroaktiv hyra'], '120', 'other stored attributes are returned as stored');
    assert.deepEqual(items.find((i) => i.InvoiceID === typed.InvoiceID), typed, 'an item with every key typed is returned unchanged');

    const one = await call(s.url, 'GET', `/v1/invoices/rental/${legacy.InvoiceID}`, { token: u.token });
    assert.equal(one.status, 200, one.text);
    decode(one.json, envelope(ios.RentalInvoice));
    assert.equal(one.json.data['Total Amount'], 9815);
  });
});
