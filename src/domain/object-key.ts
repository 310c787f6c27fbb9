/**
 * Object keys and prefixes are checked the same way by every Objects adapter: locally they become
 * file paths, so anything that could escape the store's root is refused; on S3 the same rule keeps
 * both runtimes accepting exactly the same keys.
 */
export class InvalidObjectKeyError extends Error {
  constructor(reason: string) {
    super(`invalid object key: ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

function check(key: string, what: 'key' | 'prefix'): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidObjectKeyError(`empty ${what}`);
  if (key.length > 1024) throw new InvalidObjectKeyError(`${what} longer than 1024 characters`);
  if (key.includes('\0')) throw new InvalidObjectKeyError('NUL character');
  if (key.includes('\\')) throw new InvalidObjectKeyError('backslash');
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) throw new InvalidObjectKeyError('absolute path');
  const segments = key.split('/');
  // Dot-names at the top are the local store's bookkeeping (sidecars, temp files).
  if (segments[0]!.startsWith('.')) throw new InvalidObjectKeyError('reserved first segment');
  // A prefix may end with '/', which leaves one empty last segment.
  const inner = what === 'prefix' && key.endsWith('/') ? segments.slice(0, -1) : segments;
  for (const s of inner) {
    if (s === '') throw new InvalidObjectKeyError('empty path segment');
    if (s === '.' || s === '..') throw new InvalidObjectKeyError('relative path segment');
  }
}

/** Throws `InvalidObjectKeyError` unless `key` names one object (no trailing '/'). */
export function checkObjectKey(key: string): void {
  check(key, 'key');
}

/** Throws `InvalidObjectKeyError` unless `prefix` is a non-empty, safe key prefix. */
export function checkObjectPrefix(prefix: string): void {
  check(prefix, 'prefix');
}
