/**
 * The Lambda path end to end: the real built bundles (`index.mjs`, as deployed) invoked with
 * real event shapes, against dynalite and s3rver in-process, local Secrets Manager and SNS
 * endpoints and the fake Google (OAuth + Gmail).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { jwtVerify } from 'jose';
import { buildAll, type BuiltFunction } from '../../scripts/build.js';
import { loadConfig } from '../../src/config.js';
import { manifest } from '../../src/runtime/manifest.js';
import { startS3VersionsProxy, type S3VersionsProxy } from '../fakes/aws/s3-versions-proxy.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../fakes/aws/secrets-manager.js';
import { startFakeSns, type FakeSns } from '../fakes/aws/sns.js';
import { FakeGoogle } from '../fakes/google/server.js';
import { startFakeGemini, type FakeGemini } from '../fakes/gemini.js';
import { noticeMail, notice } from '../support/rental.js';
import { lambdaAwsEnv, startLocalAws, type LocalAws } from '../support/aws.js';
import { captureConsole, type CapturedLogs } from '../support/capture-logs.js';
import { apiGatewayEvent, lambdaContext, s3Event, scheduledEvent, streamRecord } from '../support/lambda-events.js';

type Handler = (event: unknown, context?: unknown) => Promise<any>;

const MB = 1024 * 1024;
/** The target for all code of a function, its chunks included: 1 MB; parse_invoice carries pdf.js, 2.5 MB. */
const sizeCeiling = (name: string) => (name === 'parse_invoice' ? 2.5 * MB : MB);
const JWT_KEY = 'e2e-jwt-key-from-secrets-manager-0123456789abcdef';

let outDir: string;
let built: BuiltFunction[];
let aws: LocalAws;
let sm: FakeSecretsManager;
let sns: FakeSns;
let s3proxy: S3VersionsProxy;
let google: FakeGoogle;
let gemini: FakeGemini;
let logs: CapturedLogs;
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NewInvoiceNotificationTopic';
const CLIENT_ID = 'ios-client.apps.googleusercontent.com';
const handlers = new Map<string, Handler>();
const config = loadConfig({});

async function invoke(name: string, event: unknown): Promise<any> {
  return handlers.get(name)!(event, lambdaContext(name));
}
function json(res: { body: string }) {
  return JSON.parse(res.body) as { message?: string; code?: number; data?: any; error?: { code: string; message: string } };
}

before(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'pp-lambda-'));
  built = await buildAll(outDir, { zip: false });
  aws = await startLocalAws(config);
  sm = await startFakeSecretsManager({ [config.jwt.secretName]: JWT_KEY, [config.secrets.googleClientIdName]: CLIENT_ID, [config.secrets.geminiKeyName]: 'gemini-key-from-sm' });
  gemini = await startFakeGemini({ kind: 'json', answer: {} });
  sns = await startFakeSns();
  s3proxy = await startS3VersionsProxy(aws.s3Endpoint);
  google = await FakeGoogle.start();
  Object.assign(process.env, {
    ...google.env(),
    ...lambdaAwsEnv({ dynamodb: aws.dynamoEndpoint, s3: s3proxy.endpoint, secretsManager: sm.endpoint, sns: sns.endpoint }),
    GEMINI_BASE_URL: gemini.baseUrl,
    SNS_TOPIC_ARN: TOPIC_ARN,
    BCRYPT_COST: '4',
    POWERTOOLS_DEV: 'true',
  });
  // Secrets come from Secrets Manager only.
  for (const k of ['JWT_SECRET', 'GOOGLE_OAUTH_CLIENT_ID', 'GEMINI_API_KEY']) delete process.env[k];
  logs = captureConsole();
  for (const b of built) {
    const mod = (await import(pathToFileURL(b.bundle).href)) as { handler: Handler };
    handlers.set(b.name, mod.handler);
  }
});

after(async () => {
  logs?.restore();
  await sm?.close();
  await sns?.close();
  await s3proxy?.close();
  await google?.stop();
  await gemini?.close();
  await aws?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('bundles', () => {
  it('one bundle per manifest function, each carrying only the AWS clients its resources need, and no AWS SDK', () => {
    assert.deepEqual(built.map((b) => b.name).sort(), manifest.map((f) => f.name).sort());
    for (const b of built) {
      const spec = manifest.find((f) => f.name === b.name)!;
      const has = (p: string) => b.packages.includes(p);
      const client = (f: string) => b.sources.includes(`src/adapters/aws/client/${f}.ts`);
      const uses = (kind: string) => spec.resources.some((r) => r.kind === kind);
      assert.deepEqual(b.packages.filter((p) => p.startsWith('@smithy/') || (p.startsWith('@aws-sdk/') && p !== '@aws-sdk/util-dynamodb')), [], `${b.name} carries the AWS SDK`);
      assert.equal(client('s3'), uses('bucket'), `${b.name} S3 client`);
      assert.equal(client('sns'), uses('topic'), `${b.name} SNS client`);
      assert.equal(client('dynamodb'), uses('table'), `${b.name} DynamoDB client`);
      assert.equal(client('secrets-manager'), uses('secret'), `${b.name} Secrets Manager client`);
      assert.equal(has('bcryptjs'), ['signup_user', 'login_user'].includes(b.name), `${b.name} bcrypt`);
      assert.equal(has('@googleapis/gmail'), b.name.startsWith('fetch_'), `${b.name} Gmail client`);
      assert.equal(has('unpdf'), b.name === 'parse_invoice', `${b.name} PDF parser`);
      assert.ok(!has('hono') && !has('better-sqlite3'), `${b.name} carries the local runtime`);
      const all = b.bundleBytes + b.chunks.reduce((sum, c) => sum + c.bytes, 0);
      assert.ok(all <= sizeCeiling(b.name), `${b.name} is ${all} bytes with its chunks`);
    }
  });
});

describe('auth and users over API Gateway events', () => {
  const email = 'Maja.Berg@example.se';
  const password = 'correct horse battery';
  let token: string;

  it('signup: 201, the account stored in Users, a session signed with the key from Secrets Manager', async () => {
    const res = await invoke('signup_user', apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup', body: JSON.stringify({ email, name: 'Maja Berg', password }) }));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['Content-Type'], 'application/json');
    assert.equal(res.isBase64Encoded, false);
    const body = json(res);
    assert.equal(body.message, 'Signup successful!');
    assert.equal(body.data.token_type, 'Bearer');
    token = body.data.access_token;
    const { payload } = await jwtVerify(token, new TextEncoder().encode(JWT_KEY), { issuer: config.jwt.issuer, audience: config.jwt.audience });
    const items = (await aws.clients.doc.scan({ TableName: config.tables.users })).Items ?? [];
    const user = items.find((i) => i.UserID === payload.user_id);
    assert.ok(user, 'user row');
    assert.equal(user.Email, email);
    assert.equal(user.Name, 'Maja Berg');
    assert.match(String(user.Password), /^\$2[aby]\$/);
  });

  it('login accepts a base64-encoded body; a wrong password is 401 in the error envelope', async () => {
    const ok = await invoke('login_user', apiGatewayEvent({
      method: 'POST',
      path: '/v1/auth/login',
      body: Buffer.from(JSON.stringify({ email, password })).toString('base64'),
      isBase64Encoded: true,
    }));
    assert.equal(ok.statusCode, 200, ok.body);
    const bad = await invoke('login_user', apiGatewayEvent({ method: 'POST', path: '/v1/auth/login', body: JSON.stringify({ email, password: 'nope nope' }) }));
    assert.equal(bad.statusCode, 401);
    assert.equal(json(bad).error!.code, 'INVALID_CREDENTIALS');
  });

  it('profile with the token (headers are matched case-insensitively)', async () => {
    const res = await invoke('get_user_profile', apiGatewayEvent({ method: 'GET', path: '/v1/user/me', headers: { Authorization: `Bearer ${token}` } }));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      { name: json(res).data.name, email: json(res).data.email, gmail: json(res).data.gmail_account_connected },
      { name: 'Maja Berg', email, gmail: false },
    );
  });

  it('startup secrets are read once per cold start, by name, and never from the environment', () => {
    const reads = sm.calls.filter((c) => c === `GetSecretValue ${config.jwt.secretName}`);
    // signup, login and get_user_profile have each started once.
    assert.equal(reads.length, 3, sm.calls.join('\n'));
  });

  it('a body over 1 MiB is 413 in the error envelope; malformed events are 400', async () => {
    const big = await invoke('signup_user', apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup', body: 'x'.repeat(1024 * 1024 + 1) }));
    assert.equal(big.statusCode, 413);
    assert.equal(json(big).error!.code, 'PAYLOAD_TOO_LARGE');
    const bigB64 = await invoke('signup_user', apiGatewayEvent({
      method: 'POST', path: '/v1/auth/signup', body: Buffer.alloc(1024 * 1024 + 3).toString('base64'), isBase64Encoded: true,
    }));
    assert.equal(bigB64.statusCode, 413);
    for (const event of [
      {},
      { version: '2.0', requestContext: { http: { method: 'POST' } } },
      { ...apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup' }), headers: 'authorization: x' },
      { ...apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup' }), body: { email } },
      apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup', body: '%%%not base64%%%', isBase64Encoded: true }),
      s3Event(config.bucket, ['invoices/u/rental/a.pdf']),
    ]) {
      const res = await invoke('signup_user', event);
      assert.equal(res.statusCode, 400, JSON.stringify(event));
      assert.equal(json(res).error!.code, 'INVALID_REQUEST');
    }
  });

  it('delete_user removes the account; the token then gets 401', async () => {
    const del = await invoke('delete_user', apiGatewayEvent({ method: 'DELETE', path: '/v1/user/me', headers: { authorization: `Bearer ${token}` } }));
    assert.equal(del.statusCode, 200, del.body);
    const after = await invoke('get_user_profile', apiGatewayEvent({ method: 'GET', path: '/v1/user/me', headers: { authorization: `Bearer ${token}` } }));
    assert.equal(after.statusCode, 401);
    const items = (await aws.clients.doc.scan({ TableName: config.tables.users })).Items ?? [];
    assert.ok(!items.some((i) => i.Email === email));
  });

  it('logs are structured Powertools JSON with the function name and no password, token or email', () => {
    assert.ok(logs.lines.some((l) => l.service === 'signup_user' && l.level === 'WARN' && l.message === 'request refused'));
    const all = logs.raw.join('\n');
    for (const secret of [password, email, email.toLowerCase(), JWT_KEY, token]) assert.ok(!all.includes(secret), 'leaked into logs');
  });

  it('a Secrets Manager outage at cold start answers 500 and the next invocation retries the start', async () => {
    // A fresh copy of the bundle is a fresh cold start.
    const b = built.find((x) => x.name === 'signup_user')!;
    const cold = (await import(`${pathToFileURL(b.bundle).href}?cold=1`)) as { handler: Handler };
    const saved = sm.secrets.get(config.jwt.secretName)!;
    sm.secrets.delete(config.jwt.secretName);
    const body = JSON.stringify({ email: 'other@example.se', name: 'O', password: 'long enough pw' });
    const failed = await cold.handler(apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup', body }), lambdaContext('signup_user'));
    assert.equal(failed.statusCode, 500);
    assert.equal(json(failed).error!.code, 'INTERNAL_SERVER_ERROR');
    sm.secrets.set(config.jwt.secretName, saved);
    const ok = await cold.handler(apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup', body }), lambdaContext('signup_user'));
    assert.equal(ok.statusCode, 201, ok.body);
  });
});

/** Keys as S3 puts them in events: URL-encoded, spaces as `+`. */
const s3EventKey = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

describe('the rental chain over Lambda events', () => {
  it('schedule → Gmail fan-out → S3; S3 event → parse_invoice → RentalInvoices; stream INSERT → one SNS message to the owner; delete_user erases it all', async () => {
    const body = JSON.stringify({ email: 'olle@example.se', name: 'Olle', password: 'long enough pw' });
    const signup = json(await invoke('signup_user', apiGatewayEvent({ method: 'POST', path: '/v1/auth/signup', body })));
    const token = signup.data.access_token as string;
    const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).user_id as string;

    // Olle connects Gmail (the iOS form body); this month's notice is in his mailbox.
    const account = google.addAccount({ email: 'olle@gmail.com', name: 'Olle' });
    const form = new URLSearchParams({
      access_token: google.issueAccessToken(account.sub, { expiresInSeconds: 3600 }),
      refresh_token: google.addRefreshToken(account.sub),
      expires_in: '3600',
      'scope[]': 'https://www.googleapis.com/auth/gmail.readonly',
      token_type: 'Bearer',
    });
    const stored = await invoke('gmail_store_tokens', apiGatewayEvent({
      method: 'POST',
      path: '/v1/auth/gmail/store-tokens',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    }));
    assert.equal(stored.statusCode, 201, stored.body);
    assert.ok(sm.secrets.has(`${config.secrets.gmailTokenPrefix}${userId}`), 'tokens in gmail/user/<id>');
    const now = new Date();
    const [y, m] = [now.getUTCFullYear(), String(now.getUTCMonth() + 1).padStart(2, '0')];
    const sent = new Date(Math.max(now.getTime() - 60_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12)));
    const due = `${y}-${m}-28`;
    await google.addMessage(account.sub, await noticeMail(due, { sentIso: sent.toISOString() }));

    // The weekday schedule, with EventBridge's event.
    const summary = await invoke('fetch_latest_invoice', scheduledEvent('PayPulse-rentalLatest'));
    assert.deepEqual(summary, { total_users: 1, ingested: 1, already_processed: 0, not_dispatched: 0, failed: 0, errors: [] });
    assert.ok(sm.calls.includes(`GetSecretValue ${config.secrets.googleClientIdName}`), 'client id read from Secrets Manager');
    const pdfKey = (await aws.listKeys(config.bucket, `invoices/${userId}/rental/`)).find((k) => k.endsWith('.pdf'));
    assert.ok(pdfKey, 'the notice PDF is in the bucket');

    // S3 notifies parse_invoice with the key URL-encoded.
    await invoke('parse_invoice', s3Event(config.bucket, [s3EventKey(pdfKey)]));
    const rows = (await aws.clients.doc.query({
      TableName: config.tables.rentalInvoices,
      KeyConditionExpression: 'UserID = :u',
      ExpressionAttributeValues: { ':u': userId },
    })).Items ?? [];
    assert.equal(rows.length, 1);
    const n = await notice(due);
    assert.equal(rows[0]!.OCR, n.ocr);
    assert.equal(rows[0]!['Total Amount'], n.total);
    // Re-delivery of the same S3 event changes nothing (D6).
    await invoke('parse_invoice', s3Event(config.bucket, [s3EventKey(pdfKey)]));

    // dynalite has no streams: the INSERT record DynamoDB would emit for the stored item.
    const record = streamRecord({ table: config.tables.rentalInvoices, eventName: 'INSERT', seq: '4100', keys: { UserID: userId, InvoiceID: rows[0]!.InvoiceID }, newImage: rows[0]! });
    assert.deepEqual(await invoke('send_invoice_notification', { Records: [record] }), { batchItemFailures: [] });
    assert.equal(sns.published.length, 1);
    assert.equal(sns.published[0]!.topicArn, TOPIC_ARN);
    assert.deepEqual(sns.published[0]!.attributes, { user_id: userId });
    // The stream retries the batch: no second message.
    assert.deepEqual(await invoke('send_invoice_notification', { Records: [record] }), { batchItemFailures: [] });
    assert.equal(sns.published.length, 1);

    // An unknown record in the batch is reported by its sequence number, and logged.
    const odd = { ...record, eventName: 'TRUNCATE', dynamodb: { ...record.dynamodb, SequenceNumber: '4101' } };
    assert.deepEqual(await invoke('send_invoice_notification', { Records: [odd] }), { batchItemFailures: [{ itemIdentifier: '4101' }] });
    assert.ok(logs.lines.some((l) => l.service === 'send_invoice_notification' && l.message === 'change record failed' && l.sequence_number === '4101'));

    // An S3 event with an unexpected key fails the invocation (retry, then the failure queue).
    await assert.rejects(invoke('parse_invoice', s3Event(config.bucket, ['uploads/elsewhere.pdf'])), /1 of 1 S3 records failed/);

    // delete_user: invoices, every object, tokens (revoked at Google), account.
    const del = await invoke('delete_user', apiGatewayEvent({ method: 'DELETE', path: '/v1/user/me', headers: { authorization: `Bearer ${token}` } }));
    assert.equal(del.statusCode, 200, del.body);
    assert.deepEqual(await aws.listKeys(config.bucket, `invoices/${userId}/`), []);
    const rowsLeft = (await aws.clients.doc.query({
      TableName: config.tables.rentalInvoices,
      KeyConditionExpression: 'UserID = :u',
      ExpressionAttributeValues: { ':u': userId },
    })).Items ?? [];
    assert.equal(rowsLeft.length, 0);
    assert.ok(!sm.secrets.has(`${config.secrets.gmailTokenPrefix}${userId}`));
    assert.ok(google.revoked.length >= 1);
    // The notification's de-duplication marker and the email lock (helper items) went too.
    const users = (await aws.clients.doc.scan({ TableName: config.tables.users })).Items ?? [];
    assert.deepEqual(users.filter((u) => String(u.UserID).includes(userId)), []);
    const helpers = (await aws.clients.doc.scan({ TableName: config.tables.helpers })).Items ?? [];
    assert.deepEqual(helpers.filter((h) => JSON.stringify(h).includes(userId)), []);
  });
});

describe('the retail parser over an S3 event', () => {
  it('an .html object → parse_retail_invoice (vendor rules shipped beside the bundle) → RetailInvoices and the detail table', async () => {
    const userId = 'user_retail_e2e';
    const key = `invoices/${userId}/retail/food-delivery/foodora_2026-01-24_7c01d94e.html`;
    const row = (a: string, b: string) => `<tr><td>${a}</td><td style="text-align:right">${b}</td></tr>`;
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>foodora</title></head><body><h1>foodora</h1><p>Tack för din beställning!</p><p>Ordernummer: FD-482913</p><p>Datum: 2026-01-24</p>
<table>${row('2 x Falafelwrap', '238,00 kr')}${row('1 x Pommes', '45,00 kr')}${row('Leveransavgift', '39,00 kr')}${row('Rabatt', '-32,50 kr')}${row('<b>Totalt</b>', '<b>289,50 kr</b>')}</table></body></html>`;
    await aws.clients.s3.bucket(config.bucket).put(key, Buffer.from(html), { contentType: 'text/html' });
    await invoke('parse_retail_invoice', s3Event(config.bucket, [s3EventKey(key)]));
    const rows = (await aws.clients.doc.query({
      TableName: config.tables.retailInvoices,
      KeyConditionExpression: 'UserID = :u',
      ExpressionAttributeValues: { ':u': userId },
    })).Items ?? [];
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.total_amount, 289.5);
    assert.equal(rows[0]!.currency, 'SEK');
    assert.equal(rows[0]!.UserID_SubType, `${userId}_food-delivery`);
    assert.equal(rows[0]!.s3_path, key);
    const details = (await aws.clients.doc.scan({ TableName: config.tables.retailDetails['food-delivery'] })).Items ?? [];
    assert.ok(details.some((d) => d.InvoiceID === rows[0]!.InvoiceID));
    // The Gemini key came from Secrets Manager, if the cascade needed the LLM at all.
    for (const r of gemini.requests) assert.equal(r.apiKeyHeader, 'gemini-key-from-sm');
    // Re-delivery overwrites the same invoice (D6).
    await invoke('parse_retail_invoice', s3Event(config.bucket, [s3EventKey(key)]));
    const again = (await aws.clients.doc.query({
      TableName: config.tables.retailInvoices,
      KeyConditionExpression: 'UserID = :u',
      ExpressionAttributeValues: { ':u': userId },
    })).Items ?? [];
    assert.equal(again.length, 1);
  });
});
