import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RETAIL_SUBTYPES } from '../../src/domain/retail-subtypes.js';
import { demoReceiptEmails } from '../../src/demo/receipt-emails.js';
import { mailboxRoot } from '../../src/runtime/local/deps.js';
import { call, startTestServer, type TestServer } from '../support/local-server.js';
import { decode, envelope, ios, retailDetailModels as detailModels, type Shape } from '../support/ios.js';

const Counts: Shape = { object: Object.fromEntries(RETAIL_SUBTYPES.map((s) => [s, 'Int' as const])) };
const Grouped: Shape = { object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RetailInvoiceBase } } } };

let s: TestServer;
let alice: { token: string; id: string };
let bob: { token: string; id: string };
const now = new Date();
const receipts = demoReceiptEmails(now);

async function signup(name: string, email: string) {
  const r = await call(s.url, 'POST', '/v1/auth/signup', { body: { name, email, password: 'correct horse battery' } });
  assert.equal(r.status, 201);
  const token = r.json.data.access_token as string;
  const me = await call(s.url, 'GET', '/v1/user/me', { token });
  const id = [...(await listUsers())].find((u) => u.name === name)!.userId;
  assert.equal(me.status, 200);
  return { token, id };
}
async function listUsers() {
  const out = [];
  for await (const u of s.deps.users.list()) out.push(u);
  return out;
}
const get = (token: string, query = '') => call(s.url, 'GET', `/v1/invoices/retail${query}`, { token });
const ingest = (token: string, body?: unknown, headers?: Record<string, string>) =>
  call(s.url, 'POST', '/v1/invoices/retail/ingest', { token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
function assertError(reply: { status: number; json: any }, status: number, code: string, message?: string) {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  decode(reply.json, ios.ErrorEnvelope);
  assert.equal(reply.json.error.code, code);
  if (message !== undefined) assert.equal(reply.json.error.message, message);
}

before(async () => {
  s = await startTestServer();
  alice = await signup('Alice', 'alice@example.se');
  bob = await signup('Bob', 'bob@example.se');
  const dir = path.join(mailboxRoot(s.config), alice.id);
  mkdirSync(dir, { recursive: true });
  receipts.forEach((r, i) => writeFileSync(path.join(dir, `${i}-${r.vendorId}.eml`), r.raw));
});
after(() => s.close());

describe('retail flow over HTTP on the local runtime', () => {
  test('ingest stores every matching email, events parse them, the non-receipt is dropped', async () => {
    const r = await ingest(alice.token);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.message, 'Retail invoices fetched successfully');
    assert.equal(r.json.data.totalEmailsFound, 6);
    assert.deepEqual(r.json.data.byVendor, { 'amazon.com': 0, aws: 0, dominos: 1, elgiganten: 1, foodora: 2, ryanair: 1, zalando: 1 });
    assert.match(r.json.data.dateRange.start, /^\d{4}\/\d{2}\/\d{2}$/);
    assert.deepEqual(r.json.data.errors, []);
    await s.deps.events.drain();
    assert.deepEqual(s.deps.events.failed(), []);
    assert.ok(s.logs.some((l) => l.includes('"reason":"not_a_receipt"')));
    // No mail content or addresses in the logs.
    assert.equal(s.logs.some((l) => l.includes('Falafelwrap') || l.includes('alice@example.se') || l.includes('info@mail.foodora.se')), false);
  });

  test('counts: all eight keys as integers, with the fixed message', async () => {
    const r = await get(alice.token, '?counts=true');
    assert.equal(r.status, 200);
    decode(r.json, envelope(Counts));
    assert.equal(r.json.message, 'Retail invoice counts retrieved successfully!');
    assert.deepEqual(r.json.data, { 'food-delivery': 2, clothing: 1, technology: 1, subscriptions: 0, grocery: 0, utility: 0, miscellaneous: 0, travel: 1 });
    const one = await get(alice.token, '?counts=true&subtype=travel');
    assert.deepEqual(one.json.data, { travel: 1 });
  });

  test('list by category and by year decode as the app decodes them', async () => {
    const all = await get(alice.token);
    assert.equal(all.status, 200);
    assert.equal(all.json.data.invoiceCount, 5);
    decode(all.json.data.invoices, { dict: { array: ios.RetailInvoiceBase } });
    assert.deepEqual(Object.keys(all.json.data.invoices), ['food-delivery', 'clothing', 'technology', 'travel']);
    const food = all.json.data.invoices['food-delivery'];
    assert.ok(food[0].invoice_date >= food[1].invoice_date, 'newest first');
    const byYear = await get(alice.token, '?subtype=food-delivery');
    decode(byYear.json, envelope(Grouped));
    assert.equal(byYear.json.message, 'Retail food-delivery invoices retrieved successfully!');
    for (const year of Object.keys(byYear.json.data.invoices)) assert.ok(Number.isInteger(Number(year)));
    for (const list of Object.values(byYear.json.data.invoices) as { sub_type?: string }[][]) for (const x of list) assert.equal('sub_type' in x, false);
    const expected = receipts.find((x) => x.vendorId === 'foodora' && x.expected)!.expected!;
    const foodora = food.find((x: { vendor_name: string }) => x.vendor_name === expected.vendor_name);
    assert.deepEqual({ ...foodora, InvoiceID: undefined }, { ...expected, InvoiceID: undefined });
  });

  test('details decode with the app models and are only the detail fields', async () => {
    const all = (await get(alice.token)).json.data.invoices;
    for (const subtype of ['food-delivery', 'clothing', 'technology', 'travel']) {
      const id = all[subtype][0].InvoiceID;
      const r = await get(alice.token, `?subtype=${subtype}&invoice-id=${encodeURIComponent(id)}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.message, `Retail ${subtype} invoice details retrieved successfully!`);
      decode(r.json.data.invoiceDetails, detailModels[subtype]!, subtype);
      assert.equal(r.json.data.invoiceDetails.InvoiceID, id);
      assert.equal('total_amount' in r.json.data.invoiceDetails, false);
    }
  });

  test('another user sees nothing of it and can neither read nor delete it', async () => {
    const id = (await get(alice.token)).json.data.invoices.clothing[0].InvoiceID;
    const list = await get(bob.token);
    assert.deepEqual([list.status, list.json.message, list.json.data], [200, 'No retail invoices found for this user.', null]);
    assert.equal((await get(bob.token, '?counts=true')).json.data.clothing, 0);
    assertError(await get(bob.token, `?subtype=clothing&invoice-id=${id}`), 404, 'INVALID_REQUEST', 'Invoice not found');
    assertError(
      await call(s.url, 'DELETE', `/v1/invoices/retail/${id}`, { token: bob.token }),
      404,
      'INVALID_REQUEST',
      "Invoice not found or you don't have permission to delete it",
    );
    assert.equal((await get(alice.token, '?counts=true')).json.data.clothing, 1);
  });

  test('ingesting again finds nothing new (deterministic keys)', async () => {
    const r = await ingest(alice.token, { start_date: '2000-01-01', end_date: '2100-01-01' });
    assert.equal(r.status, 200);
    assert.equal(r.json.data.totalEmailsFound, 0);
    await s.deps.events.drain();
    assert.equal((await get(alice.token)).json.data.invoiceCount, 5);
  });

  test('bad input is a 4xx in the error envelope, never a 500', async () => {
    assertError(await ingest(alice.token, '{not json', { 'content-type': 'application/json' }), 400, 'INVALID_JSON', 'Invalid JSON in request body');
    assertError(await ingest(alice.token, '[1,2]', { 'content-type': 'application/json' }), 400, 'INVALID_JSON');
    assertError(await ingest(alice.token, { start_date: '2026-01-01' }), 400, 'MISSING_FIELDS', 'Both start_date and end_date must be provided for custom date range');
    assertError(await ingest(alice.token, { start_date: '01/02/2026', end_date: '2026-02-01' }), 400, 'INVALID_REQUEST');
    assertError(await ingest(alice.token, { start_date: '2026-02-31', end_date: '2026-03-01' }), 400, 'INVALID_REQUEST');
    assertError(await ingest(alice.token, { vendor_category: 'shoes' }), 400, 'INVALID_REQUEST');
    assertError(await ingest(alice.token, 'x'.repeat(2 * 1024 * 1024), { 'content-type': 'application/json' }), 413, 'PAYLOAD_TOO_LARGE');
    assertError(await ingest('not-a-token'), 401, 'INVALID_TOKEN');
    assertError(await get(alice.token, '?subtype=shoes'), 400, 'INVALID_REQUEST');
    assertError(await get(alice.token, '?invoice-id=x'), 400, 'INVALID_REQUEST', 'invoice-id parameter requires subtype parameter to be specified');
    assertError(await get(alice.token, '?counts=true&subtype=travel&invoice-id=x'), 400, 'INVALID_REQUEST', 'counts parameter cannot be combined with invoice-id');
    assertError(await get(alice.token, `?subtype=travel&invoice-id=${'x'.repeat(3000)}`), 404, 'INVALID_REQUEST', 'Invoice not found');
    assertError(await call(s.url, 'GET', '/v1/invoices/shops', { token: alice.token }), 400, 'INVALID_REQUEST', "Invalid invoice type 'shops'. Must be 'rental' or 'retail'");
    assertError(await call(s.url, 'DELETE', `/v1/invoices/retail/${'y'.repeat(3000)}`, { token: alice.token }), 404, 'INVALID_REQUEST');
  });

  test('delete one invoice: detail, base and stored HTML go; the answer carries the summary', async () => {
    const inv = (await get(alice.token)).json.data.invoices.travel[0];
    const r = await call(s.url, 'DELETE', `/v1/invoices/retail/${inv.InvoiceID}`, { token: alice.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.message, 'Invoice deleted successfully');
    assert.deepEqual(r.json.data.deleted_invoice, {
      invoice_id: inv.InvoiceID,
      vendor_name: inv.vendor_name,
      sub_type: 'travel',
      invoice_date: inv.invoice_date,
      total_amount: inv.total_amount,
      currency: inv.currency,
    });
    assert.equal((await get(alice.token, '?counts=true')).json.data.travel, 0);
    assertError(await get(alice.token, `?subtype=travel&invoice-id=${inv.InvoiceID}`), 404, 'INVALID_REQUEST', 'Invoice not found');
    const travelDir = path.join(s.config.dataDir, 'objects', 'invoices', alice.id, 'retail', 'travel');
    assert.deepEqual(existsSync(travelDir) ? readdirSync(travelDir) : [], []);
  });

  test('deleting the account removes every retail row and object of that user only', async () => {
    const r = await call(s.url, 'DELETE', '/v1/user/me', { token: alice.token });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await s.deps.retailInvoices.listForUser(alice.id), []);
    assert.equal(existsSync(path.join(s.config.dataDir, 'objects', 'invoices', alice.id)), false);
    const rows = s.deps.db.prepare('SELECT COUNT(*) AS n FROM retail_invoice_details').get() as { n: number };
    assert.equal(rows.n, 0, 'no detail row left in any detail table');
    assertError(await get(alice.token), 401, 'INVALID_TOKEN');
  });
});
