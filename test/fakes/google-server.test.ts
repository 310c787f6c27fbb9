/** The fake speaks Google's shapes: checked with the project's own identity adapter and plain fetch. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGoogleIdentity } from '../../src/adapters/google/identity.js';
import { createGeminiReceiptLlm } from '../../src/adapters/google/gemini.js';
import { GoogleTokenRejected } from '../../src/ports/google-identity.js';
import { FakeGoogle, type FakeAccount } from './google/server.js';
import { rawMail, PDF } from '../support/mail.js';

let fake: FakeGoogle;
let account: FakeAccount;
before(async () => {
  fake = await FakeGoogle.start();
  account = fake.addAccount({ email: 'tester@example.com', name: 'Test User', sub: '1098765432' });
});
after(() => fake.stop());

test('userinfo (v3 shape) and revoke through identity.ts', async () => {
  const env = fake.env();
  const identity = createGoogleIdentity({ userinfoUrl: env.GOOGLE_USERINFO_URL!, revokeUrl: env.GOOGLE_REVOKE_URL! });
  const token = fake.issueAccessToken(account.sub);
  assert.deepEqual(await identity.userinfo(token), { id: '1098765432', email: 'tester@example.com', name: 'Test User', emailVerified: true });
  await assert.rejects(identity.userinfo('ya29.unknown'), GoogleTokenRejected);
  const expired = fake.issueAccessToken(account.sub, { expiresInSeconds: -1 });
  await assert.rejects(identity.userinfo(expired), GoogleTokenRejected);
  await identity.revoke(token);
  assert.deepEqual(fake.revoked, [token]);
  await assert.rejects(identity.userinfo(token), GoogleTokenRejected, 'a revoked token is gone');
  await identity.revoke(token); // 400 from Google: nothing left to revoke, not an error
  assert.equal(fake.count('oauth.userinfo'), 4);
});

test('token endpoint: refresh grant answers, and the OAuth error shapes', async () => {
  const post = (form: Record<string, string>) =>
    fetch(`${fake.url}/token`, { method: 'POST', body: new URLSearchParams(form) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const rt = fake.addRefreshToken(account.sub);
  const ok = await post({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'c' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.token_type, 'Bearer');
  assert.equal(ok.body.expires_in, 3599);
  assert.ok(fake.isAccessTokenValid(ok.body.access_token as string));
  fake.setRefreshBehaviour(rt, 'invalid_grant');
  assert.deepEqual(await post({ grant_type: 'refresh_token', refresh_token: rt }), { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } });
  fake.setRefreshBehaviour(rt, 'server-error-500');
  assert.equal((await post({ grant_type: 'refresh_token', refresh_token: rt })).status, 500);
  assert.equal((await post({ grant_type: 'authorization_code', code: 'x' })).body.error, 'unsupported_grant_type');
});

test('Gmail list/get/attachments: paging, maxResults bounds, formats, errors, faults', async () => {
  const other = fake.addAccount({ email: 'other@example.com' });
  const ids = await fake.addMessages(
    other.sub,
    Array.from({ length: 7 }, (_, i) => rawMail({ from: 'a@shop.se', subject: `S${i}`, date: `Mon, ${i + 1} Dec 2025 10:00:00 +0000`, text: 't', pdf: { filename: `f${i}.pdf`, bytes: PDF } })),
  );
  const token = fake.issueAccessToken(other.sub);
  const get = (p: string) => fetch(`${fake.url}/gmail/v1/users/me/${p}`, { headers: { Authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as any }));
  const page1 = await get('messages?maxResults=5');
  assert.deepEqual(page1.body.messages.map((m: { id: string }) => m.id), [...ids].reverse().slice(0, 5));
  const page2 = await get(`messages?maxResults=5&pageToken=${page1.body.nextPageToken}`);
  assert.equal(page2.body.messages.length, 2);
  assert.equal(page2.body.nextPageToken, undefined);
  assert.equal((await get('messages?maxResults=0')).status, 400);
  assert.equal((await get('messages?maxResults=9999')).body.messages.length, 7, 'above 500 is capped, not refused');
  assert.deepEqual((await get('messages?q=from:nobody')).body, { resultSizeEstimate: 0 });
  const full = await get(`messages/${ids[0]}?format=full`);
  const pdfPart = full.body.payload.parts.find((p: { filename: string }) => p.filename === 'f0.pdf');
  const att = await get(`messages/${ids[0]}/attachments/${pdfPart.body.attachmentId}`);
  assert.deepEqual(Buffer.from(att.body.data, 'base64url'), Buffer.from(PDF));
  assert.equal(att.body.size, PDF.length);
  assert.equal((await get('messages/doesnotexist?format=raw')).body.error.status, 'NOT_FOUND');
  const unauth = await fetch(`${fake.url}/gmail/v1/users/me/messages`);
  assert.equal(unauth.status, 401);
  fake.inject('gmail.list', { kind: 'rate-limit-429', retryAfterSeconds: 7 }, 1);
  const limited = await get('messages');
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  assert.equal(limited.body.error.errors[0].reason, 'rateLimitExceeded');
  fake.inject('gmail.get', { kind: 'user-rate-limit-403' }, 1);
  assert.equal((await get(`messages/${ids[0]}`)).body.error.errors[0].reason, 'userRateLimitExceeded');
  assert.equal((await get('messages')).status, 200, 'faults are used up');
});

test('Gemini generateContent through our adapter (valid JSON, malformed, 429)', async () => {
  const llm = createGeminiReceiptLlm({ apiKey: 'any-key', baseUrl: fake.url, timeoutMs: 2000, attempts: 1 });
  const req = { subType: 'food-delivery' as const, prompt: 'receipt text', schema: { type: 'object' as const, properties: { total_amount: { type: 'number' as const } } } };
  fake.gemini.setMode({ kind: 'json', answer: { total_amount: 289.5 } });
  assert.deepEqual(await llm.extract(req), { total_amount: 289.5 });
  assert.equal(fake.gemini.requests.at(-1)?.apiKeyHeader, 'any-key');
  fake.gemini.setMode({ kind: 'malformed' });
  await assert.rejects(llm.extract(req));
  fake.gemini.setMode({ kind: 'status', status: 429 });
  await assert.rejects(llm.extract(req));
  assert.ok(fake.count('gemini.generate') >= 3);
  assert.equal(fake.env().GEMINI_BASE_URL, fake.url);
});
