import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { createSqliteUsers, usersSchema } from '../../../src/adapters/local/users.js';
import { createSqliteVendors, vendorsSchema } from '../../../src/adapters/local/vendors.js';
import { fetchRetailInvoices, fetchRetailInvoicesForAllUsers, type WeeklySummary } from '../../../src/app/invoices/fetch-retail-invoices.js';
import { retailObjectKey } from '../../../src/app/invoices/retail-message.js';
import { vendorQuery } from '../../../src/app/invoices/retail-search.js';
import { loadVendorSeed, newVendor } from '../../../src/app/vendors/seed.js';
import { AppError, DependencyError, errors } from '../../../src/domain/errors.js';
import type { Objects } from '../../../src/ports/objects.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { fixedClock, MemoryVault } from '../../support/google.js';
import { rawMail } from '../../support/mail.js';
import { memoryMailbox, memoryObjects } from '../../support/memory.js';

const NOW = '2026-02-10T09:00:00.000Z';
const html = (body: string) => `<html><body>${body}</body></html>`;
const mails = [
  rawMail({ from: 'Foodora <info@mail.foodora.se>', subject: 'Orderbekräftelse #1', date: 'Sat, 24 Jan 2026 19:02:00 +0100', html: html('Totalt 289,50 kr') }),
  // Late evening in New York: already the next day in UTC; the key keeps the sender's day.
  rawMail({ from: 'info@mail.foodora.se', subject: 'Orderbekräftelse #2', date: 'Mon, 26 Jan 2026 23:30:00 -0500', text: 'Total: 99 kr <b>' }),
  rawMail({ from: 'info@service-mail.zalando.se', subject: 'Thanks for your order', date: 'Tue, 3 Feb 2026 08:00:00 +0000', html: html('Total 499 SEK') }),
  rawMail({ from: 'info@mail.foodora.se', subject: 'Orderbekräftelse utan datum', html: html('x') }),
  rawMail({ from: 'info@mail.foodora.se', subject: 'Orderbekräftelse gammal', date: 'Wed, 1 Oct 2025 10:00:00 +0000', html: html('old') }),
  rawMail({ from: 'info@mail.foodora.se', subject: 'Nyhetsbrev', date: 'Wed, 4 Feb 2026 10:00:00 +0000', html: html('news') }),
];

async function setup(byUser: Record<string, Uint8Array[]> = { u1: mails }) {
  const db = openMemoryDatabase([usersSchema, vendorsSchema]);
  const users = createSqliteUsers(db);
  for (const id of Object.keys(byUser)) {
    await users.create({ userId: id, email: `${id}@example.se`, name: id, passwordHash: 'x', createdOn: '2026-01-01', createdAt: '00:00:00.000000' });
  }
  const vendors = createSqliteVendors(db);
  await loadVendorSeed(vendors, '2026-01-01T00:00:00.000000+00:00');
  const objects = memoryObjects();
  const mailbox = memoryMailbox(byUser);
  const clock = fixedClock(NOW);
  return { users, vendors, objects, mailbox, clock, log: silentLogger };
}
type Setup = Awaited<ReturnType<typeof setup>>;
const userOf = async (d: Setup, id = 'u1') => (await d.users.getById(id))!;

test('vendor queries follow docs/flows.md#receipt-queries: OR-ed senders and phrases, AND groups, slash dates', () => {
  const w = { start: '2025-09-06', end: '2025-10-06' };
  const v = (senders: string[], subjects: Parameters<typeof newVendor>[0]['subjects']) =>
    newVendor({ id: 'x', name: 'X', subType: 'travel', senders, subjects, active: true }, NOW);
  assert.equal(vendorQuery(v(['domino@dominos.se'], ['Tack for din beställning']), w), 'from:domino@dominos.se subject:"Tack for din beställning" after:2025/09/06 before:2025/10/06');
  assert.equal(
    vendorQuery(v(['a@x.se', 'b@x.se'], ['One', { keywords: ['Ryanair', 'reseplan'], logic: 'AND' }, { keywords: ['P', 'Q'], logic: 'OR' }]), w),
    '(from:a@x.se OR from:b@x.se) (subject:"One" OR (subject:"Ryanair" subject:"reseplan") OR (subject:"P" OR subject:"Q")) after:2025/09/06 before:2025/10/06',
  );
  assert.equal(vendorQuery(v(['a@x.se'], []), w), 'from:a@x.se after:2025/09/06 before:2025/10/06');
  assert.equal(vendorQuery(v(['a@x.se'], ['say "hi"']), w), 'from:a@x.se subject:"say hi" after:2025/09/06 before:2025/10/06');
});

test('object keys: sender-day date, md5 of the message id, vendor ids with _ kept whole', () => {
  const h8 = createHash('md5').update('18c2abc').digest('hex').slice(0, 8);
  assert.equal(retailObjectKey('user_1', 'travel', 'british_airways', '2026-01-24', '18c2abc'), `invoices/user_1/retail/travel/british_airways_2026-01-24_${h8}.html`);
  assert.match(retailObjectKey('user_1', 'clothing', 'jack&jones', '2026-01-24', 'm'), /^invoices\/user_1\/retail\/clothing\/jack&jones_2026-01-24_[0-9a-f]{8}\.html$/);
});

test('first run: last 30 days, new receipts stored as HTML under their keys, counts and zeros, timestamp set', async () => {
  const d = await setup();
  const r = await fetchRetailInvoices(d, await userOf(d), {});
  assert.equal(r.message, 'Retail invoices fetched successfully');
  assert.equal(r.data.totalEmailsFound, 3);
  assert.deepEqual(r.data.byVendor, { 'amazon.com': 0, aws: 0, dominos: 0, elgiganten: 0, foodora: 2, ryanair: 0, zalando: 1 });
  assert.deepEqual(r.data.dateRange, { start: '2026/01/11', end: '2026/02/10' });
  assert.deepEqual(r.data.errors, []);
  const keys = [...d.objects.store.keys()].sort();
  assert.equal(keys.length, 3);
  assert.ok(keys.some((k) => /^invoices\/u1\/retail\/food-delivery\/foodora_2026-01-24_[0-9a-f]{8}\.html$/.test(k)));
  assert.ok(keys.some((k) => /^invoices\/u1\/retail\/food-delivery\/foodora_2026-01-26_[0-9a-f]{8}\.html$/.test(k)), 'day of the Date header zone');
  assert.ok(keys.some((k) => k.startsWith('invoices/u1/retail/clothing/zalando_2026-02-03_')));
  const textOnly = d.objects.store.get(keys.find((k) => k.includes('2026-01-26'))!)!;
  assert.equal(textOnly.contentType, 'text/html; charset=utf-8');
  assert.match(Buffer.from(textOnly.body).toString('utf8'), /<pre>Total: 99 kr &lt;b&gt;\s*<\/pre>/);
  assert.equal((await userOf(d)).lastRetailInvoiceFetch, '2026-02-10T09:00:00.000000+00:00');
});

test('a second run starts at the last fetch day; stored keys are skipped and not counted', async () => {
  const d = await setup();
  await fetchRetailInvoices(d, await userOf(d), {});
  d.clock.set('2026-02-17T09:00:00.000Z');
  const again = await fetchRetailInvoices(d, await userOf(d), { startDate: '2026-01-01', endDate: '2026-02-17' });
  assert.equal(again.data.totalEmailsFound, 0);
  assert.equal(d.objects.store.size, 3);
  const auto = await fetchRetailInvoices(d, await userOf(d), {});
  assert.deepEqual(auto.data.dateRange, { start: '2026/02/17', end: '2026/02/17' });
  assert.equal((await userOf(d)).lastRetailInvoiceFetch, '2026-02-17T09:00:00.000000+00:00');
});

test('concurrent runs store each receipt once and their counts add up to it once', async () => {
  const d = await setup();
  const user = await userOf(d);
  const runs = await Promise.all(Array.from({ length: 5 }, () => fetchRetailInvoices(d, user, {})));
  assert.equal(runs.reduce((n, r) => n + r.data.totalEmailsFound, 0), 3);
  assert.equal(d.objects.puts.length, 3, 'each receipt written (and its event raised) once');
});

test('custom range and vendor_category restrict the run', async () => {
  const d = await setup();
  const r = await fetchRetailInvoices(d, await userOf(d), { startDate: '2025-09-01', endDate: '2025-10-31', vendorCategory: 'food-delivery' });
  assert.deepEqual(r.data.byVendor, { dominos: 0, foodora: 1 });
  assert.deepEqual(r.data.dateRange, { start: '2025/09/01', end: '2025/10/31' });
  assert.ok([...d.objects.store.keys()][0]!.includes('foodora_2025-10-01_'));
});

test('no active vendors: the spec message, no errors key, timestamp untouched', async () => {
  const d = await setup();
  for (const v of await d.vendors.listActive()) await d.vendors.setActive(v.vendor_id, false, NOW);
  const r = await fetchRetailInvoices(d, await userOf(d), {});
  assert.equal(r.message, 'No active vendors configured for retail invoice fetching');
  assert.deepEqual(r.data, { totalEmailsFound: 0, byVendor: {}, dateRange: { start: '2026/01/11', end: '2026/02/10' } });
  assert.equal((await userOf(d)).lastRetailInvoiceFetch, undefined);
});

test('a failing upload is reported per message and the others are stored', async () => {
  const d = await setup();
  const objects: Objects = {
    ...d.objects,
    create: (key, body, type) => (key.includes('zalando') ? Promise.reject(new Error('S3 down')) : d.objects.create(key, body, type)),
  };
  const r = await fetchRetailInvoices({ ...d, objects }, await userOf(d), {});
  assert.equal(r.data.totalEmailsFound, 2);
  assert.equal(r.data.errors!.length, 1);
  assert.deepEqual(Object.keys(r.data.errors![0]!).sort(), ['error', 'message_id']);
  assert.equal((r.data.errors![0] as { error: string }).error, 'S3 down');
});

test('a disconnected mailbox ends the run with the typed error and leaves the timestamp', async () => {
  const d = await setup();
  const mailbox = memoryMailbox({ u1: mails }, { fail: () => errors.gmailReconnect() });
  await assert.rejects(
    fetchRetailInvoices({ ...d, mailbox }, await userOf(d), {}),
    (e: unknown) => e instanceof AppError && e.status === 502 && e.code === 'GMAIL_TOKEN_EXPIRED',
  );
  assert.equal((await userOf(d)).lastRetailInvoiceFetch, undefined);
  // Any other search failure is a per-vendor error.
  const flaky = memoryMailbox({ u1: mails }, { fail: () => new DependencyError('mailbox.search', new Error('socket hang up')) });
  const r = await fetchRetailInvoices({ ...d, mailbox: flaky }, await userOf(d), {});
  assert.equal(r.data.errors!.length, 7);
  assert.deepEqual(r.data.errors![0], { error: 'Vendor amazon.com: Gmail API error' });
});

test('the time budget stops new work, says so, and keeps the window for the next run (D15)', async () => {
  const d = await setup();
  const r = await fetchRetailInvoices(d, await userOf(d), {}, { concurrency: 2, budgetMs: 0 });
  assert.ok(r.data.errors!.some((e) => e.error.startsWith('Time limit reached')));
  assert.equal((await userOf(d)).lastRetailInvoiceFetch, undefined);
  const next = await fetchRetailInvoices(d, await userOf(d), {});
  assert.equal(d.objects.store.size, 3);
  assert.equal(next.data.totalEmailsFound + r.data.totalEmailsFound, 3);
});

test('weekly mode: every user isolated, F7 summary, users without Gmail skipped', async () => {
  const d = await setup({ u1: mails, u2: [mails[2]!], u3: [] });
  const tokens = new MemoryVault();
  const mailbox = memoryMailbox({ u1: mails, u2: [mails[2]!], u3: [] }, { fail: (u) => (u === 'u2' ? new Error('boom') : undefined) });
  const r = await fetchRetailInvoicesForAllUsers({ ...d, mailbox, tokens, mailboxSource: 'folder' });
  assert.equal(r.message, 'Weekly retail invoice check completed for all users');
  const s = r.data as WeeklySummary;
  assert.equal(s.total_users, 3);
  assert.equal(s.total_vendors, 7);
  assert.equal(s.successful, 3, 'a per-vendor search failure is reported inside the user run');
  assert.equal(s.failed, 0);
  assert.ok(s.processed_users.includes('u1: 3 total emails from 7 vendors'));

  const auth = memoryMailbox({ u1: mails, u2: [], u3: [] }, { fail: (u) => (u === 'u2' ? errors.gmailReconnect() : undefined) });
  d.clock.set('2026-03-01T00:00:00.000Z');
  const r2 = (await fetchRetailInvoicesForAllUsers({ ...d, mailbox: auth, tokens, mailboxSource: 'folder' })).data as WeeklySummary;
  assert.equal(r2.failed, 1);
  assert.deepEqual(r2.errors, ['User u2: Gmail account needs to be re-connected']);
  assert.equal((await userOf(d, 'u1')).lastRetailInvoiceFetch, '2026-03-01T00:00:00.000000+00:00');
  assert.equal((await userOf(d, 'u2')).lastRetailInvoiceFetch, '2026-02-10T09:00:00.000000+00:00');

  const gmail = (await fetchRetailInvoicesForAllUsers({ ...d, tokens, mailboxSource: 'gmail' })).data as WeeklySummary;
  assert.equal(gmail.not_connected, 3);
  assert.equal(gmail.successful, 0);
});
