/**
 * The cut-over rehearsal: the original backend's tables, bucket and secrets, filled the way it
 * writes them, then PayPulse's functions on top (dynalite and s3rver in-process, a local Secrets
 * Manager, SNS and Google), following the cut-over checklist of docs/operations.md#5-cut-over-from-the-python-backend-keep-the-data-and-the-sessions step by
 * step. Each `it` names the checklist step it performs.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSecretsManager, type SecretsManager } from '../../src/adapters/aws/client/secrets-manager.js';
import bcrypt from 'bcryptjs';
import { SignJWT, jwtVerify } from 'jose';
import { migrateCommand } from '../../src/cli/commands/migrate.js';
import { loadConfig } from '../../src/config.js';
import { lambdaHandler } from '../../src/runtime/lambda/handler.js';
import { loadStartupSecrets } from '../../src/runtime/lambda/secrets.js';
import { manifest } from '../../src/runtime/manifest.js';
import { portsOf, portTable, startupSecrets } from '../../src/runtime/ports.js';
import { startS3VersionsProxy, type S3VersionsProxy } from '../fakes/aws/s3-versions-proxy.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../fakes/aws/secrets-manager.js';
import { startFakeSns, type FakeSns } from '../fakes/aws/sns.js';
import { FakeGoogle } from '../fakes/google/server.js';
import { lambdaAwsEnv, startLocalAws, withTtlEnabled, type LocalAws } from '../support/aws.js';
import { captureConsole, type CapturedLogs } from '../support/capture-logs.js';
import { decode, envelope, ios } from '../support/ios.js';
import { apiGatewayEvent, lambdaContext, s3Event, streamRecord } from '../support/lambda-events.js';
import { notice, noticeMail } from '../support/rental.js';

type Handler = (event: unknown, context?: unknown) => Promise<any>;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = loadConfig({});
const ORIGINAL_KEY = 'the original backend signing secret'; // a plain string, as in PayPulseAppJWTSecret
const OUR_SECRET = 'PayPulseCloudJWTSecret';
const OUR_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const CLIENT_ID = 'ios-client.apps.googleusercontent.com';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NewInvoiceNotificationTopic';
/** Checklist step 1: our own key, and the original's honoured during the window. */
const WINDOW_ENV = { JWT_SECRET_NAME: OUR_SECRET, LEGACY_JWT_SECRET_NAME: config.jwt.secretName };

const MAJA = { id: `user_${randomUUID()}`, email: 'Maja.Berg@Example.se', password: 'maja old password' };
const OLA = { id: `user_${randomUUID()}`, email: 'ola@example.se', password: 'ola old password' };

let aws: LocalAws;
let s3proxy: S3VersionsProxy;
let sm: FakeSecretsManager;
let sns: FakeSns;
let google: FakeGoogle;
let logs: CapturedLogs;
let smClient: SecretsManager;
let handlers: Map<string, Handler>;

/** Every manifest function as its Lambda entry builds it (same providers, same secret loading). */
async function deploy(env: Record<string, string>): Promise<Map<string, Handler>> {
  const out = new Map<string, Handler>();
  for (const spec of manifest) {
    const load = async (file: string) => ((await import(pathToFileURL(path.join(ROOT, file)).href)) as { default: any }).default;
    const providers = await Promise.all(portsOf(spec).map(async (p) => [p, await load(portTable[p].aws.module)] as [typeof p, any]));
    const loadSecrets = (c: typeof config) => loadStartupSecrets(startupSecrets(spec), c);
    out.set(spec.name, lambdaHandler(spec.name, await load(spec.entry), { providers, loadSecrets, env: { ...process.env, ...env } }) as Handler);
  }
  return out;
}

const call = async (name: string, event: unknown, set = handlers) => set.get(name)!(event, lambdaContext(name));
/** An API Gateway request to the function's route; `{type}` in its path is filled from `p`. */
const http = async (name: string, method: string, p: string, opts: { token?: string; body?: unknown; query?: Record<string, string> } = {}, set = handlers) => {
  const route = manifest.find((f) => f.name === name)!.triggers.find((t) => t.kind === 'http')!;
  const type = /^\/v1\/invoices\/([^/]+)/.exec(p)?.[1];
  const res = await call(
    name,
    apiGatewayEvent({
      method,
      path: p,
      routeKey: `${method} ${'path' in route ? route.path : p}`,
      ...(type && 'path' in route && route.path.includes('{type}') ? { pathParameters: { type } } : {}),
      ...(opts.token ? { headers: { authorization: `Bearer ${opts.token}` } } : {}),
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.query ? { query: opts.query } : {}),
    }),
    set,
  );
  return { status: res.statusCode as number, json: JSON.parse(res.body) };
};
const put = (TableName: string, Item: Record<string, unknown>) => aws.clients.doc.put({ TableName, Item });
const scan = async (TableName: string) => (await aws.clients.doc.scan({ TableName })).Items ?? [];
const rentalOf = async (userId: string) =>
  (await aws.clients.doc.query({ TableName: config.tables.rentalInvoices, KeyConditionExpression: 'UserID = :u', ExpressionAttributeValues: { ':u': userId } })).Items ?? [];
const objects = async (prefix: string) =>
  aws.listKeys(config.bucket, prefix);

/** A session as the original signed it (PyJWT): HS256, user_id, email, iat, exp = iat + 24 h. */
const originalToken = (user: { id: string; email: string }, issuedSecondsAgo: number) => {
  const iat = Math.floor(Date.now() / 1000) - issuedSecondsAgo;
  return new SignJWT({ user_id: user.id, email: user.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 86400)
    .sign(new TextEncoder().encode(ORIGINAL_KEY));
};

const migrate = async (step: string) => {
  const lines: string[] = [];
  const code = await migrateCommand([step], (s) => lines.push(s), { env: WINDOW_ENV, doc: withTtlEnabled(aws.clients.doc), secrets: smClient });
  return { code, lines };
};

// --- the original backend's data, as it writes it ----------------------------------------------

const FEB = '2025-02-28';
const MAR = '2025-03-31';
let retailIds: string[];

async function seedOriginal(): Promise<void> {
  const hash = (p: string) => bcrypt.hashSync(p, 4); // `$2b$`, as Python's bcrypt writes
  await put(config.tables.users, { UserID: MAJA.id, Email: MAJA.email, Name: 'Maja Berg', Password: hash(MAJA.password), CreatedOn: '2025-03-01', CreatedAt: '09:12:44.123456', last_retail_invoice_fetch: '2025-10-06T08:30:01.123456+00:00' });
  await put(config.tables.users, { UserID: OLA.id, Email: OLA.email, Name: 'Ola', Password: hash(OLA.password), CreatedOn: '2025-04-02', CreatedAt: '18:01:02.000001' });

  // Rent notices: before July 2025 amounts were strings; without a VAT line there is no Moms.
  await put(config.tables.rentalInvoices, {
    UserID: MAJA.id, InvoiceID: 'Invoice_1306798107', OCR: '1306798107', 'Due Date': '31-01-2025', due_date_month: '1', due_date_year: '2025',
    'Total Amount': '9815', Hyra: '8920', El: '412', Kallvatten: '163', Varmvatten: '320', Filename: 'Hyresavi_1306798107',
  });
  const feb = await notice(FEB);
  await put(config.tables.rentalInvoices, {
    UserID: MAJA.id, InvoiceID: `Invoice_${feb.ocr}`, OCR: feb.ocr, 'Due Date': feb.dueDate, due_date_month: '2', due_date_year: '2025',
    'Total Amount': feb.total, Hyra: feb.total, El: 0, Kallvatten: 0, Varmvatten: 0, Filename: `Hyresavi_${feb.ocr}`, 'Retroaktiv hyra': '120',
  });
  await put(config.tables.rentalInvoices, {
    UserID: OLA.id, InvoiceID: 'Invoice_5550001113', OCR: '5550001113', 'Due Date': '31-01-2025', due_date_month: '1', due_date_year: '2025',
    'Total Amount': 7000, Hyra: 7000, El: 0, Kallvatten: 0, Varmvatten: 0, Filename: 'Hyresavi_5550001113',
  });
  const s3put = (Key: string, Body: Uint8Array | string, ContentType: string) =>
    aws.clients.s3.bucket(config.bucket).put(Key, typeof Body === 'string' ? Buffer.from(Body) : Body, { contentType: ContentType });
  await s3put(`invoices/${MAJA.id}/rental/Hyresavi_${feb.ocr}.pdf`, feb.pdf, 'application/pdf');
  await s3put(`rental-invoices/${MAJA.id}/Hyresavi_1306798107.pdf`, '%PDF-1.4 legacy layout', 'application/pdf'); // before Sept 2025
  await s3put(`invoices/${OLA.id}/rental/Hyresavi_5550001113.pdf`, '%PDF-1.4 ola', 'application/pdf');

  // Receipts as Gemini left them: nulls where it found nothing; a random InvoiceID per parse.
  retailIds = [`retail_invoice_${randomUUID()}`, `retail_invoice_${randomUUID()}`];
  const rows = [
    { id: retailIds[0]!, vendor: null, total: null, currency: null, date: '2025-09-12', key: 'foodora_2025-09-12_7c01d94e' },
    { id: retailIds[1]!, vendor: "Domino's Pizza", total: 289.5, currency: 'kr', date: '2025-10-02', key: 'dominos_2025-10-02_0a1b2c3d' },
  ];
  for (const r of rows) {
    const s3Path = `invoices/${MAJA.id}/retail/food-delivery/${r.key}.html`;
    await put(config.tables.retailInvoices, {
      UserID: MAJA.id, InvoiceID: r.id, vendor_name: r.vendor, sub_type: 'food-delivery', total_amount: r.total, currency: r.currency,
      invoice_date: r.date, created_at: `${r.date}T07:45:10.221+00:00`, s3_path: s3Path, order_id: null, payment_status: 'completed',
      UserID_SubType: `${MAJA.id}_food-delivery`,
    });
    await put(config.tables.retailDetails['food-delivery'], { InvoiceID: r.id, delivery_fee: 0, discount: 0, items: [{ name: 'Pizza', description: null, price: 99.5, quantity: 1 }] });
    await s3put(s3Path, '<html><body>order</body></html>', 'text/html');
  }

  // Secrets in the original's shapes: the JWT key a plain string, Gmail tokens as its JSON.
  const account = google.addAccount({ email: 'maja.berg@gmail.com', name: 'Maja Berg' });
  sm.secrets.set(`${config.secrets.gmailTokenPrefix}${MAJA.id}`, JSON.stringify({
    access_token: 'ya29.issued-by-the-original-long-ago',
    refresh_token: google.addRefreshToken(account.sub),
    expires_at: '2025-10-01T10:00:00.123456',
    expires_in: 3599,
    scope: 'https://www.googleapis.com/auth/gmail.readonly',
    token_type: 'Bearer',
    created_at: '2025-10-01T09:00:01.123456',
    google_user_id: account.sub,
    google_email: 'maja.berg@gmail.com',
    google_name: 'Maja Berg',
    google_verified_email: true,
  }));
  sm.secrets.set(`${config.secrets.gmailTokenPrefix}${OLA.id}`, JSON.stringify({ access_token: 'ya29.ola', refresh_token: 'ola-refresh', token_type: 'Bearer' }));
  // Maja's mailbox: the February notice the original already stored, and March's, which is new.
  await google.addMessage(account.sub, await noticeMail(FEB));
  await google.addMessage(account.sub, await noticeMail(MAR));
}

before(async () => {
  aws = await startLocalAws(config);
  s3proxy = await startS3VersionsProxy(aws.s3Endpoint);
  sm = await startFakeSecretsManager({
    [config.jwt.secretName]: ORIGINAL_KEY,
    [OUR_SECRET]: OUR_KEY,
    [config.secrets.googleClientIdName]: CLIENT_ID,
    [config.secrets.geminiKeyName]: 'gemini-key',
  });
  sns = await startFakeSns();
  google = await FakeGoogle.start();
  smClient = createSecretsManager({ region: 'eu-west-1', endpoint: sm.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  Object.assign(process.env, {
    ...google.env(),
    ...lambdaAwsEnv({ dynamodb: aws.dynamoEndpoint, s3: s3proxy.endpoint, secretsManager: sm.endpoint, sns: sns.endpoint }),
    SNS_TOPIC_ARN: TOPIC_ARN,
    BCRYPT_COST: '4',
    POWERTOOLS_DEV: 'true',
  });
  for (const k of ['JWT_SECRET', 'GOOGLE_OAUTH_CLIENT_ID', 'GEMINI_API_KEY', 'LEGACY_JWT_SECRET_NAME', 'JWT_SECRET_NAME']) delete process.env[k];
  logs = captureConsole();
  await seedOriginal();
});

after(async () => {
  logs?.restore();
  smClient?.destroy();
  await sm?.close();
  await sns?.close();
  await google?.stop();
  await s3proxy?.close();
  await aws?.close();
});

describe('cut-over rehearsal (docs/operations.md#5-cut-over-from-the-python-backend-keep-the-data-and-the-sessions, step by step)', () => {
  let oldToken: string;
  let newToken: string;

  it('step 1: a key of our own; the original key is read, found separate, and honoured for 24 h', async () => {
    const r = await migrate('legacy-jwt');
    assert.equal(r.code, 0, r.lines.join('\n'));
    assert.match(r.lines[0]!, /honoured with the key PayPulseAppJWTSecret/);
  });

  it('step 2: deploy in import mode (here: our functions on the original tables and bucket)', async () => {
    handlers = await deploy(WINDOW_ENV);
    oldToken = await originalToken(MAJA, 3 * 3600); // signed in three hours before the switch
  });

  it('step 3: migrate helpers: Users holds only accounts, the helper table expires its items', async () => {
    const r = await migrate('helpers');
    assert.equal(r.code, 0, r.lines.join('\n'));
    assert.match(r.lines[0]!, /0 helper items moved/);
    assert.match(r.lines[1]!, /0 notification markers given their owner/);
    assert.match(r.lines[2]!, /TTL ENABLED on expires_at_epoch/);
  });

  it('step 4: migrate email-locks: the original accounts reserve their emails in any case', async () => {
    const r = await migrate('email-locks');
    assert.equal(r.code, 0);
    assert.match(r.lines[0]!, /2 emails reserved now/);
    const dup = await http('signup_user', 'POST', '/v1/auth/signup', { body: { email: 'maja.berg@example.SE', name: 'X', password: 'another password' } });
    assert.equal(dup.status, 403, JSON.stringify(dup.json));
  });

  it('step 7: the signed-in user is still signed in: profile, Gmail connected, every invoice typed as the app requires', async () => {
    const me = await http('get_user_profile', 'GET', '/v1/user/me', { token: oldToken });
    assert.equal(me.status, 200, JSON.stringify(me.json));
    decode(me.json, envelope(ios.UserModel));
    assert.deepEqual([me.json.data.email, me.json.data.gmail_account_connected], [MAJA.email, true]);

    const rental = await http('get_invoices', 'GET', '/v1/invoices/rental', { token: oldToken });
    assert.equal(rental.status, 200);
    assert.equal(rental.json.data.invoiceCount, 2);
    decode(rental.json, envelope({ object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RentalInvoice } } } }));
    const jan = rental.json.data.invoices['2025'].find((i: any) => i.InvoiceID === 'Invoice_1306798107');
    assert.deepEqual([jan['Total Amount'], jan.Moms, jan.Hyra], [9815, 0, 8920], 'string amounts and no Moms, as the app needs them');

    const retail = await http('get_invoices', 'GET', '/v1/invoices/retail', { token: oldToken, query: { subtype: 'food-delivery' } });
    assert.equal(retail.status, 200, JSON.stringify(retail.json));
    decode(retail.json, envelope({ object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RetailInvoiceBase } } } }));
    assert.equal(retail.json.data.invoiceCount, 2, "Gemini's nulls do not hide or break a row");
    const counts = await http('get_invoices', 'GET', '/v1/invoices/retail', { token: oldToken, query: { counts: 'true' } });
    assert.equal(counts.json.data['food-delivery'], 2);
    const detail = await http('get_invoices', 'GET', '/v1/invoices/retail', { token: oldToken, query: { subtype: 'food-delivery', 'invoice-id': retailIds[0]! } });
    assert.equal(detail.status, 200);
  });

  it('step 7: logs in again with the old password (any case of the email); the new session is ours', async () => {
    const wrong = await http('login_user', 'POST', '/v1/auth/login', { body: { email: MAJA.email, password: 'not her password' } });
    assert.equal(wrong.status, 401);
    const ok = await http('login_user', 'POST', '/v1/auth/login', { body: { email: MAJA.email.toLowerCase(), password: MAJA.password } });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    decode(ok.json, envelope(ios.AuthResponse));
    newToken = ok.json.data.access_token;
    const { payload } = await jwtVerify(newToken, new TextEncoder().encode(OUR_KEY), { issuer: config.jwt.issuer, audience: config.jwt.audience });
    assert.equal(payload.user_id, MAJA.id);
    // Rolling back (docs/operations.md#6-roll-back) ends PayPulse's sessions: the original cannot verify them.
    await assert.rejects(jwtVerify(newToken, new TextEncoder().encode(ORIGINAL_KEY)));
  });

  it('step 7: ingests the new notice without duplicating the ones the original stored', async () => {
    const ingest = await http('fetch_invoices', 'POST', '/v1/invoices/rental/ingest', { token: newToken });
    assert.equal(ingest.status, 200, JSON.stringify(ingest.json));
    assert.equal(ingest.json.data.invoiceCount, 1, 'only March is new; February is recognised by its content');
    const keys = await objects(`invoices/${MAJA.id}/rental/`);
    assert.equal(keys.length, 2);
    const mar = await notice(MAR);
    const newKey = keys.find((k) => k.includes(mar.ocr))!;
    assert.ok(newKey, keys.join());
    await call('parse_invoice', s3Event(config.bucket, [newKey.replace(/ /g, '+')]));
    const items = await rentalOf(MAJA.id);
    assert.equal(items.length, 3);
    const stored = items.find((i) => i.OCR === mar.ocr)!;
    const record = streamRecord({ table: config.tables.rentalInvoices, eventName: 'INSERT', seq: '1', keys: { UserID: MAJA.id, InvoiceID: stored.InvoiceID }, newImage: stored });
    assert.deepEqual(await call('send_invoice_notification', { Records: [record] }), { batchItemFailures: [] });
    assert.deepEqual(sns.published.map((m) => m.attributes), [{ user_id: MAJA.id }]);

    const again = await http('fetch_invoices', 'POST', '/v1/invoices/rental/ingest', { token: oldToken });
    assert.equal(again.status, 200);
    assert.deepEqual([again.json.message, again.json.data], ['No rental invoices found for this user.', null], 'a second ingest (with the old session, still valid) finds nothing new');
    const list = await http('get_invoices', 'GET', '/v1/invoices/rental', { token: newToken });
    assert.equal(list.json.data.invoiceCount, 3);
    decode(list.json, envelope({ object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RentalInvoice } } } }));
  });

  it("the original's weekly job still sees only users in Users: every item has an Email", async () => {
    const users = await scan(config.tables.users);
    assert.ok(users.length >= 2);
    for (const u of users) assert.equal(typeof u.Email, 'string', JSON.stringify(u));
    const helpers = await scan(config.tables.helpers);
    assert.ok(helpers.some((h) => String(h.HelperID).startsWith('EMAIL#')) && helpers.some((h) => String(h.HelperID).startsWith('NOTIFY#')));
  });

  it('step 7: deletes the account: nothing of either backend is left, and nobody else loses anything', async () => {
    const del = await http('delete_user', 'DELETE', '/v1/user/me', { token: oldToken });
    assert.equal(del.status, 200, JSON.stringify(del.json));
    const mine = (items: Record<string, unknown>[]) => items.filter((i) => JSON.stringify(i).toLowerCase().includes(MAJA.id) || JSON.stringify(i).toLowerCase().includes(MAJA.email.toLowerCase()));
    assert.deepEqual(mine(await scan(config.tables.users)), []);
    assert.deepEqual(mine(await scan(config.tables.helpers)), []);
    assert.deepEqual(await rentalOf(MAJA.id), []);
    assert.deepEqual(mine(await scan(config.tables.retailInvoices)), []);
    const details = await scan(config.tables.retailDetails['food-delivery']);
    assert.ok(!details.some((d) => retailIds.includes(String(d.InvoiceID))));
    assert.deepEqual(await objects(`invoices/${MAJA.id}/`), []);
    assert.deepEqual(await objects(`rental-invoices/${MAJA.id}/`), []);
    assert.ok(!sm.secrets.has(`${config.secrets.gmailTokenPrefix}${MAJA.id}`));
    assert.ok(google.revoked.length >= 1, 'the Gmail grant is revoked at Google');
    for (const token of [oldToken, newToken]) assert.equal((await http('get_user_profile', 'GET', '/v1/user/me', { token })).status, 401);

    // Ola is untouched, and still signed in with the original's session.
    assert.equal((await rentalOf(OLA.id)).length, 1);
    assert.deepEqual(await objects(`invoices/${OLA.id}/`), [`invoices/${OLA.id}/rental/Hyresavi_5550001113.pdf`]);
    assert.ok(sm.secrets.has(`${config.secrets.gmailTokenPrefix}${OLA.id}`));
    assert.equal((await http('get_user_profile', 'GET', '/v1/user/me', { token: await originalToken(OLA, 60) })).status, 200);
  });

  it("the window: an original session older than 24 h is expired; without the setting (step 8) none is accepted", async () => {
    const stale = await http('get_user_profile', 'GET', '/v1/user/me', { token: await originalToken(OLA, 86400 + 60) });
    assert.deepEqual([stale.status, stale.json.error.code], [401, 'TOKEN_EXPIRED']);
    const closed = await deploy({ JWT_SECRET_NAME: OUR_SECRET });
    const fresh = await http('get_user_profile', 'GET', '/v1/user/me', { token: await originalToken(OLA, 60) }, closed);
    assert.deepEqual([fresh.status, fresh.json.error.code], [401, 'INVALID_TOKEN']);
    const login = await http('login_user', 'POST', '/v1/auth/login', { body: { email: OLA.email, password: OLA.password } }, closed);
    assert.equal((await http('get_user_profile', 'GET', '/v1/user/me', { token: login.json.data.access_token }, closed)).status, 200);
    const lines: string[] = [];
    assert.equal(await migrateCommand(['legacy-jwt'], (l) => lines.push(l), { env: { JWT_SECRET_NAME: OUR_SECRET }, secrets: smClient }), 0);
    assert.match(lines[0]!, /not honoured/);
  });

  it('no password, token or email address reached the logs', () => {
    const all = logs.raw.join('\n');
    for (const s of [MAJA.password, OLA.password, MAJA.email, MAJA.email.toLowerCase(), ORIGINAL_KEY, OUR_KEY, oldToken, newToken]) {
      assert.ok(!all.includes(s), 'leaked into logs');
    }
  });
});
