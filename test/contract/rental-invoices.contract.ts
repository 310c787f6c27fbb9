/**
 * The RentalInvoices contract: every adapter registers these tests with its own factory. Each
 * test uses fresh user ids, so one store may be shared by all of them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { RentalInvoices, RentalItem } from '../../src/ports/rental-invoices.js';

/** More items than one page of the paged adapters under test (they run with a small page size). */
export const MANY = 23;

export function rentalItem(userId: string, n: number, over: Partial<RentalItem> = {}): RentalItem {
  return {
    UserID: userId,
    InvoiceID: `Invoice_${String(1306798100 + n)}`,
    OCR: String(1306798100 + n),
    'Due Date': '31-03-2025',
    due_date_month: '3',
    due_date_year: '2025',
    'Total Amount': 9815,
    Hyra: 8920,
    El: 412,
    Kallvatten: 163,
    Varmvatten: 320,
    Moms: 0,
    Filename: `Hyresavi_${1306798100 + n}`,
    'Retroaktiv hyra avser 2501': '123',
    parse_status: 'ok',
    line_items: [{ label: 'Hyra', amount: 8920 }, { label: 'El', amount: 412.5 }],
    ...over,
  };
}

const user = () => `user_${randomUUID()}`;
const ids = (items: RentalItem[]) => items.map((i) => i.InvoiceID).sort();

export function rentalInvoicesContract(open: () => RentalInvoices | Promise<RentalInvoices>): void {
  test('round trip keeps the original attribute names and number types', async () => {
    const store = await open();
    const item = rentalItem(user(), 1);
    assert.equal(await store.put(item), 'inserted');
    const got = await store.get(item.UserID, item.InvoiceID);
    assert.deepEqual(got, item);
    assert.equal(typeof got!['Total Amount'], 'number');
    assert.equal(typeof got!.Hyra, 'number');
    assert.equal(typeof got!.due_date_month, 'string');
    assert.equal(got!['Due Date'], '31-03-2025');
    assert.equal(await store.get(item.UserID, 'Invoice_missing'), undefined);
    assert.equal(await store.get(user(), item.InvoiceID), undefined);
  });

  test('an identical re-put is unchanged, whatever the attribute order; a different one replaces', async () => {
    const store = await open();
    const item = rentalItem(user(), 2);
    assert.equal(await store.put(item), 'inserted');
    assert.equal(await store.put({ ...item }), 'unchanged');
    const reversed = Object.fromEntries(Object.entries(item).reverse()) as RentalItem;
    assert.equal(await store.put(reversed), 'unchanged');
    const changed: RentalItem = { ...item, 'Total Amount': 9816 };
    assert.equal(await store.put(changed), 'replaced');
    assert.deepEqual(await store.get(item.UserID, item.InvoiceID), changed);
    // Dropping an attribute is a change too.
    const { Moms: _moms, ...withoutMoms } = changed;
    assert.equal(await store.put(withoutMoms as RentalItem), 'replaced');
    assert.equal((await store.get(item.UserID, item.InvoiceID))!.Moms, undefined);
  });

  test('listForUser returns every item of the user across pages, and only theirs', async () => {
    const store = await open();
    const a = user();
    const b = user();
    const mine = Array.from({ length: MANY }, (_, n) => rentalItem(a, n));
    for (const item of mine) await store.put(item);
    await store.put(rentalItem(b, 900));
    const listed = await store.listForUser(a);
    assert.deepEqual(ids(listed), ids(mine));
    assert.deepEqual(listed.find((i) => i.InvoiceID === mine[5]!.InvoiceID), mine[5]);
    assert.deepEqual(await store.listForUser(user()), []);
  });

  test('existsForMonth compares the stored strings (month without zero pad)', async () => {
    const store = await open();
    const a = user();
    await store.put(rentalItem(a, 1, { due_date_year: '2025', due_date_month: '3' }));
    assert.equal(await store.existsForMonth(a, '2025', '3'), true);
    assert.equal(await store.existsForMonth(a, '2025', '03'), false);
    assert.equal(await store.existsForMonth(a, '2024', '3'), false);
    assert.equal(await store.existsForMonth(a, '2025', '4'), false);
    assert.equal(await store.existsForMonth(user(), '2025', '3'), false);
  });

  test('existsForMonth finds a match that sits past the first page', async () => {
    const store = await open();
    const a = user();
    for (let n = 0; n < MANY; n++) await store.put(rentalItem(a, n, { due_date_year: '2024', due_date_month: String((n % 12) + 1) }));
    // Sorts after every other InvoiceID, so a single-page read would miss it.
    await store.put(rentalItem(a, 0, { InvoiceID: 'Invoice_9999999999', due_date_year: '2025', due_date_month: '11' }));
    assert.equal(await store.existsForMonth(a, '2025', '11'), true);
    assert.equal(await store.existsForMonth(a, '2025', '12'), false);
  });

  test('deleteForUser removes every item of the user and leaves other users alone', async () => {
    const store = await open();
    const a = user();
    const b = user();
    for (let n = 0; n < MANY + 7; n++) await store.put(rentalItem(a, n));
    const theirs = [rentalItem(b, 1), rentalItem(b, 2)];
    for (const item of theirs) await store.put(item);
    await store.deleteForUser(a);
    assert.deepEqual(await store.listForUser(a), []);
    assert.equal(await store.existsForMonth(a, '2025', '3'), false);
    assert.deepEqual(ids(await store.listForUser(b)), ids(theirs));
    await store.deleteForUser(a); // nothing left: still fine
    // After deletion the same key is new again.
    assert.equal(await store.put(rentalItem(a, 1)), 'inserted');
  });

  test('an id longer than any stored key is just unknown (GET /v1/invoices/{type}/{id} with a huge id, D17)', async () => {
    const store = await open();
    assert.equal(await store.get(user(), 'x'.repeat(3000)), undefined);
  });
}
