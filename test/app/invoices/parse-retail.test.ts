import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSqliteRetailInvoices, retailInvoicesSchema } from '../../../src/adapters/local/retail-invoices.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { retailObjectKey } from '../../../src/app/invoices/retail-message.js';
import { parseRetailObject } from '../../../src/app/invoices/parse-retail.js';
import { demoReceiptEmails } from '../../../src/demo/receipt-emails.js';
import { parseEmail } from '../../../src/parsing/mail/email.js';
import { parseRetailKey } from '../../../src/parsing/retail/rows.js';
import { loadVendorRules } from '../../../src/parsing/retail/vendor-rules.js';
import type { RetailInvoices } from '../../../src/ports/retail-invoices.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { fixedClock } from '../../support/google.js';
import { memoryObjects } from '../../support/memory.js';

const NOW = new Date('2026-02-10T09:00:00.000Z');
const vendorRules = loadVendorRules();

async function setup() {
  const objects = memoryObjects();
  const retailInvoices = createSqliteRetailInvoices(openMemoryDatabase([retailInvoicesSchema]));
  // No LLM here, so the account is never looked up.
  const users = { getById: () => Promise.reject(new Error('users read without an LLM')) };
  return { objects, retailInvoices, clock: fixedClock(NOW.toISOString()), log: silentLogger, vendorRules, users };
}

async function store(d: Awaited<ReturnType<typeof setup>>, i: number, userId = 'user_1', messageId = `msg${i}`) {
  const r = demoReceiptEmails(NOW)[i]!;
  const mail = await parseEmail(r.raw);
  const key = retailObjectKey(userId, r.subType as never, r.vendorId, mail.date!.localDate, messageId);
  await d.objects.put(key, new TextEncoder().encode(mail.html!), 'text/html; charset=utf-8');
  return { key, expected: r.expected };
}

test('the fetcher\'s keys parse back, vendor ids with "_" included', () => {
  const k = retailObjectKey('user_1', 'travel', 'british_airways', '2026-01-24', 'abc');
  const p = parseRetailKey(k);
  assert.equal(p.vendorId, 'british_airways');
  assert.equal(p.fileDate, '2026-01-24');
  assert.equal(p.userId, 'user_1');
  assert.equal(p.subType, 'travel');
  assert.equal(parseRetailKey(retailObjectKey('u', 'clothing', 'jack&jones', '2026-01-24', 'x')).vendorId, 'jack&jones');
  assert.equal(parseRetailKey('invoices/u/retail/food-delivery/foodora_2026-01-24_7c01d94e.html').vendorId, 'foodora');
  // A name not written by the fetcher keeps the original first-`_` rule.
  assert.equal(parseRetailKey('invoices/u/retail/food-delivery/foodora_receipt.html').vendorId, 'foodora');
});

test('a stored receipt becomes a base row and a detail row with the original attributes', async () => {
  const d = await setup();
  const { key, expected } = await store(d, 0);
  const out = await parseRetailObject(d, key);
  assert.equal(out.status, 'stored');
  const rows = await d.retailInvoices.listForUser('user_1');
  assert.equal(rows.length, 1);
  const base = rows[0]!;
  assert.match(base.InvoiceID, /^retail_invoice_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(base.UserID, 'user_1');
  assert.equal(base.sub_type, 'food-delivery');
  assert.equal(base.UserID_SubType, 'user_1_food-delivery');
  assert.equal(base.s3_path, key);
  assert.equal(base.payment_status, 'completed');
  assert.equal(base.created_at, '2026-02-10T09:00:00.000+00:00');
  assert.deepEqual(
    { vendor_name: base.vendor_name, total_amount: base.total_amount, currency: base.currency, invoice_date: base.invoice_date },
    expected,
  );
  const detail = await d.retailInvoices.getDetail('food-delivery', base.InvoiceID);
  assert.equal(detail?.delivery_fee, 39);
  assert.equal((detail?.items as unknown[]).length, 2);
});

test('re-delivery of the same object overwrites the same invoice (D6)', async () => {
  const d = await setup();
  const { key } = await store(d, 1);
  const a = await parseRetailObject(d, key);
  const b = await parseRetailObject(d, key);
  assert.equal(a.status, 'stored');
  assert.deepEqual(a, b);
  assert.equal((await d.retailInvoices.listForUser('user_1')).length, 1);
});

test('a non-receipt, a foreign key, a vanished object are skipped with a reason and store nothing', async () => {
  const d = await setup();
  const { key } = await store(d, 5);
  assert.deepEqual(await parseRetailObject(d, key), { status: 'skipped', reason: 'not_a_receipt' });
  assert.deepEqual(await parseRetailObject(d, 'invoices/user_1/rental/Hyresavi_1.html'), { status: 'skipped', reason: 'not_a_retail_key' });
  assert.deepEqual(await parseRetailObject(d, 'invoices/user_1/retail/food/x_2026-01-01_00000000.html'), { status: 'skipped', reason: 'not_a_retail_key' });
  assert.deepEqual(await parseRetailObject(d, 'invoices/user_1/retail/travel/ryanair_2026-01-01_00000000.html'), { status: 'skipped', reason: 'object_missing' });
  assert.deepEqual(await d.retailInvoices.listForUser('user_1'), []);
});

test('a store failure throws (the event is retried) and leaves nothing behind', async () => {
  const d = await setup();
  const { key } = await store(d, 2);
  const broken: RetailInvoices = { ...d.retailInvoices, put: () => Promise.reject(new Error('db down')) };
  await assert.rejects(parseRetailObject({ ...d, retailInvoices: broken }, key), /db down/);
  assert.deepEqual(await d.retailInvoices.listForUser('user_1'), []);
  const failingRead = { ...d.objects, get: () => Promise.reject(new Error('s3 down')) };
  await assert.rejects(parseRetailObject({ ...d, objects: failingRead }, key), /s3 down/);
});

test('every demo receipt extracts to what its vendor printed', async () => {
  const d = await setup();
  for (let i = 0; i < 5; i++) {
    const { key, expected } = await store(d, i);
    const out = await parseRetailObject(d, key);
    assert.equal(out.status, 'stored', key);
    const base = await d.retailInvoices.getBase('user_1', (out as { invoiceId: string }).invoiceId);
    assert.deepEqual({ vendor_name: base!.vendor_name, total_amount: base!.total_amount, currency: base!.currency, invoice_date: base!.invoice_date }, expected);
  }
});

test('a key as stored is not decoded a second time: a vendor id with + parses (the runtime hands over decoded keys)', async () => {
  const d = await setup();
  const r = demoReceiptEmails(NOW)[0]!;
  const mail = await parseEmail(r.raw);
  for (const vendorId of ['foodora+plus']) {
    const key = retailObjectKey('user_1', r.subType as never, vendorId, mail.date!.localDate, 'm1');
    await d.objects.put(key, new TextEncoder().encode(mail.html!), 'text/html; charset=utf-8');
    const out = await parseRetailObject(d, key);
    assert.equal(out.status, 'stored', `${vendorId}: ${JSON.stringify(out)}`);
    const base = (await d.retailInvoices.listForUser('user_1')).find((b) => b.s3_path === key);
    assert.ok(base, `${vendorId}: s3_path is the stored key`);
  }
});
