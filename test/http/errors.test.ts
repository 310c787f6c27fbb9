import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJwtService } from '../../src/adapters/crypto/jwt.js';
import { guardPort } from '../../src/adapters/guard.js';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { createSqliteUsers, usersSchema } from '../../src/adapters/local/users.js';
import { loadConfig } from '../../src/config.js';
import { AppError, DependencyError, EmailTakenError, errors } from '../../src/domain/errors.js';
import deleteRetailInvoice from '../../src/functions/invoices/delete_retail_invoice.js';
import getInvoices from '../../src/functions/invoices/get_invoices.js';
import { ErrorRegistry, errorReply, errorToResponse } from '../../src/http/errors.js';
import type { HttpRequest } from '../../src/http/types.js';
import { GoogleTokenRejected } from '../../src/ports/google-identity.js';
import type { RetailInvoices } from '../../src/ports/retail-invoices.js';
import { createLogger } from '../../src/runtime/log.js';
import { memoryObjects } from '../support/memory.js';

const reply = (err: unknown, failures = {}) => {
  const { status, code, message } = errorReply(err, failures);
  return [status, code, message];
};

test('the registry resolves the exact class, then the nearest registered ancestor, then the class name', () => {
  class Base extends Error {}
  class Child extends Base {}
  const registry = new ErrorRegistry()
    .register(Base, () => ({ status: 400, code: 'INVALID_REQUEST', message: 'base' }))
    .register(Child, () => ({ status: 404, code: 'NOT_FOUND', message: 'child' }));
  class Grandchild extends Child {}
  assert.equal(registry.resolve(new Base())?.(new Base(), {}).message, 'base');
  assert.equal(registry.resolve(new Grandchild())?.(new Grandchild(), {}).message, 'child');
  // A second copy of a class (another bundle) matches by name.
  const copy = Object.assign(new Error('x'), { name: 'Base' });
  assert.equal(registry.resolve(copy)?.(copy, {}).message, 'base');
  assert.equal(registry.resolve(new Error('other')), undefined);
  assert.equal(registry.resolve('not an error'), undefined);
});

test('typed errors answer their own reply; a failed port call its route message; anything else a bare 500', () => {
  assert.deepEqual(reply(errors.userNotFound()), [404, 'USER_NOT_FOUND', 'User not found']);
  assert.deepEqual(reply(new DependencyError('users.create')), [502, 'DEPENDENCY_FAILURE', 'Database error during signup']);
  assert.deepEqual(reply(new DependencyError('loginLimiter.reserve')), [502, 'DEPENDENCY_FAILURE', 'Database error during login']);
  assert.deepEqual(reply(new DependencyError('users.setLastRetailInvoiceFetch')), [500, 'DATABASE_ERROR', 'Database error']);
  assert.deepEqual(reply(new DependencyError('mailbox.getRaw')), [502, 'DEPENDENCY_FAILURE', 'Gmail API error']);
  assert.deepEqual(reply(new DependencyError('objects.get')), [502, 'DEPENDENCY_FAILURE', 'Error reading invoice storage']);
  assert.deepEqual(reply(new DependencyError('retailInvoices.getBase')), [502, 'DEPENDENCY_FAILURE', 'Database error during invoice retrieval']);
  assert.deepEqual(
    reply(new DependencyError('retailInvoices.getBase'), { retailInvoices: 'Database error during invoice deletion' }),
    [502, 'DEPENDENCY_FAILURE', 'Database error during invoice deletion'],
  );
  assert.deepEqual(reply(new DependencyError('receiptLlm.extract')), [500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error'], 'no route makes this call');
  assert.deepEqual(reply(new TypeError('x is undefined')), [500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error']);
  const limited = errorToResponse(new AppError('TOO_MANY_REQUESTS', 429, 'Too many failed login attempts. Try again later.', { 'Retry-After': '60' }), createLogger({ write: () => {} }));
  assert.deepEqual(limited.headers, { 'Retry-After': '60' });
});

test('a 5xx is logged with the operation and the cause name and message only: no token reaches the log or the answer', () => {
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l) });
  const cause = Object.assign(new Error('Request failed with status code 500'), {
    config: { headers: { Authorization: 'Bearer ya29.secret-token' } },
  });
  const res = errorToResponse(new DependencyError('mailbox.search', cause), log);
  assert.deepEqual(res, { statusCode: 502, body: { error: { code: 'DEPENDENCY_FAILURE', message: 'Gmail API error' } } });
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(line.msg, 'request failed');
  assert.equal(line.operation, 'mailbox.search');
  assert.deepEqual(line.error, { name: 'Error', message: 'Request failed with status code 500' });
  assert.ok(!lines[0]!.includes('ya29'));
});

test('guardPort: port errors pass unchanged, anything else becomes a DependencyError naming the call', async () => {
  const inner = new DependencyError('dynamodb', new Error('throttled'));
  const port = guardPort(
    'users',
    {
      name: 'kept',
      taken: async () => Promise.reject(new EmailTakenError()),
      typed: async () => Promise.reject(errors.userNotFound()),
      declared: async () => Promise.reject(new GoogleTokenRejected(401)),
      sdk: async () => Promise.reject(inner),
      sync: () => {
        throw new Error('sync');
      },
      ok: async (n: number) => n + 1,
      async *list() {
        yield 1;
        throw new Error('page 2 failed');
      },
    },
    [GoogleTokenRejected],
  );
  assert.equal(port.name, 'kept');
  assert.equal(await port.ok(1), 2);
  await assert.rejects(port.taken(), EmailTakenError);
  await assert.rejects(port.typed(), (e) => e instanceof AppError && e.code === 'USER_NOT_FOUND');
  await assert.rejects(port.declared(), GoogleTokenRejected);
  await assert.rejects(port.sdk(), (e) => e instanceof DependencyError && e.operation === 'users.sdk' && e.cause === inner.cause);
  assert.throws(() => port.sync(), (e) => e instanceof DependencyError && e.operation === 'users.sync' && (e.cause as Error).message === 'sync');
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const n of port.list()) seen.push(n);
    })(),
    (e) => e instanceof DependencyError && e.operation === 'users.list',
  );
  assert.deepEqual(seen, [1]);
});

test('the same failed read answers "invoice deletion" on the delete route and "invoice retrieval" on the list route', async () => {
  const clock = { now: () => new Date() };
  const users = createSqliteUsers(openMemoryDatabase([usersSchema]));
  await users.create({ userId: 'user_1', email: 'a@b.se', name: 'A', passwordHash: 'x', createdOn: '2026-01-01', createdAt: '00:00:00' });
  const jwt = createJwtService({ key: new Uint8Array(32).fill(1), issuer: 'i', audience: 'a', ttlSeconds: 60, clock });
  const down = guardPort('retailInvoices', {
    getBase: () => Promise.reject(new Error('table gone')),
    listForUser: () => Promise.reject(new Error('table gone')),
  } as unknown as RetailInvoices);
  const deps = { config: loadConfig({}), users, jwt, retailInvoices: down, objects: memoryObjects(), log: createLogger({ write: () => {} }) };
  const token = await jwt.sign({ userId: 'user_1', email: 'a@b.se' });
  const req = (method: string, path: string, pathParameters: Record<string, string>): HttpRequest => ({
    method,
    path,
    pathParameters,
    query: {},
    headers: { authorization: `Bearer ${token}` },
    isBase64Encoded: false,
    sourceIp: '127.0.0.1',
  });
  const del = await deleteRetailInvoice.http!(req('DELETE', '/v1/invoices/retail/r1', { invoice_id: 'r1' }), deps as never);
  assert.deepEqual([del.statusCode, del.body], [502, { error: { code: 'DEPENDENCY_FAILURE', message: 'Database error during invoice deletion' } }]);
  const list = await getInvoices.http!(req('GET', '/v1/invoices/retail', { type: 'retail' }), deps as never);
  assert.deepEqual([list.statusCode, list.body], [502, { error: { code: 'DEPENDENCY_FAILURE', message: 'Database error during invoice retrieval' } }]);
});
