/** Password hashes as the original stored them (bcrypt in `adapters/crypto/passwords.ts`). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Spends the same time as a verify, for logins with an unknown email (docs/compatibility.md#d1). */
  burn(password: string): Promise<void>;
}
