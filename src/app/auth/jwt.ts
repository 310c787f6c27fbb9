import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Clock } from '../../ports/clock.js';

/** Claims of a PayPulse session token (API.md §0.2): `user_id`, `email`, `iat`, `exp`. */
export interface SessionClaims {
  userId: string;
  email: string;
}

export type JwtFailure = 'malformed' | 'expired';

export class JwtRejected extends Error {
  constructor(readonly reason: JwtFailure) {
    super(`token ${reason}`);
    this.name = 'JwtRejected';
  }
}

export interface JwtService {
  sign(claims: SessionClaims): Promise<string>;
  /** Throws `JwtRejected`. Only HS256 is accepted, with our issuer and audience (DECISIONS D12). */
  verify(token: string): Promise<SessionClaims>;
}

export function createJwtService(opts: {
  key: Uint8Array;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  clock: Clock;
}): JwtService {
  if (opts.key.byteLength < 32) throw new Error('the JWT signing key must be at least 32 bytes');
  const now = () => Math.floor(opts.clock.now().getTime() / 1000);
  return {
    async sign({ userId, email }) {
      const iat = now();
      return new SignJWT({ user_id: userId, email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(iat)
        .setExpirationTime(iat + opts.ttlSeconds)
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .sign(opts.key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, opts.key, {
          algorithms: ['HS256'],
          issuer: opts.issuer,
          audience: opts.audience,
          currentDate: opts.clock.now(),
          requiredClaims: ['exp', 'iat'],
        });
        if (typeof payload.user_id !== 'string' || payload.user_id === '') throw new JwtRejected('malformed');
        return { userId: payload.user_id, email: typeof payload.email === 'string' ? payload.email : '' };
      } catch (err) {
        if (err instanceof JwtRejected) throw err;
        if (err instanceof joseErrors.JWTExpired) throw new JwtRejected('expired');
        throw new JwtRejected('malformed');
      }
    },
  };
}
