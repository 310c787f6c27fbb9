import type { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Clock } from '../../ports/clock.js';
import { JwtRejected, type JwtService, type SessionClaims } from '../../ports/session-tokens.js';

/** At most this many verified sessions are remembered (a few MB); the oldest goes first. */
const VERIFIED_CACHE_SIZE = 10_000;

/** The original backend's sessions lasted 24 h (docs/api.md#authentication); none of its tokens may be older. */
export const LEGACY_TOKEN_MAX_AGE_SECONDS = 86400;

export function createJwtService(opts: {
  key: Uint8Array;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock: Clock;
  /**
   * The original backend's signing key, only while its sessions are honoured at cut-over. Its
   * tokens (HS256, `user_id`, `email`, `iat`, `exp`, no `iss`/`aud`) are accepted until their
   * own expiry and never beyond 24 h after issue; we never sign with it.
   */
  legacyKey?: Uint8Array;
}): JwtService {
  if (opts.key.byteLength < 32) throw new Error('the JWT signing key must be at least 32 bytes');
  if (opts.legacyKey && opts.legacyKey.byteLength === 0) throw new Error('the legacy JWT key is empty');
  if (opts.legacyKey && Buffer.from(opts.legacyKey).equals(Buffer.from(opts.key))) {
    // One key for both would let our tokens skip the issuer and audience checks.
    throw new Error('the legacy JWT key must differ from the signing key');
  }
  // Imported once: jose would import raw key bytes again on every sign and verify.
  const hmacKey = (raw: Uint8Array) => crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const key = hmacKey(opts.key);
  const legacyKey = opts.legacyKey && hmacKey(opts.legacyKey);
  const now = () => Math.floor(opts.clock.now().getTime() / 1000);
  const claims = (payload: Record<string, unknown>): SessionClaims => {
    if (typeof payload.user_id !== 'string' || payload.user_id === '') throw new JwtRejected('malformed');
    return { userId: payload.user_id, email: typeof payload.email === 'string' ? payload.email : '' };
  };
  const rejected = (err: unknown) =>
    err instanceof JwtRejected ? err : new JwtRejected(err instanceof joseErrors.JWTExpired ? 'expired' : 'malformed');
  // Verified tokens, kept until their expiry: a session is checked by jose (and WebCrypto) once,
  // not on every request. Keyed by the whole token, so only the exact bytes verified hit; a hit
  // still honours the expiry, and the clock running backwards means "check again".
  const verified = new Map<string, { claims: SessionClaims; from: number; until: number }>();
  const remember = (token: string, payload: Record<string, unknown>, until: number): SessionClaims => {
    const result = claims(payload);
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims: result, from: now(), until });
    return result;
  };
  const verifyLegacy = async (token: string, legacyKey: Promise<webcrypto.CryptoKey>): Promise<SessionClaims> => {
    const { payload } = await jwtVerify(token, await legacyKey, {
      algorithms: ['HS256'],
      currentDate: opts.clock.now(),
      requiredClaims: ['exp', 'iat'],
      maxTokenAge: LEGACY_TOKEN_MAX_AGE_SECONDS,
    });
    // The original never set these; a token carrying them is not one of its sessions.
    if (payload.iss !== undefined || payload.aud !== undefined) throw new JwtRejected('malformed');
    return remember(token, payload, Math.min(payload.exp!, payload.iat! + LEGACY_TOKEN_MAX_AGE_SECONDS + 1));
  };
  return {
    async sign({ userId, email }) {
      const iat = now();
      return new SignJWT({ user_id: userId, email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(iat)
        .setExpirationTime(iat + opts.ttlSeconds)
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .sign(await key);
    },
    async verify(token) {
      const hit = verified.get(token);
      if (hit) {
        const t = now();
        if (t >= hit.from && t < hit.until) return hit.claims;
        verified.delete(token);
      }
      let ours: JwtRejected;
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          issuer: opts.issuer,
          audience: opts.audience,
          currentDate: opts.clock.now(),
          requiredClaims: ['exp', 'iat'],
        });
        return remember(token, payload, payload.exp!);
      } catch (err) {
        ours = rejected(err);
      }
      // Our own expired token stays "expired"; only what our key cannot vouch for is tried as the original's.
      if (!legacyKey || ours.reason === 'expired') throw ours;
      try {
        return await verifyLegacy(token, legacyKey);
      } catch (err) {
        throw rejected(err);
      }
    },
  };
}
