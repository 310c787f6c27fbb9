import type { Clock } from '../../ports/clock.js';
import type { LoginLimiter } from '../../ports/login-limiter.js';

/**
 * Failed-login counters in process memory: a fixed window per key. Enough for one process
 * (the local runtime); the AWS runtime keeps counters in DynamoDB so all instances share them.
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
  return {
    async blockedFor(key) {
      const c = current(key);
      if (!c || c.w.failures < opts.maxFailures(key)) return 0;
      return Math.ceil((c.w.start + opts.windowSeconds * 1000 - c.now) / 1000);
    },
    async recordFailure(key) {
      const c = current(key);
      if (c) c.w.failures += 1;
      else windows.set(key, { start: opts.clock.now().getTime(), failures: 1 });
      if (windows.size > 100_000) windows.clear(); // bound memory under a spray of keys
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function failureLimit(limits: { maxFailuresPerAccount: number; maxFailuresPerClient: number }) {
  return (key: string) => (key.startsWith('account:') ? limits.maxFailuresPerAccount : limits.maxFailuresPerClient);
}
