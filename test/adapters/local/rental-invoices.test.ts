import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSqliteRentalInvoices, rentalInvoicesSchema } from '../../../src/adapters/local/rental-invoices.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import type { ChangeRecord } from '../../../src/runtime/function.js';
import { rentalItem } from '../../contract/rental-invoices.contract.js';

describe('SQLite RentalInvoices: change feed', () => {
  const open = () => {
    const changes: ChangeRecord[] = [];
    const store = createSqliteRentalInvoices(openMemoryDatabase([rentalInvoicesSchema]), { onChange: (r) => changes.push(r) });
    return { store, changes };
  };

  test('insert raises INSERT with the new image; replace raises MODIFY with both; unchanged raises nothing', async () => {
    const { store, changes } = open();
    const item = rentalItem('user_a', 1);
    await store.put(item);
    await store.put({ ...item });
    const changed = { ...item, 'Total Amount': 1 };
    await store.put(changed);
    assert.equal(changes.length, 2);
    const [ins, mod] = changes as [ChangeRecord, ChangeRecord];
    assert.equal(ins.eventName, 'INSERT');
    assert.equal(ins.table, 'rentalInvoices');
    assert.deepEqual(ins.newImage, item);
    assert.equal(ins.oldImage, undefined);
    assert.equal(mod.eventName, 'MODIFY');
    assert.deepEqual(mod.newImage, changed);
    assert.deepEqual(mod.oldImage, item);
    assert.notEqual(ins.eventId, mod.eventId);
  });

  test('the record is raised after the write is committed, and is a copy', async () => {
    const db = openMemoryDatabase([rentalInvoicesSchema]);
    let seen: unknown;
    const item = rentalItem('user_a', 1);
    const store = createSqliteRentalInvoices(db, {
      onChange: (r) => {
        seen = db.prepare('SELECT count(*) AS n FROM rental_invoices').get();
        (r.newImage as Record<string, unknown>).Hyra = -1;
      },
    });
    await store.put(item);
    assert.deepEqual(seen, { n: 1 });
    assert.equal(db.inTransaction, false);
    assert.equal(item.Hyra, 8920);
    assert.equal((await store.get('user_a', item.InvoiceID))!.Hyra, 8920);
  });

  test('an item whose due month changes moves to the new month', async () => {
    const { store } = open();
    await store.put(rentalItem('user_a', 1, { due_date_month: '3' }));
    await store.put(rentalItem('user_a', 1, { due_date_month: '4' }));
    assert.equal(await store.existsForMonth('user_a', '2025', '3'), false);
    assert.equal(await store.existsForMonth('user_a', '2025', '4'), true);
  });
});
