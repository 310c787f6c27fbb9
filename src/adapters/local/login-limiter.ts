import type { Clock } from '../../ports/clock.js';
import type { LoginLimiter } from '../../ports/login-limiter.js';
import { guardPort } from '../guard.js';

const MAX_KEYS = 100_000;

/**
 * Login attempt counters in process memory: a fixed window per key. Enough for one process
 * (the local runtime); the AWS runtime keeps counters in DynamoDB so all instances share them.
 * Each method runs without an await, so reserve-and-check is atomic within the process.
 */
export function createMemoryLoginLimiter(opts: {
  clock: Clock;
  windowSeconds: number;
  /** The allowed failures for a key, by its prefix (`account:`, `client:`). */
  maxFailures: (key: string) => number;
}): LoginLimiter {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (key: string) => {
    const now = opts.clock.now().getTime();
    const w = windows.get(key);
    if (!w || now - w.start >= opts.windowSeconds * 1000) return undefined;
    return { w, now };
  };
  /**
   * Bounds memory under a spray of keys: ended windows go first, then the oldest that block no
   * one yet. A lock in force is never dropped, or fresh keys (new client addresses) would lift it.
   */
  const prune = () => {
    const now = opts.clock.now().getTime();
    for (const [k, w] of windows) if (now - w.start >= opts.windowSeconds * 1000) windows.delete(k);
    for (const [k, w] of windows) {
      if (windows.size <= MAX_KEYS * 0.9) break;
      if (w.failures < opts.maxFailures(k)) windows.delete(k);
    }
  };
  return guardPort('loginLimiter', {
    async reserve(key) {
      const c = current(key);
      if (c && c.w.failures >= opts.maxFailures(key)) return Math.ceil((c.w.start + opts.windowSeconds * 1000 - c.now) / 1000);
      if (c) c.w.failures += 1;
      else windows.set(key, { start: opts.clock.now().getTime(), failures: 1 });
      if (windows.size > MAX_KEYS) prune();
      return 0;
    },
    async release(key) {
      const c = current(key);
      if (c && c.w.failures > 0) c.w.failures -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
  });
}

export function failureLimit(limits: { maxFailuresPerAccount: number; maxFailuresPerClient: number }) {
  return (key: string) => (key.startsWith('account:') ? limits.maxFailuresPerAccount : limits.maxFailuresPerClient);
}
