import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createJwtService } from '../../../src/adapters/crypto/jwt.js';
import { JwtRejected } from '../../../src/ports/session-tokens.js';

const key = new Uint8Array(64).fill(7);
let now = new Date('2026-01-10T12:00:00Z');
const clock = { now: () => now };
const jwt = createJwtService({ key, issuer: 'paypulse-cloud', audience: 'paypulse-ios', ttlSeconds: 86400, clock });

async function rejected(token: string): Promise<string> {
  try {
    await jwt.verify(token);
  } catch (err) {
    assert.ok(err instanceof JwtRejected);
    return err.reason;
  }
  assert.fail('token was accepted');
}

const claims = { user_id: 'user_1', email: 'a@b.se' };
const forge = (alg: string, k: Uint8Array, mutate: (j: SignJWT) => SignJWT = (j) => j) =>
  mutate(
    new SignJWT(claims)
      .setProtectedHeader({ alg })
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 60)
      .setIssuer('paypulse-cloud')
      .setAudience('paypulse-ios'),
  ).sign(k);

test('a signed session verifies and carries user_id, email, iat and exp = iat + 24 h', async () => {
  const token = await jwt.sign({ userId: 'user_1', email: 'a@b.se' });
  assert.deepEqual(await jwt.verify(token), { userId: 'user_1', email: 'a@b.se' });
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  assert.equal(payload.exp - payload.iat, 86400);
  assert.equal(payload.iss, 'paypulse-cloud');
  assert.equal(payload.aud, 'paypulse-ios');
  assert.equal(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg, 'HS256');
});

test('an expired token is "expired"; tampered, alg none, other algorithms, foreign issuer or audience are "malformed"', async () => {
  const token = await jwt.sign({ userId: 'user_1', email: 'a@b.se' });
  const [h, p, s] = token.split('.');
  const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), user_id: 'user_2' })).toString('base64url');
  assert.equal(await rejected(`${h}.${otherPayload}.${s}`), 'malformed');
  assert.equal(await rejected(new UnsecuredJWT(claims).setIssuer('paypulse-cloud').setAudience('paypulse-ios').setExpirationTime('1h').encode()), 'malformed');
  assert.equal(await rejected(await forge('HS512', key)), 'malformed');
  assert.equal(await rejected(await forge('HS256', new Uint8Array(64).fill(8))), 'malformed');
  assert.equal(await rejected(await forge('HS256', key, (j) => j.setAudience('someone-else'))), 'malformed');
  assert.equal(await rejected(await forge('HS256', key, (j) => j.setIssuer('someone-else'))), 'malformed');
  assert.equal(await rejected('not.a.token'), 'malformed');
  assert.equal(await rejected(''), 'malformed');

  now = new Date(now.getTime() + 86401 * 1000);
  assert.equal(await rejected(token), 'expired');
  now = new Date('2026-01-10T12:00:00Z');
});

test('a short signing key is refused at start', () => {
  assert.throws(() => createJwtService({ key: new Uint8Array(16), issuer: 'i', audience: 'a', ttlSeconds: 1, clock }));
});

describe('the original backend sessions during a cut-over window', () => {
  // The original's key is a plain string of its own choosing, often shorter than ours.
  const legacyKey = new TextEncoder().encode('the-original-python-backend-secret');
  const both = createJwtService({ key, issuer: 'paypulse-cloud', audience: 'paypulse-ios', ttlSeconds: 86400, clock, legacyKey });
  const t = () => Math.floor(now.getTime() / 1000);
  /** As PyJWT wrote it: HS256, user_id, email, iat, exp = iat + 24 h, no iss/aud. */
  const original = (opts: { alg?: string; iat?: number; exp?: number; extra?: Record<string, unknown>; signWith?: Uint8Array } = {}) =>
    new SignJWT({ ...claims, ...opts.extra })
      .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' })
      .setIssuedAt(opts.iat ?? t() - 3600)
      .setExpirationTime(opts.exp ?? (opts.iat ?? t() - 3600) + 86400)
      .sign(opts.signWith ?? legacyKey);
  const reason = async (token: string) => {
    try {
      await both.verify(token);
    } catch (err) {
      assert.ok(err instanceof JwtRejected);
      return err.reason;
    }
    return 'accepted';
  };

  test('an original session is accepted with its claims mapped to our user id', async () => {
    assert.deepEqual(await both.verify(await original()), { userId: 'user_1', email: 'a@b.se' });
    assert.equal(await rejected(await original()), 'malformed', 'without the legacy key it is refused');
  });

  test('its own expiry is honoured, and it never lives beyond 24 h after issue', async () => {
    assert.equal(await reason(await original({ iat: t() - 86400 - 5 })), 'expired');
    assert.equal(await reason(await original({ iat: t() - 90000, exp: t() + 3600 })), 'expired', 'a far exp does not stretch it');
    assert.equal(await reason(await original({ iat: t() + 600, exp: t() + 3600 })), 'malformed', 'issued in the future');
  });

  test('nothing else is relaxed: algorithm, signature, required claims, and no issuer or audience', async () => {
    assert.equal(await reason(await original({ alg: 'HS512' })), 'malformed');
    assert.equal(await reason(new UnsecuredJWT(claims).setIssuedAt().setExpirationTime('1h').encode()), 'malformed');
    assert.equal(await reason(await original({ signWith: new TextEncoder().encode('some-other-secret') })), 'malformed');
    assert.equal(await reason(await original({ extra: { user_id: '' } })), 'malformed');
    assert.equal(await reason(await original({ extra: { iss: 'paypulse-cloud' } })), 'malformed');
    assert.equal(await reason(await original({ extra: { aud: 'paypulse-ios' } })), 'malformed');
    const noExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(t()).sign(legacyKey);
    assert.equal(await reason(noExp), 'malformed');
  });

  test('our own sessions are unchanged: signed with our key, an expired one stays "expired"', async () => {
    assert.deepEqual(await both.verify(await both.sign({ userId: 'user_2', email: 'b@c.se' })), { userId: 'user_2', email: 'b@c.se' });
    const old = await both.sign({ userId: 'user_2', email: 'b@c.se' });
    const saved = now;
    now = new Date(now.getTime() + 86400_000 + 1000);
    assert.equal(await reason(old), 'expired');
    now = saved;
    // Our claims signed with the original's key are not our sessions.
    assert.equal(await reason(await forge('HS256', legacyKey)), 'malformed');
  });

  test('a session verified once is still checked against the clock on every later use', async () => {
    const saved = now;
    const token = await original({ iat: t() - 60, exp: t() + 3600 });
    assert.equal(await reason(token), 'accepted');
    assert.equal(await reason(token), 'accepted', 'the remembered verification answers the same');
    now = new Date(saved.getTime() - 120_000);
    assert.equal(await reason(token), 'malformed', 'a clock set back before its iat checks it afresh');
    now = saved;
    assert.equal(await reason(token), 'accepted');
    now = new Date(saved.getTime() + 3600_000);
    assert.equal(await reason(token), 'expired', 'its exp still ends it');
    now = saved;
    const ours = await both.sign({ userId: 'user_3', email: 'c@d.se' });
    assert.equal(await reason(ours), 'accepted');
    now = new Date(saved.getTime() + 86400_000);
    assert.equal(await reason(ours), 'expired', 'ours too: exactly at exp it is over');
    now = saved;
  });

  test('the original key must be a separate, non-empty key', () => {
    assert.throws(() => createJwtService({ key, issuer: 'i', audience: 'a', ttlSeconds: 60, clock, legacyKey: key }), /differ/);
    assert.throws(() => createJwtService({ key, issuer: 'i', audience: 'a', ttlSeconds: 60, clock, legacyKey: new Uint8Array(0) }), /empty/);
  });
});
