/**
 * `npm run bench:scale`: how the cost of one user's calls grows with the user's history, on the
 * local runtime (SQLite + files, the HTTP server in this process). Two histories, each on a fresh
 * data directory: 1x = one year (12 rent notices, 500 receipts), 10x = ten years (120 rent notices,
 * 5,000 receipts), the receipts spread over all 8 categories. A neighbour with a 1x history shares
 * the store, so every figure is for one user among others and isolation is checked.
 *
 * Measured per history over HTTP:
 *   - every list mode of GET /v1/invoices/{type} (Modes A–E): p50/p99 latency and response size,
 *     beside GET /v1/user/me in the same run (the cheapest authenticated call: the baseline);
 *   - DELETE /v1/user/me: wall time, beside deleting an account with no history;
 *   - the rental back-fill (POST /v1/invoices/rental/ingest) of a mailbox of 1,000 / 10,000
 *     messages behind the fake Gmail at 50 ms per call: time to answer (limit: docs/compatibility.md#d15),
 *     time until the parsing in the background is done, Gmail calls and quota use.
 * Every response is decoded as the iOS app does before its figures count.
 *
 * History is seeded through the stores' ports (as the parsers would write it), the documents
 * through the objects port without events, so nothing is re-parsed while seeding.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createFileObjects } from '../src/adapters/local/objects.js';
import { RETAIL_SUBTYPES, type RetailSubtype } from '../src/domain/retail-subtypes.js';
import { buildEmail } from '../src/demo/rent-notice-email.js';
import { renderRentNotice, RENT_NOTICE_LAYOUTS, sampleRentNotice, seededRandom } from '../src/demo/rent-notice-pdf.js';
import { FakeGoogle, type FakeAccount } from '../test/fakes/google/server.js';
import { decode, ios } from '../test/support/ios.js';
import { decodeRentalList, startLocal, type LocalServer } from '../test/support/local-server.js';
import { storedRentalItem } from '../test/support/rental.js';
import { baseRow, detailRow } from '../test/support/retail.js';
import { describeOps, dynamoRequestsPerCall, totalRequests, type DynamoHistory } from './support/dynamo-requests.js';
import { percentile } from './support/load.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const GMAIL_LATENCY_MS = 50;
const LIST_TARGET_MS = 150;
const DELETE_TARGET_MS = 2000;
/** API Gateway's integration limit (docs/compatibility.md#d15). */
const HTTP_LIMIT_MS = 29_000;
/** Gmail's per-user quota, 250 units/s as a moving average at 5 units per list/get call. */
const QUOTA_CALLS_PER_10S = 500;
const SENDER = 'Wallenstam <kundservice@wallenstam.se>';
const VENDORS = ['Foodora', 'H&M', 'Elgiganten', 'Spotify', 'ICA', 'Tibber', 'Clas Ohlson', 'SJ'];

interface History {
  years: number;
  notices: number;
  receipts: number;
  messages: number;
}
const HISTORIES: History[] = [
  { years: 1, notices: 12, receipts: 500, messages: 1_000 },
  { years: 10, notices: 120, receipts: 5_000, messages: 10_000 },
];

/** Receipt i goes to category i mod 8. */
const perType = (receipts: number, sub: RetailSubtype) => Math.ceil((receipts - RETAIL_SUBTYPES.indexOf(sub)) / RETAIL_SUBTYPES.length);

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** `h.years` of history ending 2026-11: notices monthly, receipts evenly over the categories. */
function history(userId: string, h: History, seedNo: number): DynamoHistory {
  const rand = seededRandom(seedNo);
  const rental = Array.from({ length: h.notices }, (_, i) => storedRentalItem(userId, String(1_300_000_000 + seedNo * 10_000 + i), iso(new Date(Date.UTC(2026 - h.years, 11 + i, 28)))));
  const span = h.years * 365 * 86_400_000;
  const end = Date.UTC(2026, 10, 30);
  const retail = Array.from({ length: h.receipts }, (_, i) => {
    const sub = RETAIL_SUBTYPES[i % RETAIL_SUBTYPES.length] as RetailSubtype;
    const date = iso(new Date(end - Math.floor(rand() * span)));
    const id = `retail_invoice_${seedNo}_${String(i).padStart(6, '0')}`;
    const vendor = VENDORS[i % VENDORS.length]!;
    const key = `invoices/${userId}/retail/${sub}/${vendor.toLowerCase().replace(/\W/g, '')}_${date}_${i}.html`;
    return { base: baseRow(userId, id, sub, date, { vendor_name: vendor, total_amount: Math.round(rand() * 200_000) / 100, s3_path: key }), detail: detailRow(id) };
  });
  return { rental, retail };
}

/** Writes the history through the stores' ports and its documents through the objects port; returns the document keys. */
async function seed(s: LocalServer, userId: string, h: DynamoHistory): Promise<string[]> {
  // The same files the parsers' inputs would be, written without raising parse events.
  const objects = createFileObjects({ root: path.join(s.dataDir, 'objects'), bucket: s.config.bucket });
  const doc = new TextEncoder().encode(`<html><body>${'<p>Kvitto rad</p>'.repeat(200)}</body></html>`);
  const keys: string[] = [];
  for (const item of h.rental) {
    assert.equal(await s.deps.rentalInvoices.put(item), 'inserted');
    keys.push(`invoices/${userId}/${String(item.Filename)}.pdf`);
    await objects.put(keys.at(-1)!, doc, 'application/pdf');
  }
  for (const { base, detail } of h.retail) {
    await s.deps.retailInvoices.put(base, detail);
    keys.push(base.s3_path);
    await objects.put(base.s3_path, doc, 'text/html');
  }
  await s.deps.events.drain();
  return keys;
}

interface Timing {
  p50: number;
  p99: number;
  bytes: number;
}

async function time(s: LocalServer, token: string, route: string, check: (json: any) => void): Promise<Timing> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const r = await s.call('GET', route, { token });
    const dt = performance.now() - t0;
    assert.equal(r.status, 200, `${route}: ${r.text.slice(0, 200)}`);
    if (i === 0) check(r.json);
    if (i >= 3) ms.push(dt); // the first calls warm the statements and the JIT
    bytes = Buffer.byteLength(r.text);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), bytes };
}

/** Mailbox of `h.messages`: the notices, a reminder a year (hit by the query, no PDF), other mail. */
async function mailbox(h: History): Promise<Uint8Array[]> {
  const rand = seededRandom(7);
  const out: Uint8Array[] = [];
  for (let i = 0; i < h.notices; i++) {
    const first = new Date(Date.UTC(2026 - h.years, 11 + i, 1));
    const spec = { ...sampleRentNotice(RENT_NOTICE_LAYOUTS[i % 3]!, rand), dueDate: iso(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 28))) };
    out.push(buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date(first.getTime() + 4 * 86_400_000), attachments: [{ filename: `Hyresavi ${spec.ocr}.pdf`, content: await renderRentNotice(spec) }] }));
  }
  for (let i = 0; i < h.years; i++) {
    out.push(buildEmail({ from: SENDER, subject: 'Påminnelse: hyresavi', date: new Date(Date.UTC(2026 - i, 2, 20)), text: 'Glöm inte att betala.' }));
  }
  for (let i = out.length; i < h.messages; i++) {
    out.push(buildEmail({ from: `Shop ${i % 40} <news${i % 40}@shop${i % 40}.se>`, subject: `Erbjudande ${i}`, date: new Date(Date.UTC(2016, 0, 1) + i * 3_600_000 * 8), text: 'Rea!' }));
  }
  return out;
}

interface Result {
  h: History;
  me: Timing;
  lists: { name: string; t: Timing }[];
  deleteMs: number;
  deleteEmptyMs: number;
  backfill: { answerMs: number; doneMs: number; invoices: number; calls: number; maxPerSecond: number; maxPer10s: number };
}

async function measure(fake: FakeGoogle, h: History, account: FakeAccount): Promise<Result> {
  const s = await startLocal({ mailbox: 'gmail', env: { ...fake.env(), GOOGLE_OAUTH_CLIENT_ID: 'ios-client.apps.googleusercontent.com', LOG_LEVEL: 'warn' } });
  try {
    const user = await s.signup('Maja Berg', `maja${h.years}@example.se`);
    const neighbour = await s.signup('Nils Ek', `nils${h.years}@example.se`);
    const keys = await seed(s, user.userId, history(user.userId, h, 1));
    await seed(s, neighbour.userId, history(neighbour.userId, HISTORIES[0]!, 2));

    const me = await time(s, user.token, '/v1/user/me', () => {});
    const retailList = (json: any) => {
      decode(json.data, { object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RetailInvoiceBase } } } });
      assert.equal(json.data.invoiceCount, h.receipts, 'only the caller’s receipts');
    };
    const lists: Result['lists'] = [
      { name: 'A  rental', t: await time(s, user.token, '/v1/invoices/rental', (j) => assert.equal(decodeRentalList(j.data).count, h.notices)) },
      { name: 'B  retail (by category)', t: await time(s, user.token, '/v1/invoices/retail', retailList) },
    ];
    for (const sub of RETAIL_SUBTYPES) {
      lists.push({
        name: `C  retail?subtype=${sub}`,
        t: await time(s, user.token, `/v1/invoices/retail?subtype=${sub}`, (j) => {
          decode(j.data, { object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RetailInvoiceBase } } } });
          assert.equal(j.data.invoiceCount, perType(h.receipts, sub));
        }),
      });
    }
    const oneId = `retail_invoice_1_${String(h.receipts - 1).padStart(6, '0')}`;
    const lastSub = RETAIL_SUBTYPES[(h.receipts - 1) % RETAIL_SUBTYPES.length]!;
    lists.push({
      name: `D  retail?subtype&invoice-id`,
      t: await time(s, user.token, `/v1/invoices/retail?subtype=${lastSub}&invoice-id=${oneId}`, (j) => assert.equal(j.data.invoiceDetails.InvoiceID, oneId)),
    });
    lists.push({
      name: 'E  retail?counts=true',
      t: await time(s, user.token, '/v1/invoices/retail?counts=true', (j) =>
        assert.deepEqual(j.data, Object.fromEntries(RETAIL_SUBTYPES.map((k) => [k, perType(h.receipts, k)])))),
    });
    lists.push({
      name: 'E  retail?counts=true&subtype=grocery',
      t: await time(s, user.token, '/v1/invoices/retail?counts=true&subtype=grocery', (j) => assert.deepEqual(j.data, { grocery: perType(h.receipts, 'grocery') })),
    });

    // Back-fill of a fresh user's mailbox through the HTTP route, then the parsing it raises.
    const reader = await s.signup('Olle Sten', `olle${h.years}@example.se`);
    const access = fake.issueAccessToken(account.sub, { expiresInSeconds: 3600 });
    const connected = await s.call('POST', '/v1/auth/gmail/store-tokens', {
      token: reader.token,
      form: { access_token: access, refresh_token: fake.addRefreshToken(account.sub), expires_in: '3600', token_type: 'Bearer' },
    });
    assert.equal(connected.status, 201, connected.text);
    fake.setLatency('*', GMAIL_LATENCY_MS);
    fake.resetCounters();
    const t0 = performance.now();
    const ingest = await s.call('POST', '/v1/invoices/rental/ingest', { token: reader.token });
    const answerMs = performance.now() - t0;
    assert.equal(ingest.status, 200, ingest.text);
    await s.deps.events.drain();
    const doneMs = performance.now() - t0;
    fake.setLatency('*', 0);
    const gmail: ('gmail.list' | 'gmail.get')[] = ['gmail.list', 'gmail.get'];
    const stored = await s.call('GET', '/v1/invoices/rental', { token: reader.token });
    const backfill = {
      answerMs,
      doneMs,
      invoices: decodeRentalList(stored.json.data).count,
      calls: fake.count('gmail.list') + fake.count('gmail.get'),
      maxPerSecond: fake.maxCallsInWindow(gmail, 1000),
      maxPer10s: fake.maxCallsInWindow(gmail, 10_000),
    };
    assert.equal(backfill.invoices, h.notices, 'every notice parsed and listed');

    // Account deletion: the user with the history, and (baseline) an account with none.
    const empty = await s.signup('Tom Tom', `tom${h.years}@example.se`);
    const e0 = performance.now();
    assert.equal((await s.call('DELETE', '/v1/user/me', { token: empty.token })).status, 200);
    const deleteEmptyMs = performance.now() - e0;
    const d0 = performance.now();
    const del = await s.call('DELETE', '/v1/user/me', { token: user.token });
    const deleteMs = performance.now() - d0;
    assert.equal(del.status, 200, del.text);
    assert.equal((await s.call('GET', '/v1/invoices/retail', { token: user.token })).status, 401, 'the deleted user’s token is refused');
    assert.equal(await s.deps.retailInvoices.countBySubType(user.userId, 'grocery'), 0);
    assert.equal((await s.deps.rentalInvoices.listForUser(user.userId)).length, 0);
    for (const k of keys) assert.equal(await s.deps.objects.exists(k), false, 'no document left');
    assert.equal((await s.deps.retailInvoices.listForUser(neighbour.userId)).length, HISTORIES[0]!.receipts, 'the neighbour keeps everything');
    return { h, me, lists, deleteMs, deleteEmptyMs, backfill };
  } finally {
    await s.close();
  }
}

const fake = await FakeGoogle.start();
const results: Result[] = [];
try {
  for (const h of HISTORIES) {
    process.stdout.write(`seeding and measuring ${h.years} year(s): ${h.notices} notices, ${h.receipts} receipts, ${h.messages} messages…\n`);
    // The mailbox is built before the server starts: rendering and storing 10,000 messages blocks
    // the event loop for seconds, which would race the server's keep-alive timer.
    const account = fake.addAccount({ email: `olle${h.years}@gmail.com` });
    await fake.addMessages(account.sub, await mailbox(h));
    results.push(await measure(fake, h, account));
  }
} finally {
  await fake.stop();
}

const [one, ten] = results as [Result, Result];
const f = (n: number) => n.toFixed(1);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const out: string[] = [];
out.push(`\n${availableParallelism()} cores; ${RUNS} sequential requests per list mode after 3 warm-up calls; latencies in ms (client-measured, HTTP on 127.0.0.1)`);
out.push(`baseline in the same run: GET /v1/user/me p50 ${f(one.me.p50)} (1x) / ${f(ten.me.p50)} (10x)\n`);
out.push(`${'GET /v1/invoices/…'.padEnd(40)} ${'1x p50'.padStart(7)} ${'10x p50'.padStart(8)} ${'10x p99'.padStart(8)} ${'growth'.padStart(7)} ${'vs /me'.padStart(7)} ${'1x size'.padStart(10)} ${'10x size'.padStart(10)}  target <${LIST_TARGET_MS} ms p50`);
for (let i = 0; i < ten.lists.length; i++) {
  const a = one.lists[i]!.t;
  const b = ten.lists[i]!.t;
  out.push(
    `${ten.lists[i]!.name.padEnd(40)} ${f(a.p50).padStart(7)} ${f(b.p50).padStart(8)} ${f(b.p99).padStart(8)} ${`${(b.p50 / a.p50).toFixed(1)}x`.padStart(7)} ${`${(b.p50 / ten.me.p50).toFixed(1)}x`.padStart(7)} ${kb(a.bytes).padStart(10)} ${kb(b.bytes).padStart(10)}  ${verdict(b.p50 < LIST_TARGET_MS)}`,
  );
}
out.push(
  `\nDELETE /v1/user/me: 1x ${f(one.deleteMs)} ms, 10x ${f(ten.deleteMs)} ms (growth ${(ten.deleteMs / one.deleteMs).toFixed(1)}x; baseline, no history: ${f(ten.deleteEmptyMs)} ms, ratio ${(ten.deleteMs / ten.deleteEmptyMs).toFixed(1)}x)  target <${DELETE_TARGET_MS} ms: ${verdict(ten.deleteMs < DELETE_TARGET_MS)}`,
);
out.push(`\nrental back-fill, fake Gmail at ${GMAIL_LATENCY_MS} ms per call; quota: at most ${QUOTA_CALLS_PER_10S} list/get calls in any 10 s`);
for (const r of results) {
  const b = r.backfill;
  out.push(
    `  ${String(r.h.messages).padStart(6)} messages: answered in ${f(b.answerMs)} ms (${((b.answerMs / HTTP_LIMIT_MS) * 100).toFixed(0)}% of the ${HTTP_LIMIT_MS / 1000} s limit: ${verdict(b.answerMs < HTTP_LIMIT_MS)}), parsed in the background by ${f(b.doneMs)} ms; ${b.invoices} invoices; ${b.calls} Gmail calls, max ${b.maxPerSecond}/s, max ${b.maxPer10s}/10 s (quota: ${verdict(b.maxPer10s <= QUOTA_CALLS_PER_10S)})`,
  );
}
out.push(`  growth 1x → 10x: answer ${(ten.backfill.answerMs / one.backfill.answerMs).toFixed(1)}x, done ${(ten.backfill.doneMs / one.backfill.doneMs).toFixed(1)}x`);

// On AWS: the same histories on dynalite, DynamoDB requests per call.
const calls: { name: string; query?: Record<string, string>; erase?: boolean }[] = [
  { name: 'A  rental' },
  { name: 'B  retail (by category)', query: {} },
  ...RETAIL_SUBTYPES.map((sub) => ({ name: `C  retail?subtype=${sub}`, query: { subtype: sub } })),
  { name: 'D  retail?subtype&invoice-id', query: { subtype: 'grocery', 'invoice-id': 'retail_invoice_1_000004' } },
  { name: 'E  retail?counts=true', query: { counts: 'true' } },
  { name: 'E  retail?counts=true&subtype=grocery', query: { counts: 'true', subtype: 'grocery' } },
  { name: 'account deletion (DynamoDB erasers)', erase: true },
];
const perHistory = [];
for (const h of HISTORIES) {
  process.stdout.write(`seeding dynalite with ${h.years} year(s) of history…\n`);
  perHistory.push(await dynamoRequestsPerCall('user_bench', history('user_bench', h, 1), { userId: 'user_other', history: history('user_other', HISTORIES[0]!, 2) }, calls));
}
const [a1, a10] = perHistory as [Awaited<ReturnType<typeof dynamoRequestsPerCall>>, Awaited<ReturnType<typeof dynamoRequestsPerCall>>];
out.push(`\nDynamoDB requests per call (AWS adapters on dynalite; DynamoDB pages at 1 MB)`);
out.push(`${'call'.padEnd(40)} ${'1x'.padStart(5)} ${'10x'.padStart(5)}  10x by operation`);
for (let i = 0; i < calls.length; i++) {
  out.push(`${calls[i]!.name.padEnd(40)} ${String(totalRequests(a1[i]!.ops)).padStart(5)} ${String(totalRequests(a10[i]!.ops)).padStart(5)}  ${describeOps(a10[i]!.ops)}`);
}
const scans = [...a1, ...a10].filter((c) => c.ops.Scan);
out.push(`no Scan in any call: ${verdict(scans.length === 0)}${scans.length ? ` (Scan in: ${[...new Set(scans.map((c) => c.name))].join(', ')})` : ''}`);
process.stdout.write(`${out.join('\n')}\n`);
