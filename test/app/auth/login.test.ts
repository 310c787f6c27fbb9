import assert from 'node:assert/strict';
import { test } from 'node:test';
import { login } from '../../../src/app/auth/login.js';
import { createJwtService } from '../../../src/adapters/crypto/jwt.js';
import { createPasswordHasher } from '../../../src/adapters/crypto/passwords.js';
import { createMemoryLoginLimiter } from '../../../src/adapters/local/login-limiter.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { createSqliteUsers, usersSchema } from '../../../src/adapters/local/users.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { guardPort } from '../../../src/adapters/guard.js';
import { answers } from '../../support/failures.js';

test('an unknown email costs one bcrypt comparison, like a wrong password (D1)', async () => {
  const real = createPasswordHasher(4);
  const calls: string[] = [];
  const passwords = {
    hash: real.hash,
    verify: async (p: string, h: string) => (calls.push('verify'), real.verify(p, h)),
    burn: async (p: string) => (calls.push('burn'), real.burn(p)),
  };
  const clock = { now: () => new Date() };
  const users = createSqliteUsers(openMemoryDatabase([usersSchema]));
  await users.create({ userId: 'user_1', email: 'a@b.se', name: 'A', passwordHash: await real.hash('right-pass'), createdOn: '2025-01-01', createdAt: '00:00:00.000000' });
  const deps: Parameters<typeof login>[0] = {
    users,
    passwords,
    log: silentLogger,
    loginLimiter: createMemoryLoginLimiter({ clock, windowSeconds: 60, maxFailures: () => 100 }),
    jwt: createJwtService({ key: new Uint8Array(32).fill(1), issuer: 'i', audience: 'a', ttlSeconds: 60, clock }),
  };

  const fail = (email: string, password: string) =>
    assert.rejects(login(deps, { email, password, clientAddress: '127.0.0.1' }), { code: 'INVALID_CREDENTIALS', status: 401, message: 'Invalid Credentials' });
  await fail('nobody@b.se', 'right-pass');
  assert.deepEqual(calls, ['burn']);
  calls.length = 0;
  await fail('a@b.se', 'wrong-pass');
  assert.deepEqual(calls, ['verify']);
  const ok = await login(deps, { email: 'A@B.se', password: 'right-pass', clientAddress: '127.0.0.1' });
  assert.equal(ok.username, 'A');
});

test('failures from one client address are limited across accounts', async () => {
  let now = new Date('2025-01-01T00:00:00Z');
  const limiter = createMemoryLoginLimiter({
    clock: { now: () => now },
    windowSeconds: 60,
    maxFailures: (k) => (k.startsWith('client:') ? 3 : 100),
  });
  for (let i = 0; i < 3; i++) assert.equal(await limiter.reserve('client:10.0.0.1'), 0);
  assert.equal(await limiter.reserve('client:10.0.0.1'), 60);
  assert.equal(await limiter.reserve('client:10.0.0.2'), 0);
  now = new Date('2025-01-01T00:01:00Z');
  assert.equal(await limiter.reserve('client:10.0.0.1'), 0, 'the window expires');
});

test('a failing limiter store answers 502 DEPENDENCY_FAILURE, not 500', async () => {
  const clock = { now: () => new Date() };
  const deps: Parameters<typeof login>[0] = {
    users: createSqliteUsers(openMemoryDatabase([usersSchema])),
    passwords: createPasswordHasher(4),
    log: silentLogger,
    loginLimiter: guardPort('loginLimiter', { reserve: async () => Promise.reject(new Error('table gone')), release: async () => {}, reset: async () => {} }),
    jwt: createJwtService({ key: new Uint8Array(32).fill(1), issuer: 'i', audience: 'a', ttlSeconds: 60, clock }),
  };
  await assert.rejects(
    login(deps, { email: 'a@b.se', password: 'x', clientAddress: '::1' }),
    answers({ code: 'DEPENDENCY_FAILURE', status: 502, message: 'Database error during login' }),
  );
});

test('successful logins give their reservation back: they never use up the client limit', async () => {
  const clock = { now: () => new Date('2025-01-01T00:00:00Z') };
  const passwords = createPasswordHasher(4);
  const users = createSqliteUsers(openMemoryDatabase([usersSchema]));
  await users.create({ userId: 'user_1', email: 'a@b.se', name: 'A', passwordHash: await passwords.hash('right-pass'), createdOn: '2025-01-01', createdAt: '00:00:00.000000' });
  const loginLimiter = createMemoryLoginLimiter({ clock, windowSeconds: 60, maxFailures: (k) => (k.startsWith('client:') ? 2 : 1) });
  const deps: Parameters<typeof login>[0] = {
    users,
    passwords,
    log: silentLogger,
    loginLimiter,
    jwt: createJwtService({ key: new Uint8Array(32).fill(1), issuer: 'i', audience: 'a', ttlSeconds: 60, clock }),
  };
  for (let i = 0; i < 5; i++) await login(deps, { email: 'a@b.se', password: 'right-pass', clientAddress: '::1' });
  // A 429 on one key gives back what the other reserved: the blocked account costs the client nothing.
  await assert.rejects(login(deps, { email: 'a@b.se', password: 'wrong', clientAddress: '::1' }), { status: 401 });
  for (let i = 0; i < 3; i++) await assert.rejects(login(deps, { email: 'a@b.se', password: 'x', clientAddress: '::1' }), { status: 429 });
  assert.equal(await loginLimiter.reserve('client:::1'), 0, 'one failure counted for the client, not four');
  assert.ok((await loginLimiter.reserve('client:::1')) > 0);
});
