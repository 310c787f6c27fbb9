import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PasswordHasher } from '../../ports/passwords.js';

/**
 * bcrypt, compatible with the original's Python hashes (`$2a$`, `$2b$`, `$2y$`). bcrypt reads only
 * the first 72 bytes; longer passwords are first reduced with SHA-256 so that every character
 * counts. Hashes made by the original from long passwords (which it truncated) still verify.
 */
const BCRYPT_MAX_BYTES = 72;

function prepared(password: string): string {
  if (Buffer.byteLength(password, 'utf8') <= BCRYPT_MAX_BYTES) return password;
  return createHash('sha256').update(password, 'utf8').digest('base64');
}

export function createPasswordHasher(cost: number): PasswordHasher {
  // A real hash of the same cost, so `burn` costs what a real verify costs.
  const dummy = bcrypt.hashSync('paypulse-timing-equaliser', cost);
  return {
    hash: (password) => bcrypt.hash(prepared(password), cost),
    async verify(password, hash) {
      if (!/^\$2[aby]\$\d\d\$/.test(hash)) return false;
      if (await bcrypt.compare(prepared(password), hash)) return true;
      // Legacy: the original hashed long passwords raw (bcrypt truncated them).
      return Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES && bcrypt.compare(password, hash);
    },
    async burn(password) {
      // The same compares a wrong password costs, the legacy second one included: otherwise a
      // long password would tell known emails from unknown ones by the time it takes.
      await bcrypt.compare(prepared(password), dummy);
      if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) await bcrypt.compare(password, dummy);
    },
  };
}
