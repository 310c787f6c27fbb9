import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getRentalInvoice, listRentalInvoices } from '../../../src/app/invoices/list-rental.js';
import { notifyNewRentalInvoice } from '../../../src/app/invoices/notify-rental.js';
import { parseRentalObject } from '../../../src/app/invoices/parse-rental.js';
import { userIdFromRentalKey } from '../../../src/app/invoices/rental-keys.js';
import { DependencyError, type AppError } from '../../../src/domain/errors.js';
import type { RentalItem } from '../../../src/ports/rental-invoices.js';
import type { ChangeRecord } from '../../../src/runtime/function.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { memoryNotifier, memoryObjects, memoryRentalInvoices } from '../../support/memory.js';
import { answers } from '../../support/failures.js';
import { notice } from '../../support/rental.js';

const clock = { now: () => new Date('2025-12-01T00:00:00Z') };
function setup() {
  const changes: ChangeRecord[] = [];
  return { clock, log: silentLogger, objects: memoryObjects(), rentalInvoices: memoryRentalInvoices((r) => changes.push(r)), changes };
}

test('the user id is the segment after invoices/ (D4); other keys are not rental PDFs', () => {
  assert.equal(userIdFromRentalKey('invoices/user_1/rental/Hyresavi_1.pdf'), 'user_1');
  assert.equal(userIdFromRentalKey('invoices/user_1/rental/a b+c.pdf'), 'user_1');
  assert.equal(userIdFromRentalKey('invoices/user_1/retail/food/x.pdf'), undefined);
  assert.equal(userIdFromRentalKey('rental-invoices/user_1/x.pdf'), undefined);
  assert.equal(userIdFromRentalKey('invoices//rental/x.pdf'), undefined);
});

test('parse stores the item with every iOS field typed; re-delivery changes nothing', async () => {
  const d = setup();
  const n = await notice('2025-09-30');
  const key = `invoices/u1/rental/Hyresavi_${n.ocr}.pdf`;
  await d.objects.put(key, n.pdf);
  assert.deepEqual(await parseRentalObject(d, key), { status: 'stored', invoiceId: `Invoice_${n.ocr}`, write: 'inserted', parseStatus: 'ok' });
  const item = (await d.rentalInvoices.get('u1', `Invoice_${n.ocr}`))!;
  assert.equal(item['Total Amount'], n.total);
  assert.equal(item['Due Date'], n.dueDate);
  assert.equal(item.OCR, n.ocr);
  assert.equal(item.due_date_month, '9');
  assert.equal(item.Filename, `Hyresavi_${n.ocr}`);
  for (const k of ['Hyra', 'El', 'Kallvatten', 'Varmvatten', 'Total Amount', 'Moms']) assert.ok(Number.isInteger(item[k]), k);
  assert.equal((await parseRentalObject(d, key)).status, 'stored');
  assert.equal(d.changes.length, 1, 'one change record: the insert');
});

test('parse skips what is not a notice, without throwing; store failures throw', async () => {
  const d = setup();
  await d.objects.put('invoices/u1/rental/garbage.pdf', new TextEncoder().encode('%PDF-1.4 garbage'));
  await d.objects.put('invoices/u1/rental/empty.pdf', new Uint8Array());
  assert.equal((await parseRentalObject(d, 'invoices/u1/rental/garbage.pdf')).status, 'skipped');
  assert.equal((await parseRentalObject(d, 'invoices/u1/rental/empty.pdf')).status, 'skipped');
  assert.deepEqual(await parseRentalObject(d, 'invoices/u1/rental/gone.pdf'), { status: 'skipped', reason: 'object_missing' });
  assert.deepEqual(await parseRentalObject(d, 'invoices/u1/retail/x/y.pdf'), { status: 'skipped', reason: 'not_a_rental_key' });
  assert.equal(d.rentalInvoices.items.size, 0);

  const n = await notice('2025-09-30');
  await d.objects.put('invoices/u1/rental/Hyresavi_1.pdf', n.pdf);
  d.rentalInvoices.put = async () => {
    throw new Error('database is locked');
  };
  await assert.rejects(parseRentalObject(d, 'invoices/u1/rental/Hyresavi_1.pdf'), /database is locked/);
});

test('one invoice per due month (D7): the same notice under another file name is dropped, also when parsed at once', async () => {
  const d = setup();
  const n = await notice('2025-09-30');
  await d.objects.put('invoices/u1/rental/Hyresavi_A.pdf', n.pdf);
  await d.objects.put('invoices/u1/rental/Hyresavi_B.pdf', n.pdf);
  const outcomes = await Promise.all([parseRentalObject(d, 'invoices/u1/rental/Hyresavi_A.pdf'), parseRentalObject(d, 'invoices/u1/rental/Hyresavi_B.pdf')]);
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ['skipped', 'stored']);
  assert.equal(d.rentalInvoices.items.size, 1);
  // Another user's notice for the same month is theirs alone.
  await d.objects.put('invoices/u2/rental/Hyresavi_A.pdf', n.pdf);
  assert.equal((await parseRentalObject(d, 'invoices/u2/rental/Hyresavi_A.pdf')).status, 'stored');
});

const invoice = (userId: string, invoiceId: string, total: number | string, dueDate: unknown) => ({ userId, invoiceId, total, dueDate });

test('notification: exact texts, number or string amount, owner only, exactly once', async () => {
  const notifier = memoryNotifier();
  const d = { log: silentLogger, notifier };
  assert.equal(await notifyNewRentalInvoice(d, invoice('u1', 'Invoice_1', 9815, '31-03-2025')), 'sent');
  assert.equal(await notifyNewRentalInvoice(d, invoice('u1', 'Invoice_1', 9815, '31-03-2025')), 'duplicate');
  assert.equal(await notifyNewRentalInvoice(d, invoice('u2', 'Invoice_2', '10250', '30-04-2025')), 'sent');
  assert.deepEqual(notifier.sent, [
    { userId: 'u1', subject: 'New invoice available!', message: 'New rental invoice of 9815 SEK with due date of 31-03-2025 is now available!', dedupeKey: 'rental-invoice:Invoice_1' },
    { userId: 'u2', subject: 'New invoice available!', message: 'New rental invoice of 10250 SEK with due date of 30-04-2025 is now available!', dedupeKey: 'rental-invoice:Invoice_2' },
  ]);
  const failing = { log: silentLogger, notifier: { notify: async () => { throw new Error('SNS down'); } } };
  await assert.rejects(notifyNewRentalInvoice(failing, invoice('u1', 'I', 1, 'x')), /SNS down/);
});

const item = (userId: string, id: string, due: string, extra: Record<string, unknown> = {}): RentalItem => {
  const [, mm, yyyy] = due.split('-');
  return { UserID: userId, InvoiceID: id, 'Due Date': due, due_date_year: yyyy ?? '', due_date_month: String(Number(mm)), ...extra };
};

test('Mode A: grouped by due year, newest first, counted; only the caller\'s; rental takes no sub-type', async () => {
  const rentalInvoices = memoryRentalInvoices();
  await rentalInvoices.put(item('u1', 'Invoice_9', '28-02-2025'));
  await rentalInvoices.put(item('u1', 'Invoice_1', '31-03-2025'));
  await rentalInvoices.put(item('u1', 'Invoice_5', '30-12-2024'));
  await rentalInvoices.put({ UserID: 'u1', InvoiceID: 'Invoice_x', 'Due Date': '', due_date_year: '', due_date_month: '' });
  await rentalInvoices.put(item('u2', 'Invoice_7', '31-03-2025'));
  const d = { rentalInvoices };
  const r = await listRentalInvoices(d, 'u1');
  assert.equal(r.message, 'Rental invoices retrieved successfully!');
  assert.equal(r.data?.invoiceCount, 4);
  assert.deepEqual(Object.keys(r.data!.invoices).sort(), ['1900', '2024', '2025']);
  assert.deepEqual(r.data!.invoices['2025']!.map((i) => i.InvoiceID), ['Invoice_1', 'Invoice_9']);
  assert.ok(!JSON.stringify(r).includes('Invoice_7'));
  assert.deepEqual(await listRentalInvoices(d, 'nobody'), { message: 'No rental invoices found for this user.', data: null });
  assert.equal((await getRentalInvoice(d, 'u1', 'Invoice_1'))?.InvoiceID, 'Invoice_1');
  assert.equal(await getRentalInvoice(d, 'u1', 'Invoice_7'), undefined, "another user's invoice is not found");
  const broken = { rentalInvoices: { ...rentalInvoices, listForUser: async () => { throw new DependencyError('rentalInvoices.listForUser', new Error('io')); } } };
  await assert.rejects(listRentalInvoices(broken, 'u1'), answers({ status: 502, code: 'DEPENDENCY_FAILURE', message: 'Database error during invoice retrieval' }));
});
