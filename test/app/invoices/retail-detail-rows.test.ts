/** Retail detail rows written by the original backend (Gemini's nulls) decode in the iOS detail models. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSqliteRetailInvoices, retailInvoicesSchema } from '../../../src/adapters/local/retail-invoices.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { listRetailInvoices } from '../../../src/app/invoices/list-retail.js';
import type { RetailSubtype } from '../../../src/domain/retail-subtypes.js';
import type { RetailDetailRow } from '../../../src/ports/retail-invoices.js';
import { decode, retailDetailModels, type Shape } from '../../support/ios.js';
import { baseRow, detailRow } from '../../support/retail.js';

/** Rows as the original stored them: Gemini's `null`s, a fractional quantity, numbers as strings, keys missing. */
const original: [RetailSubtype, Shape, RetailDetailRow][] = [
  ['food-delivery', retailDetailModels['food-delivery']!, { InvoiceID: 'f', delivery_fee: null, discount: null, items: [{ name: 'Pizza', description: 7, price: '89.50', quantity: 1.5 }, { name: null, price: null, quantity: null }] }],
  ['miscellaneous', retailDetailModels.miscellaneous!, { InvoiceID: 'm', tax: null, category: 'Books', notes: { text: 'x' }, items: [{ name: 'Kindle book', price: 49, quantity: '1' }] }],
  ['clothing', retailDetailModels.clothing!, { InvoiceID: 'c', tax: null, delivery_fee: null, payment_method: null, items: [{ name: 'Jeans', brand: null, price: 599, quantity: 1.5 }] }],
  ['technology', retailDetailModels.technology!, { InvoiceID: 't', items: [{ name: 'Cable', price: null, quantity: 2.4 }], notes: null }],
  ['subscriptions', retailDetailModels.subscriptions!, { InvoiceID: 's', invoice_number: 12345, receipt_number: null, duration: false }],
  ['travel', retailDetailModels.travel!, { InvoiceID: 'r', transport_type: null, booking_reference: null, travel_details: [{ departure_location: 'Stockholm C', arrival_location: null, departure_date: '2025-10-01T07:00' }, 'junk'], passengers: [{ name: null }] }],
];

async function detailOf(subType: RetailSubtype, row: RetailDetailRow, vendor = 'Zalando'): Promise<Record<string, unknown>> {
  const store = createSqliteRetailInvoices(openMemoryDatabase([retailInvoicesSchema]));
  await store.put(baseRow('u1', row.InvoiceID, subType, '2025-10-01', { vendor_name: vendor }), row);
  const r = await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: subType, invoiceId: row.InvoiceID });
  return (r.data as { invoiceDetails: Record<string, unknown> }).invoiceDetails;
}

for (const [subType, shape, row] of original) {
  test(`a ${subType} row written by the original decodes in the app's model`, async () => {
    assert.throws(() => decode(row, shape), /iOS decoding failed/, 'the stored row itself does not decode');
    decode(await detailOf(subType, row), shape);
  });
}

test('normalising keeps what can be kept: values, fractional food quantities, extra keys; whole quantities where the app wants Int', async () => {
  const food = await detailOf('food-delivery', original[0]![2]);
  assert.deepEqual(food.items, [
    { name: 'Pizza', description: '7', price: 89.5, quantity: 1.5 },
    { name: '', description: null, price: 0, quantity: 1 },
  ]);
  assert.equal(food.delivery_fee, 0);
  const clothing = await detailOf('clothing', original[2]![2]);
  assert.deepEqual(clothing.items, [{ name: 'Jeans', brand: 'Zalando', price: 599, quantity: 2 }]);
  const misc = await detailOf('miscellaneous', original[1]![2]);
  assert.deepEqual([misc.category, misc.notes, misc.delivery_fee, misc.tax], ['Books', null, null, 0]);
  const travel = await detailOf('travel', original[5]![2]);
  assert.deepEqual(travel.travel_details, [{ departure_location: 'Stockholm C', arrival_location: '', departure_date: '2025-10-01T07:00', arrival_date: null }]);
  assert.equal(travel.transport_type, 'unknown');
  const subs = await detailOf('subscriptions', original[4]![2]);
  assert.deepEqual([subs.invoice_number, subs.duration], ['12345', null]);
});

test('a well-formed row is returned unchanged', async () => {
  const row = detailRow('ok', { merchant: 'Bolt Food' });
  assert.deepEqual(await detailOf('food-delivery', row), row);
  const travel = { InvoiceID: 'tr', transport_type: 'bus', transport_company: 'FlixBus', booking_reference: 'AB12', travel_details: [{ departure_location: 'A', arrival_location: 'B', departure_date: null, arrival_date: null }], passengers: [{ name: 'Maja' }] };
  assert.deepEqual(await detailOf('travel', travel), travel);
  // No app model: sent as stored.
  const grocery = { InvoiceID: 'g', store_name: null, items: null };
  assert.deepEqual(await detailOf('grocery', grocery), grocery);
});
