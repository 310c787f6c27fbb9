/**
 * Counts failed logins per key (an account or a client address) in a sliding window, so that
 * password guessing is slowed down (ASVS 2.2.1).
 */
export interface LoginLimiter {
  /** Seconds until the key may try again, or 0 if it may try now. */
  blockedFor(key: string): Promise<number>;
  recordFailure(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}
