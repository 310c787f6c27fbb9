/**
 * The RentalInvoices contract: every adapter registers these tests with its own factory. Each
 * test uses fresh user ids, so one store may be shared by all of them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { RentalInvoices, RentalItem } from '../../src/ports/rental-invoices.js';
import { storedRentalItem } from '../support/rental.js';

/** More items than one page of the paged adapters under test (they run with a small page size). */
export const MANY = 23;

/** Item `n` is due at the end of its own month (n = 1: March 2025), so a user's items never share one (D7). */
export function rentalItem(userId: string, n: number, over: Partial<RentalItem> = {}): RentalItem {
  const [year, month] = [2025 + Math.floor((n + 1) / 12), ((n + 1) % 12) + 1];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    ...storedRentalItem(userId, String(1306798100 + n), `${year}-${String(month).padStart(2, '0')}-${lastDay}`),
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
    for (let n = 0; n < MANY; n++) await store.put(rentalItem(a, n, { due_date_year: String(2000 + n), due_date_month: '11' }));
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

  test('one invoice per user and month (D7): another id for a taken month writes nothing; the holder can be replaced', async () => {
    const store = await open();
    const a = user();
    const march = rentalItem(a, 1);
    assert.equal(await store.put(march), 'inserted');
    const resent = rentalItem(a, 2, { due_date_year: '2025', due_date_month: '3' });
    assert.equal(await store.put(resent), 'duplicate_month');
    assert.equal(await store.get(a, resent.InvoiceID), undefined);
    assert.deepEqual(ids(await store.listForUser(a)), [march.InvoiceID]);
    assert.equal(await store.put({ ...march, 'Total Amount': 1 }), 'replaced');
    // Another user's March, and another March of this user's, are their own.
    assert.equal(await store.put(rentalItem(user(), 2, { due_date_year: '2025', due_date_month: '3' })), 'inserted');
    assert.equal(await store.put(rentalItem(a, 2, { due_date_year: '2026', due_date_month: '3' })), 'inserted');
  });

  test('concurrent writers of different invoices for one month: exactly one is stored', async () => {
    // No adapter serialises writes in the process: concurrent calls race as separate processes would.
    const store = await open();
    const a = user();
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, n) => store.put(rentalItem(a, 10 + n, { due_date_year: '2025', due_date_month: '9' }))));
    assert.equal(outcomes.filter((o) => o === 'inserted').length, 1, outcomes.join());
    assert.equal(outcomes.filter((o) => o === 'duplicate_month').length, 7, outcomes.join());
    assert.equal((await store.listForUser(a)).length, 1);
  });

  test('an invoice moved to another month (a re-parse) frees the month it left', async () => {
    const store = await open();
    const a = user();
    const item = rentalItem(a, 1);
    await store.put(item);
    assert.equal(await store.put({ ...item, due_date_month: '4', 'Due Date': '30-04-2025' }), 'replaced');
    assert.equal(await store.put(rentalItem(a, 2, { due_date_year: '2025', due_date_month: '3' })), 'inserted');
    assert.equal(await store.put(rentalItem(a, 3, { due_date_year: '2025', due_date_month: '4' })), 'duplicate_month');
  });

  test('notices without a readable due date (empty year and month) are stored, read back as stored and never collide', async () => {
    const store = await open();
    const a = user();
    const undated = (n: number) => rentalItem(a, n, { 'Due Date': '', due_date_year: '', due_date_month: '', parse_status: 'needs_review', parse_reasons: ['due_date_missing'] });
    assert.equal(await store.put(undated(1)), 'inserted');
    assert.equal(await store.put(undated(2)), 'inserted');
    assert.equal(await store.put(undated(1)), 'unchanged');
    assert.deepEqual(await store.get(a, undated(1).InvoiceID), undated(1));
    assert.deepEqual((await store.listForUser(a)).find((i) => i.InvoiceID === undated(2).InvoiceID), undated(2));
  });

  test('an id longer than any stored key is just unknown (GET /v1/invoices/{type}/{id} with a huge id, D17)', async () => {
    const store = await open();
    assert.equal(await store.get(user(), 'x'.repeat(3000)), undefined);
  });
}
