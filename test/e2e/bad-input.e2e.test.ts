import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { httpTriggers } from '../../src/runtime/manifest.js';
import { decode, ios } from '../support/ios.js';
import { call, startTestServer, type TestServer } from '../support/local-server.js';

/**
 * DECISIONS D17 across every HTTP route of the manifest: malformed input of any kind gets a 4xx
 * in the error envelope (or a normal answer), never a 5xx, and the server keeps serving.
 */
let s: TestServer;
let token: string;
before(async () => {
  s = await startTestServer({ PAYPULSE_MAILBOX: 'folder' });
  const r = await call(s.url, 'POST', '/v1/auth/signup', { body: { name: 'Fuzz', email: 'fuzz@example.se', password: 'fuzzing-pass' } });
  token = r.json.data.access_token;
});
after(() => s.close());

const PATH_VALUES = ['x', '..', '%2e%2e%2f%2e%2e', 'a'.repeat(3000), '%00', '%F0%9F%98%80', 'retail_invoice_' + 'f'.repeat(40), '%25', "'; DROP TABLE users;--"];
const BODIES: { body?: string; type?: string }[] = [
  {},
  { body: '', type: 'application/json' },
  { body: 'not json', type: 'application/json' },
  { body: '[]', type: 'application/json' },
  { body: '"text"', type: 'application/json' },
  { body: 'null', type: 'application/json' },
  { body: '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', type: 'application/json' },
  { body: JSON.stringify({ start_date: '2025-02-30', end_date: 'yesterday', vendor_category: { x: 1 }, access_token: ['a'], email: 7, password: null }), type: 'application/json' },
  { body: JSON.stringify({ start_date: '2025-01-01' }), type: 'application/json' },
  { body: 'access_token=&scope[]=&scope[][]=x&a[b][c]=d&%ZZ=1', type: 'application/x-www-form-urlencoded' },
  { body: '\u0000\u0001\u0002', type: 'text/plain' },
  { body: '{"email":"a@b.se","password":"x"}', type: 'application/xml' },
];
const QUERIES = ['', '?subtype=nope', '?invoice-id=x', '?counts=true&invoice-id=x', '?counts=maybe', '?subtype=food-delivery&invoice-id=' + 'z'.repeat(3000), '?subtype=travel&subtype=grocery', '?subtype=%00'];

function fill(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, value);
}

test('no route answers a 5xx to malformed input, with or without a valid token', async () => {
  let calls = 0;
  for (const { trigger } of httpTriggers()) {
    if (trigger.method === 'DELETE' && trigger.path === '/v1/user/me') continue; // would end the session under test
    const paths = trigger.path.includes('{') ? PATH_VALUES.map((v) => fill(trigger.path, v)) : [trigger.path];
    const queries = trigger.method === 'GET' ? QUERIES : [''];
    for (const p of paths) {
      for (const q of queries) {
        for (const b of trigger.method === 'GET' || trigger.method === 'DELETE' ? [{}] : BODIES) {
          for (const auth of [token, undefined, 'Bearer', 'Basic abc', `Bearer ${token}x`]) {
            const headers: Record<string, string> = {};
            if (b.type) headers['content-type'] = b.type;
            if (auth === token) headers.authorization = `Bearer ${token}`;
            else if (auth !== undefined) headers.authorization = auth;
            const r = await call(s.url, trigger.method, p + q, { headers, ...(b.body !== undefined ? { body: b.body } : {}) });
            calls++;
            const where = `${trigger.method} ${p.slice(0, 80)}${q.slice(0, 60)} body=${(b.body ?? '').slice(0, 40)} auth=${String(auth).slice(0, 12)}`;
            assert.ok(r.status < 500, `${where} → ${r.status} ${r.text.slice(0, 200)}`);
            if (r.status >= 400) decode(r.json, ios.ErrorEnvelope);
            if (r.status === 204) assert.equal(r.text, '', where);
          }
        }
      }
    }
  }
  assert.ok(calls > 500, `only ${calls} calls`);
  // Still serving, and the account is intact.
  assert.equal((await call(s.url, 'GET', '/v1/user/me', { token })).status, 200);
});
