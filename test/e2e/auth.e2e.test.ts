import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { call, startTestServer, type TestServer } from '../support/local-server.js';
import { decode, envelope, ios } from '../support/ios.js';

let s: TestServer;
before(async () => {
  s = await startTestServer({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_CLIENT: '1000' });
});
after(() => s.close());

const signup = (body: unknown) => call(s.url, 'POST', '/v1/auth/signup', { body });
const login = (body: unknown) => call(s.url, 'POST', '/v1/auth/login', { body });
const me = (token?: string, headers?: Record<string, string>) =>
  call(s.url, 'GET', '/v1/user/me', { ...(token ? { token } : {}), ...(headers ? { headers } : {}) });

function assertError(reply: { status: number; json: any }, status: number, code: string, message?: string) {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  decode(reply.json, ios.ErrorEnvelope);
  assert.equal(reply.json.error.code, code);
  if (message !== undefined) assert.equal(reply.json.error.message, message);
}

async function userCount(): Promise<number> {
  let n = 0;
  for await (const _ of s.deps.users.list()) n++;
  return n;
}

describe('signup and login', () => {
  test('signup answers 201 with the AuthResponse the app decodes, and the token works', async () => {
    const r = await signup({ name: 'Maja Berg', email: 'maja@example.se', password: 'correct horse' });
    assert.equal(r.status, 201);
    decode(r.json, envelope(ios.AuthResponse));
    assert.deepEqual([r.json.message, r.json.code, r.json.data.username, r.json.data.token_type], ['Signup successful!', 201, 'Maja Berg', 'Bearer']);
    const profile = await me(r.json.data.access_token);
    assert.equal(profile.status, 200);
    decode(profile.json, envelope(ios.UserModel));
    assert.equal(profile.json.message, 'User profile retrieved successfully');
    assert.equal(profile.json.data.gmail_account_connected, false);
    assert.match(profile.json.data.created_on, /^\d{4}-\d{2}-\d{2}$/);
  });

  test('a second signup with the same email in another case is 403 USER_ALREADY_EXISTS', async () => {
    const r = await signup({ name: 'Other', email: 'MAJA@example.se', password: 'another pass' });
    assertError(r, 403, 'USER_ALREADY_EXISTS', "User with email 'MAJA@example.se' already exists.");
  });

  test('20 concurrent signups with one email create exactly one account', async () => {
    const before = await userCount();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signup({ name: `Racer ${i}`, email: i % 2 ? 'race@example.se' : 'Race@Example.se', password: 'racing-pass' }),
      ),
    );
    assert.equal(replies.filter((r) => r.status === 201).length, 1);
    assert.equal(replies.filter((r) => r.status === 403).length, 19);
    assert.equal(await userCount(), before + 1);
  });

  test('login with the right password answers 200 with the stored name, any email case', async () => {
    const r = await login({ email: 'Maja@Example.SE', password: 'correct horse' });
    assert.equal(r.status, 200);
    decode(r.json, envelope(ios.AuthResponse));
    assert.deepEqual([r.json.message, r.json.data.username], ['Login successful!', 'Maja Berg']);
  });

  test('unknown email and wrong password get the identical 401 body (docs/compatibility.md#d1)', async () => {
    const unknown = await login({ email: 'nobody@example.se', password: 'correct horse' });
    const wrong = await login({ email: 'maja@example.se', password: 'wrong horse' });
    assertError(unknown, 401, 'INVALID_CREDENTIALS', 'Invalid Credentials');
    assert.equal(unknown.text, wrong.text);
  });

  test('bad bodies get the error envelope and create nothing', async () => {
    const before = await userCount();
    assertError(await signup('not json'), 400, 'INVALID_JSON', 'Invalid JSON in request body');
    assertError(await signup('[1,2]'), 400, 'INVALID_JSON');
    assertError(await signup('null'), 400, 'INVALID_JSON');
    assertError(await call(s.url, 'POST', '/v1/auth/signup'), 400, 'INVALID_JSON');
    assertError(await signup({ name: 'A', password: 'abcdefgh' }), 400, 'MISSING_FIELDS', "Missing key in request body: 'email'");
    assertError(await signup({ email: 'a@b.se', password: 'abcdefgh' }), 400, 'MISSING_FIELDS', "Missing key in request body: 'name'");
    assertError(await signup({ email: 'a@b.se', name: 'A' }), 400, 'MISSING_FIELDS', "Missing key in request body: 'password'");
    assertError(await signup({ email: 42, name: 'A', password: 'abcdefgh' }), 400, 'INVALID_CREDENTIALS');
    assertError(await signup({ email: '', name: 'A', password: 'abcdefgh' }), 400, 'INVALID_CREDENTIALS');
    assertError(await signup({ email: 'not-an-email', name: 'A', password: 'abcdefgh' }), 400, 'INVALID_CREDENTIALS');
    assertError(await signup({ email: 'a@b.se', name: 'x'.repeat(5000), password: 'abcdefgh' }), 400, 'INVALID_CREDENTIALS');
    assertError(await signup({ email: 'a@b.se', name: 'A', password: 'short' }), 400, 'INVALID_CREDENTIALS');
    assertError(await signup({ email: 'a@b.se', name: 'A', password: 'p'.repeat(129) }), 400, 'INVALID_CREDENTIALS');
    assertError(await login({ password: 'x' }), 400, 'MISSING_FIELDS', "Missing key: 'email'");
    assertError(await login({ email: 'maja@example.se' }), 400, 'MISSING_FIELDS', "Missing key: 'password'");
    assertError(await login({ email: ['maja@example.se'], password: 'correct horse' }), 401, 'INVALID_CREDENTIALS');
    assert.equal(await userCount(), before);
  });

  test('control and bidi-control characters in email or name are a 400 and create nothing; names are stored in NFC', async () => {
    const before = await userCount();
    for (const bad of ['\u0000', '\u0007', '\u007f', '\u0085', '\u202e', '\u202a', '\u2066', '\u200f', '\u061c']) {
      assertError(await signup({ email: `evil${bad}@example.se`, name: 'Eve', password: 'correct horse' }), 400, 'INVALID_CREDENTIALS', 'Invalid email address');
      assertError(await signup({ email: 'eve@example.se', name: `Eve${bad}gpj.exe`, password: 'correct horse' }), 400, 'INVALID_CREDENTIALS', 'Invalid name');
    }
    assert.equal(await userCount(), before);
    // "Åsa Öberg" decomposed (A + combining ring, O + combining diaeresis) reads back precomposed.
    const r = await signup({ email: 'asa@example.se', name: 'A\u030asa O\u0308berg', password: 'correct horse' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.data.username, '\u00c5sa \u00d6berg');
    assert.equal((await me(r.json.data.access_token)).json.data.name, '\u00c5sa \u00d6berg');
    // Letters of right-to-left scripts and joiners inside names stay accepted.
    assert.equal((await signup({ email: 'rtl@example.se', name: 'ليلى 👩\u200d💻', password: 'correct horse' })).status, 201);
  });

  test('passwords of 8 and of 64 characters (any characters) are accepted', async () => {
    assert.equal((await signup({ name: 'Eight', email: 'eight@example.se', password: '12345678' })).status, 201);
    const long = 'Smörgåsbord 😀 '.repeat(5).slice(0, 64);
    assert.equal((await signup({ name: 'Long', email: 'long@example.se', password: long })).status, 201);
    assert.equal((await login({ email: 'long@example.se', password: long })).status, 200);
  });

  test('a body over 1 MiB is 413 and an unknown route is 404, both in the error envelope', async () => {
    assertError(await signup({ name: 'A', email: 'big@example.se', password: 'x'.repeat(1_100_000) }), 413, 'PAYLOAD_TOO_LARGE');
    assertError(await call(s.url, 'GET', '/v1/nothing-here'), 404, 'NOT_FOUND');
    assertError(await call(s.url, 'PUT', '/v1/user/me'), 404, 'NOT_FOUND');
  });

  test('failed logins are limited per account: 429 with Retry-After, even for the right password', async () => {
    await signup({ name: 'Guess', email: 'guess@example.se', password: 'guess-me-not' });
    for (let i = 0; i < 5; i++) assert.equal((await login({ email: 'guess@example.se', password: `wrong${i}` })).status, 401);
    const blocked = await login({ email: 'GUESS@example.se', password: 'guess-me-not' });
    assertError(blocked, 429, 'TOO_MANY_REQUESTS');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await login({ email: 'maja@example.se', password: 'correct horse' })).status, 200, 'other accounts unaffected');
  });

  test('40 concurrent wrong passwords for one account: only the limit (5) is checked, the rest are 429', async () => {
    await signup({ name: 'Swarm', email: 'swarm@example.se', password: 'swarm-password' });
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => login({ email: 'swarm@example.se', password: `guess-${i}` })));
    assert.equal(replies.filter((r) => r.status === 401).length, 5, 'checked against the password');
    assert.equal(replies.filter((r) => r.status === 429).length, 35);
    assertError((await login({ email: 'swarm@example.se', password: 'swarm-password' })), 429, 'TOO_MANY_REQUESTS');
  });
});

describe('tokens on authenticated routes', () => {
  let token: string;
  let key: Uint8Array;
  before(async () => {
    token = (await login({ email: 'maja@example.se', password: 'correct horse' })).json.data.access_token;
    key = Buffer.from(readFileSync(path.join(s.config.dataDir, 'keys', 'jwt.key'), 'utf8'), 'base64');
  });
  const claims = () => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

  test('missing header, missing token, tampered, alg none, foreign audience and expired tokens are refused', async () => {
    assertError(await me(), 401, 'INVALID_CREDENTIALS', 'Invalid Credentials');
    assertError(await me(undefined, { authorization: 'Bearer' }), 401, 'INVALID_TOKEN', 'Malformed Token');
    assertError(await me('garbage'), 401, 'INVALID_TOKEN', 'Malformed Token');
    const [h, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims(), user_id: 'user_someone-else' })).toString('base64url');
    assertError(await me(`${h}.${forged}.${sig}`), 401, 'INVALID_TOKEN', 'Malformed Token');
    const none = new UnsecuredJWT(claims()).encode();
    assertError(await me(none), 401, 'INVALID_TOKEN', 'Malformed Token');
    const foreign = await new SignJWT({ ...claims(), aud: 'another-app' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    assertError(await me(foreign), 401, 'INVALID_TOKEN', 'Malformed Token');
    const past = Math.floor(Date.now() / 1000) - 90_000;
    const expired = await new SignJWT({ ...claims(), iat: past, exp: past + 86400 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    assertError(await me(expired), 401, 'TOKEN_EXPIRED', 'Expired token');
    const expiredOnStore = await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token: expired, body: { access_token: 'ya29.x' } });
    assertError(expiredOnStore, 401, 'TOKEN_EXPIRED', 'Expired JWT token');
    assertError(await call(s.url, 'POST', '/v1/auth/gmail/store-tokens', { token: 'garbage', body: {} }), 401, 'INVALID_TOKEN', 'Malformed JWT Token');
  });

  test('the original accepted any first word before the token; so do we', async () => {
    assert.equal((await me(undefined, { authorization: `bearer ${token}` })).status, 200);
  });

  test('headers are read as sent: a repeated Authorization is one joined value, odd header names change nothing', async () => {
    // Raw header lines, so that repeats and names like __proto__ reach the server as written.
    const raw = (headers: string[]) =>
      new Promise<{ status: number; json: any }>((resolve, reject) => {
        const target = new URL(`${s.url}/v1/user/me`);
        // A raw header list gets no default Host line.
        const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, headers: ['Host', target.host, ...headers] }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.end();
      });
    const bearer = `Bearer ${token}`;
    assertError(await raw(['Authorization', bearer, 'authorization', bearer]), 401, 'INVALID_TOKEN', 'Malformed Token');
    const odd = await raw(['__proto__', 'x', 'constructor', 'y', 'hasOwnProperty', 'z', 'Authorization', bearer]);
    assert.equal(odd.status, 200, JSON.stringify(odd.json));
    assert.equal(odd.json.data.email, 'maja@example.se');
  });

  test('store-tokens refuses bad bodies with 400s and stores nothing', async () => {
    const store = (body: string | object | undefined, type?: string) =>
      call(s.url, 'POST', '/v1/auth/gmail/store-tokens', {
        token,
        ...(body !== undefined ? { body } : {}),
        ...(type ? { headers: { 'content-type': type } } : {}),
      });
    assertError(await store(undefined), 400, 'MISSING_FIELDS');
    assertError(await store('{nope'), 400, 'INVALID_JSON');
    assertError(await store({ refresh_token: 'r' }), 400, 'MISSING_FIELDS', "Missing required field in request body: 'access_token'");
    assertError(await store({ access_token: 12 }), 400, 'INVALID_CREDENTIALS', 'Invalid OAuth tokens');
    assertError(await store({ access_token: 'ya29.a', expires_in: 'soon' }), 400, 'INVALID_CREDENTIALS', 'Invalid OAuth tokens');
    assertError(await store('refresh_token=r&scope%5B%5D=x', 'application/x-www-form-urlencoded'), 400, 'INVALID_CREDENTIALS', 'Invalid OAuth tokens');
    assert.equal(await s.deps.tokens.get(claims().user_id), undefined);
  });
});

describe('account deletion', () => {
  test('delete answers 200, removes the account and its tokens, and the JWT is refused afterwards', async () => {
    const r = await signup({ name: 'Leaving', email: 'leaving@example.se', password: 'bye-bye-bye' });
    const token = r.json.data.access_token as string;
    const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string;
    await s.deps.tokens.put(userId, {
      access_token: 'ya29.secret',
      expires_at: '2030-01-01T00:00:00.000000',
      expires_in: 3600,
      scope: '',
      token_type: 'Bearer',
      created_at: '2030-01-01T00:00:00.000000',
      google_user_id: '',
      google_email: '',
      google_name: '',
      google_verified_email: false,
    });
    const del = await call(s.url, 'DELETE', '/v1/user/me', { token });
    assert.equal(del.status, 200);
    decode(del.json, envelope('null'));
    assert.equal(del.json.message, `All data for user ${userId} deleted successfully!`);
    assert.equal(del.json.data, null);
    assert.equal(await s.deps.users.getById(userId), undefined);
    assert.equal(await s.deps.tokens.get(userId), undefined);
    assertError(await me(token), 401, 'INVALID_TOKEN');
    assertError(await call(s.url, 'DELETE', '/v1/user/me', { token }), 401, 'INVALID_TOKEN');
    // The email is free again.
    assert.equal((await signup({ name: 'Back', email: 'leaving@example.se', password: 'hello-again' })).status, 201);
  });
});

describe('logs', () => {
  test('no password, email address or token was ever logged', () => {
    const all = s.logs.join('\n');
    assert.ok(s.logs.length > 10);
    for (const secret of ['correct horse', 'maja@example.se', 'Maja@Example', 'guess-me-not', 'ya29.', 'eyJ']) {
      assert.equal(all.includes(secret), false, `log contains ${secret}`);
    }
  });
});

describe("the original backend's sessions on the local runtime (LEGACY_JWT_SECRET_FILE)", () => {
  let legacy: TestServer;
  const originalKey = 'the original backend secret';
  const keyDir = mkdtempSync(path.join(tmpdir(), 'pp-legacy-'));
  before(async () => {
    writeFileSync(path.join(keyDir, 'original.key'), `${originalKey}\n`, { mode: 0o600 });
    legacy = await startTestServer({ LEGACY_JWT_SECRET_FILE: path.join(keyDir, 'original.key') });
  });
  after(async () => {
    await legacy.close();
    rmSync(keyDir, { recursive: true, force: true });
  });
  const original = (userId: string, email: string, ageSeconds = 600) => {
    const iat = Math.floor(Date.now() / 1000) - ageSeconds;
    return new SignJWT({ user_id: userId, email }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(iat).setExpirationTime(iat + 86400).sign(new TextEncoder().encode(originalKey));
  };

  test('an account keeps its session signed the original way; a deleted account, another key or an old token do not', async () => {
    const up = await call(legacy.url, 'POST', '/v1/auth/signup', { body: { name: 'Old Session', email: 'old.session@example.se', password: 'old session pw' } });
    const userId = JSON.parse(Buffer.from(up.json.data.access_token.split('.')[1], 'base64url').toString()).user_id as string;
    const token = await original(userId, 'old.session@example.se');
    const me = await call(legacy.url, 'GET', '/v1/user/me', { token });
    assert.equal(me.status, 200, JSON.stringify(me.json));
    assert.equal(me.json.data.email, 'old.session@example.se');
    assertError(await call(s.url, 'GET', '/v1/user/me', { token }), 401, 'INVALID_TOKEN', 'Malformed Token');
    assertError(await call(legacy.url, 'GET', '/v1/user/me', { token: await original(userId, 'x', 86400 + 5) }), 401, 'TOKEN_EXPIRED');
    const forged = await new SignJWT({ user_id: userId }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('guessed key'));
    assertError(await call(legacy.url, 'GET', '/v1/user/me', { token: forged }), 401, 'INVALID_TOKEN');
    assert.equal((await call(legacy.url, 'DELETE', '/v1/user/me', { token })).status, 200);
    assertError(await call(legacy.url, 'GET', '/v1/user/me', { token }), 401, 'INVALID_TOKEN');
  });
});
