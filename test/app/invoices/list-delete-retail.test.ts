import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retailInvoicesSchema, createSqliteRetailInvoices } from '../../../src/adapters/local/retail-invoices.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { deleteRetailInvoice } from '../../../src/app/invoices/delete-retail.js';
import { listRetailInvoices } from '../../../src/app/invoices/list-retail.js';
import { retailInvoicesEraser } from '../../../src/app/invoices/retail-erasers.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { answers } from '../../support/failures.js';
import type { RetailInvoices } from '../../../src/ports/retail-invoices.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { memoryObjects } from '../../support/memory.js';
import type { Objects } from '../../../src/ports/objects.js';
import { baseRow, detailRow } from '../../support/retail.js';

async function seeded() {
  const retailInvoices = createSqliteRetailInvoices(openMemoryDatabase([retailInvoicesSchema]));
  await retailInvoices.put(baseRow('u1', 'f1', 'food-delivery', '2026-01-24'), detailRow('f1'));
  await retailInvoices.put(baseRow('u1', 'f2', 'food-delivery', '2025-12-19', { vendor_name: "Domino's Pizza", currency: null }), detailRow('f2'));
  await retailInvoices.put(baseRow('u1', 'f3', 'food-delivery', '2026-02-01', { total_amount: null, vendor_name: null }), detailRow('f3'));
  await retailInvoices.put(
    baseRow('u1', 't1', 'travel', 'unknown', { vendor_name: 'FlixBus', total_amount: 0 }),
    { InvoiceID: 't1', transport_type: 'bus', booking_reference: 'AB12', travel_details: [], passengers: [] },
  );
  await retailInvoices.put(baseRow('u2', 'other', 'food-delivery', '2026-01-01'), detailRow('other'));
  return retailInvoices;
}

const rejectsWith = (p: Promise<unknown>, status: number, code: string, message: string) =>
  assert.rejects(p, answers({ status, code, message }));

test('Mode B: summaries grouped by sub-type, newest first, sub_type removed, required fields never null', async () => {
  const store = await seeded();
  const r = await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false });
  assert.equal(r.message, 'Retail invoices retrieved successfully!');
  const data = r.data as { invoiceCount: number; invoices: Record<string, Record<string, unknown>[]> };
  assert.equal(data.invoiceCount, 4);
  assert.deepEqual(Object.keys(data.invoices), ['food-delivery', 'travel']);
  assert.deepEqual(data.invoices['food-delivery']!.map((s) => s.InvoiceID), ['f3', 'f1', 'f2']);
  assert.deepEqual(data.invoices['food-delivery']![1], { InvoiceID: 'f1', invoice_date: '2026-01-24', total_amount: 289.5, currency: 'SEK', vendor_name: 'Foodora' });
  assert.deepEqual(data.invoices['food-delivery']![0], { InvoiceID: 'f3', invoice_date: '2026-02-01', total_amount: 0, currency: 'SEK', vendor_name: '' });
  assert.equal(data.invoices['food-delivery']![2]!.currency, null);
  assert.equal(JSON.stringify(data).includes('other'), false, "another user's invoice never appears");
});

test('Mode B/C: no invoices → data null with the exact messages', async () => {
  const store = await seeded();
  assert.deepEqual(await listRetailInvoices({ retailInvoices: store }, 'nobody', { counts: false }), { message: 'No retail invoices found for this user.', data: null });
  assert.deepEqual(await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'grocery' }), {
    message: 'No retail grocery invoices found for this user.',
    data: null,
  });
});

test('Mode C: grouped by year, newest first; a row without a date goes under 1900', async () => {
  const store = await seeded();
  const r = await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'food-delivery' });
  assert.equal(r.message, 'Retail food-delivery invoices retrieved successfully!');
  const data = r.data as { invoiceCount: number; invoices: Record<string, { InvoiceID: string }[]> };
  assert.equal(data.invoiceCount, 3);
  assert.deepEqual(Object.keys(data.invoices).sort(), ['2025', '2026']);
  assert.equal('sub_type' in data.invoices['2025']![0]!, false);
  assert.deepEqual(data.invoices['2026']!.map((s) => s.InvoiceID), ['f3', 'f1']);
  assert.deepEqual(data.invoices['2025']!.map((s) => s.InvoiceID), ['f2']);
  const travel = (await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'travel' })).data as { invoices: Record<string, unknown[]> };
  assert.deepEqual(Object.keys(travel.invoices), ['1900']);
});

test('Mode D: detail row only, wrapped in invoiceDetails; foreign, mismatched or unknown ids are 404', async () => {
  const store = await seeded();
  const r = await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'food-delivery', invoiceId: 'f1' });
  assert.equal(r.message, 'Retail food-delivery invoice details retrieved successfully!');
  assert.deepEqual(r.data, { invoiceDetails: detailRow('f1') });
  await rejectsWith(listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'food-delivery', invoiceId: 'other' }), 404, 'INVALID_REQUEST', 'Invoice not found');
  await rejectsWith(listRetailInvoices({ retailInvoices: store }, 'u2', { counts: false, subtype: 'food-delivery', invoiceId: 'f1' }), 404, 'INVALID_REQUEST', 'Invoice not found');
  await rejectsWith(listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'travel', invoiceId: 'f1' }), 404, 'INVALID_REQUEST', 'Invoice not found');
  await rejectsWith(listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false, subtype: 'travel', invoiceId: 'nope' }), 404, 'INVALID_REQUEST', 'Invoice not found');
  // Never sent to the store: empty and oversized ids (DynamoDB would refuse them as keys).
  const untouchable = new Proxy({} as RetailInvoices, { get: () => () => Promise.reject(new Error('store must not be called')) });
  await rejectsWith(listRetailInvoices({ retailInvoices: untouchable }, 'u1', { counts: false, subtype: 'travel', invoiceId: '' }), 404, 'INVALID_REQUEST', 'Invoice not found');
  await rejectsWith(listRetailInvoices({ retailInvoices: untouchable }, 'u1', { counts: false, subtype: 'travel', invoiceId: 'x'.repeat(257) }), 404, 'INVALID_REQUEST', 'Invoice not found');
});

test('Mode E: all eight keys zero-filled; with subtype one key; the fixed message', async () => {
  const store = await seeded();
  assert.deepEqual(await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: true }), {
    message: 'Retail invoice counts retrieved successfully!',
    data: { 'food-delivery': 3, clothing: 0, technology: 0, subscriptions: 0, grocery: 0, utility: 0, miscellaneous: 0, travel: 1 },
  });
  assert.deepEqual((await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: true, subtype: 'grocery' })).data, { grocery: 0 });
  assert.deepEqual((await listRetailInvoices({ retailInvoices: store }, 'u2', { counts: true, subtype: 'food-delivery' })).data, { 'food-delivery': 1 });
  assert.equal((await listRetailInvoices({ retailInvoices: store }, 'u1', { counts: false })).message, 'Retail invoices retrieved successfully!');
});

test('a store failure is 502 DEPENDENCY_FAILURE, never a 500', async () => {
  const broken = new Proxy({} as RetailInvoices, { get: (_, m) => () => Promise.reject(new DependencyError(`retailInvoices.${String(m)}`, new Error('down'))) });
  await rejectsWith(listRetailInvoices({ retailInvoices: broken }, 'u1', { counts: false }), 502, 'DEPENDENCY_FAILURE', 'Database error during invoice retrieval');
  await rejectsWith(listRetailInvoices({ retailInvoices: broken }, 'u1', { counts: true }), 502, 'DEPENDENCY_FAILURE', 'Database error during invoice retrieval');
});

test('delete: detail, base and the stored HTML go; the answer carries the spec fields, currency defaulting to SEK', async () => {
  const store = await seeded();
  const objects = memoryObjects();
  const map = objects.store;
  const f2 = (await store.getBase('u1', 'f2'))!;
  await objects.put(f2.s3_path, new Uint8Array([1]));
  const deps = { retailInvoices: store, objects, log: silentLogger };
  assert.deepEqual(await deleteRetailInvoice(deps, 'u1', 'f2'), {
    invoice_id: 'f2',
    vendor_name: "Domino's Pizza",
    sub_type: 'food-delivery',
    invoice_date: '2025-12-19',
    total_amount: 289.5,
    currency: 'SEK',
  });
  assert.equal(map.has(f2.s3_path), false);
  assert.equal(await store.getBase('u1', 'f2'), undefined);
  assert.equal(await store.getDetail('food-delivery', 'f2'), undefined);
  // The object may already be gone: still fine.
  assert.equal((await deleteRetailInvoice(deps, 'u1', 'f1')).invoice_id, 'f1');
});

test("delete: another user's invoice, an unknown id", async () => {
  const store = await seeded();
  const objects = memoryObjects();
  const map = objects.store;
  const other = (await store.getBase('u2', 'other'))!;
  await objects.put(other.s3_path, new Uint8Array([1]));
  const deps = { retailInvoices: store, objects, log: silentLogger };
  const msg = "Invoice not found or you don't have permission to delete it";
  await rejectsWith(deleteRetailInvoice(deps, 'u1', 'other'), 404, 'INVALID_REQUEST', msg);
  await rejectsWith(deleteRetailInvoice(deps, 'u1', 'x'.repeat(5000)), 404, 'INVALID_REQUEST', msg);
  assert.ok(await store.getBase('u2', 'other'));
  assert.ok(map.has(other.s3_path));
});

test('delete: an object-store failure changes nothing (502); s3_path outside the owner prefix is never deleted', async () => {
  const store = await seeded();
  const objects = memoryObjects();
  const map = objects.store;
  const deps = { retailInvoices: store, objects, log: silentLogger };
  const broken: Objects = { ...objects, delete: () => Promise.reject(new DependencyError('objects.delete', new Error('S3 down'))) };
  await rejectsWith(deleteRetailInvoice({ ...deps, objects: broken }, 'u1', 'f1'), 502, 'DEPENDENCY_FAILURE', 'Error deleting invoice file from S3');
  assert.ok(await store.getBase('u1', 'f1'));
  assert.ok(await store.getDetail('food-delivery', 'f1'));

  await store.put(baseRow('u1', 'evil', 'grocery', '2026-01-01', { s3_path: 'invoices/u2/retail/grocery/x_2026-01-01_00000000.html' }), detailRow('evil'));
  await objects.put('invoices/u2/retail/grocery/x_2026-01-01_00000000.html', new Uint8Array([1]));
  await deleteRetailInvoice(deps, 'u1', 'evil');
  assert.ok(map.has('invoices/u2/retail/grocery/x_2026-01-01_00000000.html'));
});

test('the retail eraser removes every invoice of the user only', async () => {
  const store = await seeded();
  await retailInvoicesEraser(store).eraseUser('u1');
  assert.deepEqual(await store.listForUser('u1'), []);
  assert.equal(await store.getDetail('travel', 't1'), undefined);
  assert.equal((await store.listForUser('u2')).length, 1);
});
