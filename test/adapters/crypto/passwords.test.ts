import assert from 'node:assert/strict';
import { test } from 'node:test';
import bcrypt from 'bcryptjs';
import { createPasswordHasher } from '../../../src/adapters/crypto/passwords.js';

const hasher = createPasswordHasher(4);

test('hashes made by the original (OpenBSD/Python bcrypt vectors, $2a/$2b/$2y) verify', async () => {
  // Published OpenBSD bcrypt test vectors; Python's bcrypt produces the same hashes.
  const vectors: [string, string][] = [
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK'],
  ];
  for (const [password, hash] of vectors) {
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const h = hash.replace('$2a$', prefix);
      assert.equal(await hasher.verify(password, h), true, `${prefix} ${password}`);
      assert.equal(await hasher.verify(`${password}x`, h), false);
    }
  }
});

test('new hashes are bcrypt with the configured cost and verify', async () => {
  const hash = await hasher.hash('correct horse battery');
  assert.match(hash, /^\$2[ab]\$04\$/);
  assert.equal(await hasher.verify('correct horse battery', hash), true);
  assert.equal(await hasher.verify('correct horse batterY', hash), false);
});

test('passwords longer than 72 bytes count in full', async () => {
  const base = 'å'.repeat(40); // 80 bytes
  const hash = await hasher.hash(`${base}1`);
  assert.equal(await hasher.verify(`${base}1`, hash), true);
  assert.equal(await hasher.verify(`${base}2`, hash), false, 'a difference after byte 72 must matter');
});

test('a long password hashed raw by the original (truncated at 72 bytes) still verifies', async () => {
  const long = 'x'.repeat(100);
  const legacy = bcrypt.hashSync(long, 4);
  assert.equal(await hasher.verify(long, legacy), true);
});

test('a stored value that is not a bcrypt hash never verifies', async () => {
  assert.equal(await hasher.verify('anything', 'plaintext'), false);
  assert.equal(await hasher.verify('anything', ''), false);
});

test('an unknown email costs the same bcrypt work as a wrong password, also for passwords over 72 bytes (D1 timing)', async () => {
  const stored = await hasher.hash('correct horse battery');
  const original = bcrypt.compare;
  let compares = 0;
  (bcrypt as { compare: unknown }).compare = (...args: Parameters<typeof original>) => (compares++, original(...args));
  try {
    for (const password of ['wrong password', 'x'.repeat(100), 'å'.repeat(40)]) {
      compares = 0;
      assert.equal(await hasher.verify(password, stored), false);
      const wrongPassword = compares;
      compares = 0;
      await hasher.burn(password);
      assert.equal(compares, wrongPassword, `${password.length} characters: burn must match verify`);
    }
  } finally {
    (bcrypt as { compare: unknown }).compare = original;
  }
});
