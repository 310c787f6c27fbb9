/**
 * Tests for the lines of docs/compatibility.md that no other test proves on its own. Each
 * `describe` is named after its line (the decision number in docs/compatibility.md#q1 and following); the page names the other tests.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { loadOrCreateKey } from '../../src/adapters/local/keys.js';
import { fetchLatestInvoice } from '../../src/app/invoices/fetch-latest-invoice.js';
import { loadConfig } from '../../src/config.js';
import { RETAIL_SUBTYPES } from '../../src/domain/retail-subtypes.js';
import { demoReceiptEmails } from '../../src/demo/receipt-emails.js';
import { errors, type AppError } from '../../src/domain/errors.js';
import type { PayPulseFunction } from '../../src/runtime/function.js';
import { silentLogger } from '../../src/runtime/log.js';
import { nextFire, parseSchedule } from '../../src/runtime/local/cron.js';
import { mailboxRoot } from '../../src/runtime/local/deps.js';
import { createLocalEvents } from '../../src/runtime/local/events.js';
import { httpTriggers, manifest } from '../../src/runtime/manifest.js';
import { memoryMailbox, memoryObjects, memoryRentalInvoices } from '../support/memory.js';
import { call, startTestServer, type TestServer } from '../support/local-server.js';
import { FakeGoogle } from '../fakes/google/server.js';
import { decode, ios } from '../support/ios.js';
import { noticeMail } from '../support/rental.js';

/** Local events wired to the real manifest, each function replaced by a recorder. */
function manifestEvents(clock = { now: () => new Date() }, config = loadConfig({})) {
  const seen: string[] = [];
  const recorder = (name: string): PayPulseFunction<object> => ({
    objectCreated: async (e) => void seen.push(`${name}:${e.key}`),
    changeFeed: async (r) => void seen.push(`${name}:${r.eventName}`),
    schedule: async (e) => void seen.push(`${name}:${e.schedule}:${e.time}`),
  });
  const events = createLocalEvents({ db: openMemoryDatabase([]), config, clock, log: silentLogger, backoffMs: 1, load: async (fn) => recorder(fn.name) });
  events.bind({});
  return { events, seen };
}

describe('#1 weekly retail schedule', () => {
  test('the default is cron(0 6 ? * MON *), Mondays 06:00 UTC, and RETAIL_SCHEDULE replaces it', () => {
    const config = loadConfig({});
    assert.equal(config.schedules.retailWeekly, 'cron(0 6 ? * MON *)');
    // Wednesday → next Monday 06:00 UTC; Monday 06:00 itself → the Monday after.
    assert.equal(nextFire(parseSchedule(config.schedules.retailWeekly), new Date('2025-10-01T12:00:00Z'))?.toISOString(), '2025-10-06T06:00:00.000Z');
    assert.equal(nextFire(parseSchedule(config.schedules.retailWeekly), new Date('2025-10-06T06:00:00Z'))?.toISOString(), '2025-10-13T06:00:00.000Z');
    assert.equal(loadConfig({ RETAIL_SCHEDULE: 'cron(0 7 ? * SUN *)' }).schedules.retailWeekly, 'cron(0 7 ? * SUN *)');
  });

  test('on the local runtime the default timer runs fetch_retail_invoices on Monday 06:00 UTC', async () => {
    let start = Date.now();
    // 60 ms before Monday 2025-10-06 06:00 UTC, moving with real time from the moment the timers start
    // (setting up the runtime can take longer than 60 ms on a loaded machine).
    const clock = { now: () => new Date(Date.parse('2025-10-06T05:59:59.940Z') + (Date.now() - start)) };
    const { events, seen } = manifestEvents(clock);
    start = Date.now();
    events.startSchedules();
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await events.close();
    assert.deepEqual(seen, ['fetch_retail_invoices:retailWeekly:2025-10-06T06:00:00.000Z']);
  });
});

describe('#3 missing or expired Gmail tokens in fetch_latest_invoice', () => {
  const config = loadConfig({});
  const deps = (fail: () => Error) => ({
    config,
    clock: { now: () => new Date('2025-10-15T09:00:00Z') },
    log: silentLogger,
    mailbox: memoryMailbox({}, { fail }),
    objects: memoryObjects(),
    rentalInvoices: memoryRentalInvoices(),
  });

  test('an expired or revoked grant is 502 GMAIL_TOKEN_EXPIRED "Gmail account needs to be re-connected"', async () => {
    await assert.rejects(fetchLatestInvoice(deps(() => errors.gmailReconnect()), 'u1'), (e: AppError) =>
      e.status === 502 && e.code === 'GMAIL_TOKEN_EXPIRED' && e.message === 'Gmail account needs to be re-connected');
  });

  test('no stored tokens is 502 GMAIL_TOKEN_EXPIRED "Error retrieving OAuth tokens"', async () => {
    await assert.rejects(fetchLatestInvoice(deps(() => errors.gmailNotConnected()), 'u1'), (e: AppError) =>
      e.status === 502 && e.code === 'GMAIL_TOKEN_EXPIRED' && e.message === 'Error retrieving OAuth tokens');
  });
});

describe('#4 detail table names and #6 table count', () => {
  test('twelve tables with the original names by default, the two miscellaneous ones included', () => {
    const { tables } = loadConfig({});
    assert.deepEqual(tables.retailDetails, {
      'food-delivery': 'FoodDeliveryInvoices',
      clothing: 'ClothingInvoices',
      technology: 'TechnologyInvoices',
      subscriptions: 'SubscriptionInvoices',
      grocery: 'GroceryInvoices',
      utility: 'MiscellaneousUtilityInvoices',
      miscellaneous: 'MiscellaneousInvoices',
      travel: 'TravelInvoices',
    });
    const all = [tables.users, tables.rentalInvoices, tables.retailInvoices, tables.vendorConfig, ...Object.values(tables.retailDetails)];
    assert.deepEqual(all.slice(0, 4), ['Users', 'RentalInvoices', 'RetailInvoices', 'VendorConfig']);
    assert.equal(new Set(all).size, 12);
  });

  test('every table name is configuration', () => {
    const env = {
      USERS_TABLE: 't1', RENTAL_INVOICES_TABLE: 't2', RETAIL_INVOICES_TABLE: 't3', VENDOR_CONFIG_TABLE: 't4',
      FOOD_DELIVERY_INVOICES_TABLE: 't5', CLOTHING_INVOICES_TABLE: 't6', TECHNOLOGY_INVOICES_TABLE: 't7', SUBSCRIPTION_INVOICES_TABLE: 't8',
      GROCERY_INVOICES_TABLE: 't9', MISC_UTILITY_INVOICES_TABLE: 't10', MISC_INVOICES_TABLE: 't11', TRAVEL_INVOICES_TABLE: 't12',
      HELPERS_TABLE: 't13',
    };
    const { tables } = loadConfig(env);
    const all = [tables.users, tables.rentalInvoices, tables.retailInvoices, tables.vendorConfig, tables.helpers, ...RETAIL_SUBTYPES.map((s) => tables.retailDetails[s])];
    assert.deepEqual(all.sort(), Object.values(env).sort());
  });
});

describe('#5 SNS topic', () => {
  test('one topic, NewInvoiceNotificationTopic by default, its name configurable', () => {
    assert.equal(loadConfig({}).snsTopicName, 'NewInvoiceNotificationTopic');
    assert.equal(loadConfig({ SNS_TOPIC_NAME: 'StagingInvoiceTopic' }).snsTopicName, 'StagingInvoiceTopic');
  });
});

describe('#11 object-created filters', () => {
  test('the manifest declares prefix invoices/ with .pdf → parse_invoice and .html → parse_retail_invoice, nothing else', () => {
    const filters = manifest.flatMap((f) => f.triggers.filter((t) => t.kind === 'objectCreated').map((t) => ({ fn: f.name, ...t })));
    assert.deepEqual(filters, [
      { fn: 'parse_invoice', kind: 'objectCreated', prefix: 'invoices/', suffix: '.pdf' },
      { fn: 'parse_retail_invoice', kind: 'objectCreated', prefix: 'invoices/', suffix: '.html' },
    ]);
  });

  test('on the local runtime each stored object reaches exactly the function its filter names', async () => {
    const { events, seen } = manifestEvents();
    for (const key of ['invoices/u1/rental/a.pdf', 'invoices/u1/retail/grocery/ica_2025-01-01_0a1b2c3d.html', 'invoices/u1/rental/a.PDF', 'other/u1/a.pdf', 'invoices/u1/ingest-ledger/rental/x.json']) {
      events.objectCreated({ key });
    }
    await events.drain();
    await events.close();
    assert.deepEqual(seen.sort(), ['parse_invoice:invoices/u1/rental/a.pdf', 'parse_retail_invoice:invoices/u1/retail/grocery/ica_2025-01-01_0a1b2c3d.html']);
  });
});

describe('#14 functions in scope', () => {
  test('the 14 functions of the original, delete_retail_invoice included; no later evolutions', () => {
    assert.deepEqual(manifest.map((f) => f.name).sort(), [
      'delete_retail_invoice', 'delete_user', 'fetch_invoices', 'fetch_latest_invoice', 'fetch_retail_invoices', 'get_invoices',
      'get_rental_invoice', 'get_user_profile', 'gmail_store_tokens', 'login_user', 'parse_invoice', 'parse_retail_invoice',
      'send_invoice_notification', 'signup_user',
    ]);
    assert.ok(httpTriggers().some(({ fn, trigger }) => fn.name === 'delete_retail_invoice' && trigger.method === 'DELETE' && trigger.path === '/v1/invoices/retail/{invoice_id}'));
  });
});

describe('over the local server', () => {
  let s: TestServer;
  let token: string;
  let n = 0;
  /** A fresh account (the route sweeps below also call DELETE /v1/user/me). */
  async function newUser(): Promise<{ token: string; userId: string }> {
    const r = await call(s.url, 'POST', '/v1/auth/signup', { body: { name: 'Compat', email: `compat${++n}@example.se`, password: 'correct horse battery' } });
    assert.equal(r.status, 201, r.text);
    const t = r.json.data.access_token as string;
    return { token: t, userId: JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).user_id };
  }
  before(async () => {
    s = await startTestServer();
    token = (await newUser()).token;
  });
  after(() => s.close());

  function assertError(reply: { status: number; json: unknown; text: string }, status: number, code?: string) {
    assert.equal(reply.status, status, reply.text);
    decode(reply.json, ios.ErrorEnvelope);
    if (code) assert.equal((reply.json as { error: { code: string } }).error.code, code);
  }

  describe('D12 session tokens', () => {
    test("a token shaped like the original backend's (HS256, no iss/aud) is refused even with the right key", async () => {
      const key = loadOrCreateKey(s.config.dataDir, 'jwt', 64);
      const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string;
      const now = Math.floor(Date.now() / 1000);
      const legacy = await new SignJWT({ user_id: userId, email: 'compat@example.se' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(key);
      assertError(await call(s.url, 'GET', '/v1/user/me', { token: legacy }), 401, 'INVALID_TOKEN');
      // The same claims with our issuer and audience are accepted: only iss/aud made the difference.
      const ours = await new SignJWT({ user_id: userId, email: 'compat@example.se' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .setIssuer(s.config.jwt.issuer)
        .setAudience(s.config.jwt.audience)
        .sign(key);
      assert.equal((await call(s.url, 'GET', '/v1/user/me', { token: ours })).status, 200);
    });

    test('locally the signing key is a generated file readable by its owner only, and it is kept', () => {
      const file = path.join(s.config.dataDir, 'keys', 'jwt.key');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const dir = mkdtempSync(path.join(tmpdir(), 'pp-key-'));
      try {
        const first = loadOrCreateKey(dir, 'jwt', 64);
        assert.ok(first.length >= 64);
        assert.deepEqual(loadOrCreateKey(dir, 'jwt', 64), first, 'a restart reads the same key');
        assert.notDeepEqual(loadOrCreateKey(mkdtempSync(path.join(dir, 'other-')), 'jwt', 64), first, 'each data directory has its own');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('D16 empty store-tokens body', () => {
    test('an empty body, whatever its content type, is 400 MISSING_FIELDS and stores nothing', async () => {
      const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string;
      const store = (body: string | undefined, type?: string) =>
        call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, ...(body !== undefined ? { body } : {}), ...(type ? { headers: { 'content-type': type } } : {}) });
      assertError(await store(undefined), 400, 'MISSING_FIELDS');
      assertError(await store('', 'application/x-www-form-urlencoded'), 400, 'MISSING_FIELDS');
      assertError(await store('', 'application/json'), 400, 'MISSING_FIELDS');
      assertError(await store('{}', 'application/json'), 400, 'MISSING_FIELDS');
      assert.equal(await s.deps.tokens.get(userId), undefined);
    });
  });

  describe('D17 input limits', () => {
    /** Every HTTP route of the manifest with its path parameters filled in, its body as the served document describes it. */
    const routes = async (base = s.url) => {
      const doc = (await call(base, 'GET', '/v1/openapi.json')).json;
      return httpTriggers().map(({ trigger }) => {
        const body = doc.paths[trigger.path][trigger.method.toLowerCase()].requestBody;
        return {
          method: trigger.method,
          path: trigger.path.replace('{type}', 'retail').replace('{invoice_id}', 'retail_invoice_x'),
          hasBody: body !== undefined,
          mediaTypes: Object.keys(body?.content ?? {}),
          fields: Object.keys(body?.content['application/json'].schema.properties ?? {}),
          auth: trigger.auth,
        };
      });
    };

    test('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE in the error envelope on every route that takes one', async () => {
      const big = JSON.stringify({ access_token: 'x'.repeat(1024 * 1024) });
      for (const r of (await routes()).filter((r) => r.hasBody)) {
        const reply = await call(s.url, r.method, r.path, { token, body: big, headers: { 'content-type': 'application/json' } });
        assertError(reply, 413, 'PAYLOAD_TOO_LARGE');
      }
    });

    test('malformed bodies on every route that takes one are a 4xx in the error envelope', async () => {
      const bodies: [string, string][] = [
        ['{', 'application/json'],
        ['[]', 'application/json'],
        ['null', 'application/json'],
        ['"text"', 'application/json'],
        ['1e999999', 'application/json'],
        [`${'['.repeat(400_000)}${']'.repeat(400_000)}`, 'application/json'],
        [JSON.stringify({ email: {}, name: [], password: { length: 9 }, access_token: ['x'], start_date: 1, end_date: null, vendor_category: {} }), 'application/json'],
        ['%ZZ=%&access_token', 'application/x-www-form-urlencoded'],
        ['\u0000\u0001\u0002', 'text/plain'],
        ['--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--b--', 'multipart/form-data; boundary=b'],
      ];
      for (const r of (await routes()).filter((r) => r.hasBody)) {
        for (const [body, type] of bodies) {
          const reply = await call(s.url, r.method, r.path, { token, body, headers: { 'content-type': type } });
          assert.ok(reply.status >= 400 && reply.status < 500, `${r.method} ${r.path} with ${type} ${body.slice(0, 40)}: ${reply.status} ${reply.text.slice(0, 200)}`);
          decode(reply.json, ios.ErrorEnvelope);
        }
      }
    });

    test('every field of every route, given a non-string or non-number value of any shape, is a 4xx in the error envelope', async (t) => {
      // Values a careless `String(v)`, `v.trim()` or template literal would trip over.
      const hostile = [
        '{"toString":1}',
        '{"toString":{},"valueOf":1}',
        '{"__proto__":{"toString":1}}',
        '{"constructor":{"prototype":{"toString":1}}}',
        '[{"toString":1}]',
        '[[["x"]]]',
        `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
        'true',
      ];
      // Valid values, so that each hostile field is reached with the others well-formed.
      const valid: Record<string, string> = {
        name: '"Sweep"', password: '"correct horse battery"', access_token: '"ya29.sweep"', refresh_token: '"1//sweep"',
        expires_in: '3600', scope: '"https://www.googleapis.com/auth/gmail.readonly"', start_date: '"2025-01-01"',
        end_date: '"2025-01-31"', vendor_category: '"grocery"',
      };
      // Google is a local fake that knows no account, so a well-formed token is refused (4xx), not unreachable (502).
      const google = await FakeGoogle.start();
      const sweep = await startTestServer(google.env());
      t.after(async () => {
        await sweep.close();
        await google.stop();
      });
      const signup = await call(sweep.url, 'POST', '/v1/auth/signup', { body: { name: 'Sweep', email: 'sweep@example.se', password: 'correct horse battery' } });
      const token = signup.json.data.access_token as string;
      let sent = 0;
      const fivexx: string[] = [];
      for (const { method, path, fields, mediaTypes } of (await routes(sweep.url)).filter((r) => r.hasBody)) {
        const body = (over: Record<string, string>) =>
          `{${fields.map((f) => `${JSON.stringify(f)}:${over[f] ?? (f === 'email' ? `"sweep${++n}@example.se"` : valid[f])}`).join(',')}}`;
        const cases: [string, string][] = [...fields.flatMap((f) => hostile.map((v) => body({ [f]: v }))), ...hostile.map((v) => body(Object.fromEntries(fields.map((f) => [f, v]))))].map((b) => [b, 'application/json']);
        // The form encoding's own shapes: nested keys, repeated keys, prototype names.
        if (mediaTypes.includes('application/x-www-form-urlencoded')) {
          for (const f of fields) for (const v of [`${f}[toString]=1`, `${f}[]=a&${f}[]=b`, `${f}=a&${f}=b`, `${f}[__proto__]=1`]) cases.push([v, 'application/x-www-form-urlencoded']);
        }
        for (const [text, type] of cases) {
          const reply = await call(sweep.url, method, path, { token, body: text, headers: { 'content-type': type } });
          sent++;
          if (reply.status >= 500) fivexx.push(`${method} ${path} ${text.slice(0, 80)}: ${reply.status}`);
          else {
            assert.ok(reply.status >= 400, `${method} ${path} accepted ${text.slice(0, 80)}: ${reply.status}`);
            decode(reply.json, ios.ErrorEnvelope);
          }
        }
      }
      t.diagnostic(`bad-input sweep: ${sent} requests, ${fivexx.length} answered 5xx`);
      assert.deepEqual(fivexx, []);
    });

    test('odd but well-formed bodies, paths, queries and headers on every route are never a 5xx', async () => {
      const { token } = await newUser();
      for (const r of (await routes()).filter((r) => r.hasBody)) {
        const reply = await call(s.url, r.method, r.path, { token, body: '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}', headers: { 'content-type': 'application/json' } });
        assert.ok(reply.status < 500, `${r.method} ${r.path}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
      const odd = [
        (p: string) => p.replace('retail', '%ZZ'),
        (p: string) => p.replace('retail_invoice_x', '%E0%A4%A'),
        (p: string) => p.replace('retail_invoice_x', '%00'),
        (p: string) => `${p}?subtype=%ZZ&counts=maybe&invoice-id=`,
        (p: string) => `${p}?subtype=travel&subtype=grocery&counts=true&counts=false`,
        (p: string) => `${p}?${'x'.repeat(6000)}=1`,
      ];
      for (const r of await routes()) {
        for (const f of odd) {
          const url = f(r.path);
          for (const auth of [{ token }, { headers: { authorization: `Bearer ${'a'.repeat(8000)}` } }, { headers: { authorization: 'Basic Og==' } }]) {
            const reply = await call(s.url, r.method, url, auth);
            assert.ok(reply.status < 500, `${r.method} ${url.slice(0, 80)}: ${reply.status} ${reply.text.slice(0, 200)}`);
            if (reply.status >= 400) decode(reply.json, ios.ErrorEnvelope);
          }
        }
      }
    });
  });

  describe('D13 logs', () => {
    test('receipts ingested and parsed leave no address, item name or token in the logs', async () => {
      const { token, userId } = await newUser();
      const dir = path.join(mailboxRoot(s.config), userId);
      mkdirSync(dir, { recursive: true });
      demoReceiptEmails(new Date()).forEach((r, i) => writeFileSync(path.join(dir, `${i}.eml`), r.raw));
      writeFileSync(path.join(dir, 'rent.eml'), await noticeMail('2025-09-30'));
      const before = s.logs.length;
      assert.equal((await call(s.url, 'POST', '/v1/invoices/retail/ingest', { token })).status, 200);
      assert.equal((await call(s.url, 'POST', '/v1/invoices/rental/ingest', { token })).status, 200);
      await s.deps.events.drain();
      const rows = await s.deps.retailInvoices.listForUser(userId);
      assert.ok(rows.length >= 3, 'receipts were parsed');
      // Every item name the receipts carried, read back from the stored details.
      const names: string[] = [];
      for (const row of rows) {
        const detail = await s.deps.retailInvoices.getDetail(row.sub_type, row.InvoiceID);
        for (const item of (detail?.items as { name?: string }[] | undefined) ?? []) if (item.name && item.name.length > 4) names.push(item.name);
      }
      assert.ok(names.length > 0);
      const logText = s.logs.slice(before).join('\n');
      assert.ok(logText.length > 0);
      for (const secret of ['@', token, ...names]) assert.ok(!logText.includes(secret), `logs must not contain ${secret}`);
    });
  });
});
