import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createFileObjects } from '../../../src/adapters/local/objects.js';
import { createOutboxNotifier, listOutbox, outboxSchema } from '../../../src/adapters/local/outbox.js';
import { createSqliteRentalInvoices, rentalInvoicesSchema } from '../../../src/adapters/local/rental-invoices.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { invoiceObjectsEraser, notificationsEraser, rentalInvoicesEraser } from '../../../src/app/users/erasers.js';
import { systemClock } from '../../../src/ports/clock.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { rentalItem } from '../../contract/rental-invoices.contract.js';

const root = mkdtempSync(path.join(tmpdir(), 'pp-erasers-'));
after(() => rmSync(root, { recursive: true, force: true }));

test("the erasers remove one user's rental invoices, invoice objects and outbox, and nobody else's", async () => {
  const db = openMemoryDatabase([rentalInvoicesSchema, outboxSchema]);
  const rentals = createSqliteRentalInvoices(db);
  const objects = createFileObjects({ root });
  const notifier = createOutboxNotifier(db, { log: silentLogger, clock: systemClock });
  for (const u of ['user_a', 'user_b']) {
    await rentals.put(rentalItem(u, 1));
    await objects.put(`invoices/${u}/rental/a.pdf`, new Uint8Array(1));
    await notifier.notify({ userId: u, dedupeKey: 'k', subject: 's', message: 'm' });
  }
  const erasers = [rentalInvoicesEraser(rentals), invoiceObjectsEraser(objects), notificationsEraser(notifier)];
  assert.deepEqual(
    erasers.map((e) => [e.name, e.failureMessage]),
    [
      ['rental-invoices', 'Database error during user deletion'],
      ['invoice-objects', 'Error deleting S3 folder'],
      ['notifications', 'Database error during user deletion'],
    ],
  );
  for (const e of erasers) await e.eraseUser('user_a');
  assert.deepEqual(await rentals.listForUser('user_a'), []);
  assert.equal(await objects.exists('invoices/user_a/rental/a.pdf'), false);
  assert.deepEqual(listOutbox(db, 'user_a'), []);
  assert.equal((await rentals.listForUser('user_b')).length, 1);
  assert.equal(await objects.exists('invoices/user_b/rental/a.pdf'), true);
  assert.equal(listOutbox(db, 'user_b').length, 1);
});

test('the objects eraser refuses an empty or path-like user id instead of widening the prefix', async () => {
  const objects = createFileObjects({ root });
  await objects.put('invoices/user_c/rental/a.pdf', new Uint8Array(1));
  for (const bad of ['', 'user_c/../user_d']) await assert.rejects(invoiceObjectsEraser(objects).eraseUser(bad));
  assert.equal(await objects.exists('invoices/user_c/rental/a.pdf'), true);
});

test('the objects eraser also removes the legacy rental layout rental-invoices/<user_id>/ (D11: every object), and only that user\'s', async () => {
  const objects = createFileObjects({ root });
  for (const key of ['rental-invoices/user_e/Hyresavi_1.pdf', 'rental-invoices/user_ex/Hyresavi_2.pdf', 'invoices/user_e/rental/a.pdf'])
    await objects.put(key, new Uint8Array(1));
  await invoiceObjectsEraser(objects).eraseUser('user_e');
  assert.equal(await objects.exists('rental-invoices/user_e/Hyresavi_1.pdf'), false, 'legacy rent notice kept after account deletion');
  assert.equal(await objects.exists('invoices/user_e/rental/a.pdf'), false);
  assert.equal(await objects.exists('rental-invoices/user_ex/Hyresavi_2.pdf'), true);
});
