import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a key from `<dataDir>/keys/<name>.key`, generating it on first start. The file is
 * readable by its owner only; `wx` makes two processes starting at once agree on one key.
 */
export function loadOrCreateKey(dataDir: string, name: string, bytes = 32): Buffer {
  const dir = path.join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${name}.key`);
  try {
    writeFileSync(file, randomBytes(bytes).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < bytes) throw new Error(`key file ${file} is shorter than ${bytes} bytes`);
  return key;
}

/**
 * The original backend's JWT key from a file: its text, as the original used it (one final line
 * break, which editors add, is not part of it).
 */
export function readLegacyKeyFile(file: string): Uint8Array {
  const text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (text === '') throw new Error(`legacy JWT key file ${file} is empty`);
  return new TextEncoder().encode(text);
}
