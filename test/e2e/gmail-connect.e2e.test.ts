import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeGoogle } from '../fakes/google/server.js';
import { decode, envelope, ios } from '../support/ios.js';
import { call, startTestServer, type TestServer } from '../support/local-server.js';

let google: FakeGoogle;
let s: TestServer;
before(async () => {
  google = await FakeGoogle.start();
  s = await startTestServer(google.env());
});
after(async () => {
  await s.close();
  await google.stop();
});

async function newUser(email: string) {
  const r = await call(s.url, 'POST', '/v1/auth/signup', { body: { name: 'Maja', email, password: 'gmail-connect' } });
  const token = r.json.data.access_token as string;
  return { token, userId: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string };
}

/** What the iOS app sends: form-urlencoded, scope as scope[] keys, client_info[...] extras. */
function iosForm(accessToken: string, refreshToken?: string): string {
  const p = new URLSearchParams();
  p.append('access_token', accessToken);
  if (refreshToken) p.append('refresh_token', refreshToken);
  p.append('username', 'Maja');
  p.append('email', 'maja.berg@gmail.com');
  p.append('scope[]', 'openid');
  p.append('scope[]', 'https://www.googleapis.com/auth/gmail.readonly');
  p.append('token_type', 'Bearer');
  p.append('expires_in', '3600');
  p.append('client_info[platform]', 'iOS');
  p.append('client_info[appVersion]', '2.3.0');
  return p.toString();
}
const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

test('connecting Gmail from the app stores the tokens, and the profile says connected', async () => {
  const { token, userId } = await newUser('connect@example.se');
  const acct = google.addAccount({ email: 'maja.berg@gmail.com', name: 'Maja Berg' });
  const access = google.issueAccessToken(acct.sub);
  const refresh = google.addRefreshToken(acct.sub);
  const r = await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, body: iosForm(access, refresh), headers: form });
  assert.equal(r.status, 201, r.text);
  decode(r.json, envelope(ios.GmailResponseModel));
  assert.equal(r.json.message, 'Gmail OAuth tokens stored successfully!');
  assert.deepEqual(r.json.data, {
    google_email: 'maja.berg@gmail.com',
    scope: 'openid https://www.googleapis.com/auth/gmail.readonly',
    account_switch: false,
    message: 'First Gmail connection',
  });
  const stored = await s.deps.tokens.get(userId);
  assert.equal(stored?.google_user_id, acct.sub);
  assert.equal(stored?.refresh_token, refresh);
  const me = await call(s.url, 'GET', '/v1/user/me', { token });
  assert.equal(me.json.data.gmail_account_connected, true);

  // Reconnect from the app without a refresh token (Google sends one only the first time).
  const again = await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, body: iosForm(google.issueAccessToken(acct.sub)), headers: form });
  assert.equal(again.json.data.message, 'Same Google account or first connection');
  assert.equal((await s.deps.tokens.get(userId))?.refresh_token, refresh, 'kept (docs/compatibility.md#d9)');

  // JSON bodies work too; a scope string is kept as it is.
  const json = await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', {
    token,
    body: { access_token: google.issueAccessToken(acct.sub), scope: 'https://www.googleapis.com/auth/gmail.readonly' },
  });
  assert.equal(json.status, 201);
  assert.equal(json.json.data.scope, 'https://www.googleapis.com/auth/gmail.readonly');
});

test('switching to another Google account is reported', async () => {
  const { token } = await newUser('switch@example.se');
  const a = google.addAccount({ email: 'first@gmail.com' });
  const b = google.addAccount({ email: 'second@gmail.com' });
  await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, body: iosForm(google.issueAccessToken(a.sub), 'r1'), headers: form });
  const r = await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, body: iosForm(google.issueAccessToken(b.sub), 'r2'), headers: form });
  assert.deepEqual([r.json.data.account_switch, r.json.data.message], [true, 'Switching from first@gmail.com to second@gmail.com']);
});

test('an access token Google does not know is 400 Invalid OAuth tokens and nothing is stored', async () => {
  const { token, userId } = await newUser('badtoken@example.se');
  const r = await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, body: iosForm('ya29.made-up'), headers: form });
  assert.equal(r.status, 400);
  assert.deepEqual(r.json, { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid OAuth tokens' } });
  assert.equal(await s.deps.tokens.get(userId), undefined);
});

test('deleting the account revokes the Gmail grant at Google and removes the tokens', async () => {
  const { token, userId } = await newUser('revoke@example.se');
  const acct = google.addAccount({ email: 'leaving@gmail.com' });
  const refresh = google.addRefreshToken(acct.sub);
  await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token, body: iosForm(google.issueAccessToken(acct.sub), refresh), headers: form });
  const del = await call(s.url, 'DELETE', '/v1/user/me', { token });
  assert.equal(del.status, 200);
  assert.ok(google.revoked.includes(refresh));
  assert.equal(await s.deps.tokens.get(userId), undefined);
});

test('Google being unreachable is 502 DEPENDENCY_FAILURE', async () => {
  const { token } = await newUser('down@example.se');
  const down = await startTestServer({ GOOGLE_USERINFO_URL: 'http://127.0.0.1:9/oauth2/v3/userinfo' });
  try {
    const t = (await call(down.url, 'POST', '/v1/auth/signup', { body: { name: 'D', email: 'd@example.se', password: 'unreachable' } })).json.data.access_token;
    const r = await call(down.url, 'POST', '/v1/auth/gmail/store-tokens', { token: t, body: iosForm('ya29.x'), headers: form });
    assert.equal(r.status, 502);
    assert.deepEqual(r.json, { error: { code: 'DEPENDENCY_FAILURE', message: 'Network error communicating with Google' } });
  } finally {
    await down.close();
  }
  assert.ok(token);
});

test('no Google token or email address appears in the logs', () => {
  const all = s.logs.join('\n');
  assert.equal(/ya29\.|1\/\/fake|@gmail\.com/.test(all), false);
});
