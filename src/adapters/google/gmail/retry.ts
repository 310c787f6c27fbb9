import { header, isRetryable, retryAfterMs, type HttpishError } from './failures.js';

export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
  random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryAfterMs?: number };

/**
 * After failed attempt number `attempt` (from 1): exponential backoff with jitter, never shorter
 * than the server's `Retry-After`; no retry for a failure that will not clear, after the last
 * attempt, or when the server asks for a longer wait than the caller can afford.
 */
export function retryDecision(policy: RetryPolicy, attempt: number, failure: HttpishError): RetryDecision {
  if (!isRetryable(failure) || attempt >= policy.maxAttempts) return { retry: false };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + policy.random() * (backoff / 2);
  const after = retryAfterMs(header(failure.response?.headers, 'retry-after'));
  if (after !== undefined && after > policy.maxRetryAfterMs) return { retry: false, retryAfterMs: after };
  return { retry: true, delayMs: Math.max(jittered, after ?? 0) };
}
