import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { JwtRejected, createJwtService } from '../../../src/app/auth/jwt.js';

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
