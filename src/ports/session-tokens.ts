/** Claims of a PayPulse session token (docs/api.md#authentication): `user_id`, `email`, `iat`, `exp`. */
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

/** Signs and checks session tokens (jose in `adapters/crypto/jwt.ts`). */
export interface JwtService {
  sign(claims: SessionClaims): Promise<string>;
  /**
   * Throws `JwtRejected`. Only HS256 is accepted, with our issuer and audience (docs/compatibility.md#d12),
   * or, during a migration window, a session the original backend signed.
   */
  verify(token: string): Promise<SessionClaims>;
}
