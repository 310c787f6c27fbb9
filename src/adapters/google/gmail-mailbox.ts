/**
 * The Mailbox port over the Gmail API with the user's stored OAuth tokens (docs/flows.md#gmail-access). The
 * pieces live in `gmail/`: per-user OAuth and Gmail clients with token refresh (`sessions.ts`),
 * the quota window (`quota.ts`), retries (`retry.ts`), paging (`pages.ts`).
 *
 * - Calls are bounded per user (concurrency, and Gmail's per-user quota of 250 units/s as a
 *   moving average over a trailing window, 5 units per list/get) and retried on 429, rate-limit
 *   403s, 5xx and timeouts with exponential backoff, jitter and `Retry-After` (docs/compatibility.md#d15).
 * - Token failures are the spec's typed errors; any other failure is a failed mailbox call.
 */
import type { Config } from '../../config.js';
import { Semaphore } from '../../domain/concurrency.js';
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Mailbox } from '../../ports/mailbox.js';
import type { TokenVault } from '../../ports/token-vault.js';
import type { Logger } from '../../ports/log.js';
import { guardPort } from '../guard.js';
import { gmailReasons, oauthError, statusOf, type HttpishError } from './gmail/failures.js';
import { allPages } from './gmail/pages.js';
import { QuotaWindow } from './gmail/quota.js';
import { retryDecision, type RetryPolicy } from './gmail/retry.js';
import { gmailSessions } from './gmail/sessions.js';

export interface GmailLimits extends RetryPolicy {
  /**
   * Simultaneous Gmail calls per user. The quota window bounds the units whatever this is; this sets
   * how fast a burst within the window goes (Gmail also limits concurrent requests per user, by an
   * unpublished number: a 429 then is retried).
   */
  maxConcurrency: number;
  /** Gmail per-user quota (units per second). */
  quotaUnitsPerSecond: number;
  /**
   * Gmail enforces the per-user quota as a moving average that allows short bursts: the units
   * spent in any trailing window of this many seconds stay within `quotaUnitsPerSecond` times it.
   */
  quotaWindowSeconds: number;
  requestTimeoutMs: number;
  /** `maxResults` of each list page (Gmail allows up to 500). */
  pageSize: number;
  /** Tokens read from the vault are reused by `getRaw` for this long before re-reading. */
  tokenCacheMs: number;
  /** Users whose clients are kept; the least recently used beyond this are dropped. */
  maxCachedUsers: number;
  /** Waits between retries (tests record them); default a real timer. */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_GMAIL_LIMITS: GmailLimits = {
  maxConcurrency: 16,
  quotaUnitsPerSecond: 250,
  quotaWindowSeconds: 10,
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  requestTimeoutMs: 20_000,
  pageSize: 500,
  tokenCacheMs: 60_000,
  maxCachedUsers: 1_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

/** Gmail quota units per method (Gmail API usage limits). */
const UNITS = { list: 5, get: 5 } as const;

export function createGmailMailbox(opts: {
  config: Config;
  tokens: TokenVault;
  clock: Clock;
  log: Logger;
  limits?: Partial<GmailLimits>;
}): Mailbox {
  const log = opts.log.child({ component: 'gmail-mailbox' });
  const limits: GmailLimits = { ...DEFAULT_GMAIL_LIMITS, ...opts.limits };
  const tokenUrl = opts.config.google.tokenUrl;
  const sessions = gmailSessions({
    config: opts.config,
    vault: opts.tokens,
    clock: opts.clock,
    log,
    tokenCacheMs: limits.tokenCacheMs,
    maxCachedUsers: limits.maxCachedUsers,
    perUser: () => ({
      gate: new Semaphore(limits.maxConcurrency),
      quota: new QuotaWindow(limits.quotaUnitsPerSecond, limits.quotaWindowSeconds),
    }),
  });
  type Session = Awaited<ReturnType<typeof sessions.ready>>;

  /** One Gmail call with quota, concurrency, retries; a rejected access token gets one refresh. */
  async function call<T>(userId: string, s: Session, units: number, what: string, fn: () => Promise<T>): Promise<T> {
    let refreshedForAuth = false;
    for (let attempt = 1; ; attempt++) {
      let failure: HttpishError;
      try {
        return await s.perUser.gate.run(async () => {
          const done = await s.perUser.quota.take(units);
          try {
            return await fn();
          } finally {
            done();
          }
        });
      } catch (err) {
        if (err instanceof AppError) throw err;
        failure = err as HttpishError;
      }
      const status = statusOf(failure);
      const url = String(failure.config?.url ?? '');
      // A refresh the library started on its own failed inside the call.
      if (oauthError(failure) || (url && url.startsWith(tokenUrl))) throw await sessions.refreshFailure(userId, failure);
      if (status === 401 && !refreshedForAuth) {
        refreshedForAuth = true;
        await sessions.refresh(userId, s);
        attempt--;
        continue;
      }
      const next = retryDecision(limits, attempt, failure);
      if (!next.retry) {
        if (next.retryAfterMs !== undefined) log.error('gmail asked to wait too long', { userId, what, status, retryAfterMs: next.retryAfterMs });
        else log.error('gmail call failed', { userId, what, status, attempts: attempt, reason: gmailReasons(failure)[0] ?? failure.code });
        throw failure;
      }
      log.warn('gmail call retried', { userId, what, status, attempt, delayMs: Math.round(next.delayMs) });
      await limits.sleep(next.delayMs);
    }
  }

  const requestOptions = () => ({ retry: false, timeout: limits.requestTimeoutMs });

  return guardPort('mailbox', {
    async search(userId: string, query: string) {
      const s = await sessions.ready(userId, true);
      return allPages(async (pageToken) => {
        const page = await call(userId, s, UNITS.list, 'messages.list', () =>
          s.api.users.messages.list({ userId: 'me', q: query, maxResults: limits.pageSize, ...(pageToken ? { pageToken } : {}) }, requestOptions()),
        );
        return { ids: (page.data.messages ?? []).map((m) => m.id), next: page.data.nextPageToken };
      });
    },

    async getRaw(userId: string, messageId: string) {
      const s = await sessions.ready(userId, false);
      const res = await call(userId, s, UNITS.get, 'messages.get', () =>
        s.api.users.messages.get({ userId: 'me', id: messageId, format: 'raw' }, requestOptions()),
      );
      const raw = res.data.raw;
      if (typeof raw !== 'string') throw new Error('message without raw');
      return new Uint8Array(Buffer.from(raw, 'base64url'));
    },
  });
}
