/**
 * Counts login attempts per key (an account or a client address) in a fixed window, so that
 * password guessing is slowed down (ASVS 2.2.1). Reserving and checking are one atomic step:
 * concurrent attempts can never get past the limit between a check and a count.
 */
export interface LoginLimiter {
  /**
   * Counts one attempt for the key if it is below its limit and returns 0; otherwise counts
   * nothing and returns the seconds until the key may try again. A counted attempt stays counted
   * as a failure unless it is given back with `release` or `reset`.
   */
  reserve(key: string): Promise<number>;
  /** Gives back one attempt counted by `reserve` (it succeeded, or was never tried). */
  release(key: string): Promise<void>;
  /** Forgets every attempt of the key. */
  reset(key: string): Promise<void>;
}
