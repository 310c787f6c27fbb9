import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { GmailTokens, TokenVault } from '../../ports/token-vault.js';
import { guardPort } from '../guard.js';

/**
 * Gmail tokens in one file, each user's entry sealed with AES-256-GCM (the user id is the
 * additional data, so entries cannot be swapped between users). The file never holds a token
 * in clear; it is rewritten atomically (temp file + rename) and writes are serialised.
 */
const TAG = 16;

export function createTokenFile(opts: { file: string; key: Buffer }): TokenVault {
  if (opts.key.length !== 32) throw new Error('the token file key must be 32 bytes');
  let entries: Record<string, string> = existsSync(opts.file)
    ? (JSON.parse(readFileSync(opts.file, 'utf8')) as { entries: Record<string, string> }).entries
    : {};
  let queue: Promise<void> = Promise.resolve();

  const seal = (userId: string, tokens: GmailTokens) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', opts.key, iv, { authTagLength: TAG }).setAAD(Buffer.from(userId));
    const ct = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
  };
  const open = (userId: string, sealed: string): GmailTokens => {
    const buf = Buffer.from(sealed, 'base64');
    // The tag length is pinned, so a shortened tag (easier to forge) is refused.
    const decipher = createDecipheriv('aes-256-gcm', opts.key, buf.subarray(0, 12), { authTagLength: TAG }).setAAD(Buffer.from(userId));
    decipher.setAuthTag(buf.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8'));
  };
  const write = (change: (e: Record<string, string>) => Record<string, string>) => {
    const next = (queue = queue.then(() => {
      const updated = change({ ...entries });
      const tmp = `${opts.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries: updated }), { mode: 0o600 });
      renameSync(tmp, opts.file);
      entries = updated;
    }));
    return next;
  };

  return guardPort('tokens', {
    async get(userId) {
      const sealed = entries[userId];
      return sealed === undefined ? undefined : open(userId, sealed);
    },
    put: (userId, tokens) => write((e) => ({ ...e, [userId]: seal(userId, tokens) })),
    delete: (userId) =>
      write((e) => {
        delete e[userId];
        return e;
      }),
  });
}
