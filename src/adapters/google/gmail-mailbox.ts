/**
 * The Mailbox port over the Gmail API with the user's stored OAuth tokens (docs/flows.md#gmail-access).
 *
 * - Tokens come from the vault; they are refreshed (refresh-token grant, no client secret) when
 *   less than 5 minutes remain, and the refreshed JSON is written back (docs/data-model.md#secrets).
 * - Revoked/expired grants delete the stored tokens and ask for a reconnect; other refresh
 *   failures are `OAuth token error` (docs/api.md#rental-back-fill).
 * - Calls are bounded per user (concurrency, and Gmail's per-user quota of 250 units/s as a
 *   moving average over a trailing window, 5 units per list/get) and retried on 429, rate-limit 403s, 5xx and timeouts with exponential backoff,
 *   jitter and `Retry-After` (docs/compatibility.md#d15).
 * - One OAuth client and one Gmail client per user per process.
 *
 * The OAuth client comes from `@googleapis/gmail`'s `auth.OAuth2`: the top-level
 * `google-auth-library` is a different copy whose OAuth2Client type `gmail()` does not accept.
 */
import { auth, gmail, type gmail_v1 } from '@googleapis/gmail';
import type { Config } from '../../config.js';
import { AppError, errors } from '../../domain/errors.js';
import { naiveUtcIso, parseUtcIso } from '../../domain/time.js';
import type { Clock } from '../../ports/clock.js';
import type { Mailbox } from '../../ports/mailbox.js';
import type { GmailTokens, TokenVault } from '../../ports/token-vault.js';
import type { Logger } from '../../ports/log.js';

type OAuth2Client = InstanceType<typeof auth.OAuth2>;

export interface GmailLimits {
  /** Simultaneous Gmail calls per user. */
  maxConcurrency: number;
  /** Gmail per-user quota (units per second). */
  quotaUnitsPerSecond: number;
  /**
   * Gmail enforces the per-user quota as a moving average that allows short bursts: the units
   * spent in any trailing window of this many seconds stay within `quotaUnitsPerSecond` times it.
   */
  quotaWindowSeconds: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
  requestTimeoutMs: number;
  /** `maxResults` of each list page (Gmail allows up to 500). */
  pageSize: number;
  /** Tokens read from the vault are reused by `getRaw` for this long before re-reading. */
  tokenCacheMs: number;
  /** Users whose clients are kept; the least recently used beyond this are dropped. */
  maxCachedUsers: number;
  /** Waits between retries (tests record them); default a real timer. */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_GMAIL_LIMITS: GmailLimits = {
  maxConcurrency: 12,
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
const REFRESH_MARGIN_MS = 5 * 60_000;
const RETRY_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Limits simultaneous work. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Keeps Gmail's per-user quota: the units of calls that reach Google within any rolling second
 * stay at or below the budget (stricter than Gmail's moving average, so bursts never trip it).
 * A call's units stay in the window until one second after it *finished*: Google counts a call
 * somewhere between our send and its answer, so this holds whatever the network delay.
 * Callers are served in arrival order.
 */
export class QuotaWindow {
  private readonly spent: { units: number; doneAt: number }[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private readonly windowMs: number;
  private readonly budget: number;
  constructor(unitsPerSecond: number, windowSeconds = 1, private readonly now: () => number = () => performance.now()) {
    this.windowMs = windowSeconds * 1000;
    this.budget = unitsPerSecond * windowSeconds;
  }

  /** Waits for room, reserves `units`; call the returned function when the call has finished. */
  take(units: number): Promise<() => void> {
    const turn = this.tail.then(() => this.acquire(Math.min(units, this.budget)));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(units: number): Promise<() => void> {
    for (;;) {
      const now = this.now();
      for (let i = this.spent.length - 1; i >= 0; i--) if (now - this.spent[i]!.doneAt >= this.windowMs) this.spent.splice(i, 1);
      const used = this.spent.reduce((sum, e) => sum + e.units, 0);
      if (used + units <= this.budget) {
        const entry = { units, doneAt: Infinity };
        this.spent.push(entry);
        return () => {
          entry.doneAt = this.now();
        };
      }
      // Sleep until the earliest finished call leaves the window (or briefly, while all are running).
      const leaves = Math.min(...this.spent.map((e) => e.doneAt + this.windowMs));
      await realSleep(Number.isFinite(leaves) ? Math.max(1, Math.ceil(leaves - now)) : 5);
    }
  }
}

interface Session {
  oauth: OAuth2Client;
  api: gmail_v1.Gmail;
  tokens?: GmailTokens;
  loadedAt: number;
  refreshing?: Promise<void>;
  /** Set by the `tokens` listener; awaited so a refresh is stored before work goes on. */
  persisting?: Promise<void>;
  gate: Semaphore;
  quota: QuotaWindow;
}

interface HttpishError {
  code?: string | number;
  message?: string;
  name?: string;
  status?: number;
  config?: { url?: string | URL };
  response?: { status?: number; data?: unknown; headers?: unknown };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, unknown>;
  const v = rec[name] ?? rec[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date). */
export function retryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** An OAuth error body is `{error: "invalid_grant", error_description}`; a Gmail one has an object. */
function oauthError(e: HttpishError): { error: string; description: string } | undefined {
  const data = e.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (data && typeof data.error === 'string') {
    return { error: data.error, description: typeof data.error_description === 'string' ? data.error_description : '' };
  }
  return undefined;
}

function gmailReasons(e: HttpishError): string[] {
  const data = e.response?.data as { error?: { errors?: { reason?: unknown }[] } } | undefined;
  const list = data && typeof data.error === 'object' ? (data.error?.errors ?? []) : [];
  return list.map((x) => (typeof x.reason === 'string' ? x.reason : '')).filter(Boolean);
}

function statusOf(e: HttpishError): number | undefined {
  const s = e.response?.status ?? e.status;
  return typeof s === 'number' ? s : undefined;
}

function isRetryable(e: HttpishError): boolean {
  const status = statusOf(e);
  if (status === undefined) return true; // no answer: timeout, reset, refused
  if (status === 429 || status >= 500) return true;
  return status === 403 && gmailReasons(e).some((r) => RETRY_REASONS.has(r));
}

export function createGmailMailbox(opts: {
  config: Config;
  tokens: TokenVault;
  clock: Clock;
  log: Logger;
  limits?: Partial<GmailLimits>;
}): Mailbox {
  const { config, tokens: vault, clock } = opts;
  const log = opts.log.child({ component: 'gmail-mailbox' });
  const limits: GmailLimits = { ...DEFAULT_GMAIL_LIMITS, ...opts.limits };
  const sessions = new Map<string, Session>();
  const tokenUrl = config.google.tokenUrl;

  function session(userId: string): Session {
    const existing = sessions.get(userId);
    if (existing) {
      sessions.delete(userId); // re-insert: Map order doubles as recency
      sessions.set(userId, existing);
      return existing;
    }
    const oauth = new auth.OAuth2({
      clientId: config.google.clientId,
      endpoints: { oauth2TokenUrl: tokenUrl },
      // Our own 5-minute rule (with the injected clock) runs first; the library's is a back-stop.
      eagerRefreshThresholdMillis: 60_000,
    });
    const s: Session = {
      oauth,
      api: gmail({ version: 'v1', auth: oauth, rootUrl: config.google.gmailRootUrl }),
      loadedAt: -Infinity,
      gate: new Semaphore(limits.maxConcurrency),
      quota: new QuotaWindow(limits.quotaUnitsPerSecond, limits.quotaWindowSeconds),
    };
    // Every refresh (ours or the library's own) is stored. The object is copied at once: the
    // library later overwrites its refresh_token with the old one.
    oauth.on('tokens', (grant) => {
      const copy = { ...grant };
      s.persisting = store(userId, s, copy);
    });
    sessions.set(userId, s);
    while (sessions.size > limits.maxCachedUsers) sessions.delete(sessions.keys().next().value!);
    return s;
  }

  function applyCredentials(s: Session, t: GmailTokens) {
    const expiresAt = parseUtcIso(t.expires_at);
    s.oauth.setCredentials({
      access_token: t.access_token,
      refresh_token: t.refresh_token ?? null,
      token_type: 'Bearer',
      // The library counts with the real clock: hand it the remaining lifetime, not the instant.
      ...(expiresAt ? { expiry_date: Date.now() + (expiresAt.getTime() - clock.now().getTime()) } : {}),
    });
  }

  async function store(userId: string, s: Session, grant: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null }) {
    const old = s.tokens;
    if (!old || !grant.access_token) return;
    const now = clock.now();
    const expiresIn = grant.expiry_date ? Math.max(0, Math.round((grant.expiry_date - Date.now()) / 1000)) : 3600;
    const next: GmailTokens = {
      ...old,
      access_token: grant.access_token,
      refresh_token: grant.refresh_token || old.refresh_token,
      token_type: 'Bearer',
      expires_in: expiresIn,
      expires_at: naiveUtcIso(new Date(now.getTime() + expiresIn * 1000)),
      created_at: naiveUtcIso(now),
    };
    s.tokens = next;
    s.loadedAt = performance.now();
    applyCredentials(s, next);
    try {
      await vault.put(userId, next);
      log.info('gmail tokens refreshed', { userId });
    } catch (err) {
      // The new access token still works in this process; the next run refreshes again.
      log.error('gmail refreshed tokens not stored', { userId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function refreshFailure(userId: string, err: unknown): Promise<AppError> {
    const e = err as HttpishError;
    const o = oauthError(e);
    const text = `${o?.error ?? ''} ${o?.description ?? ''} ${e?.message ?? ''}`;
    if (/invalid_grant/i.test(text) && /expired|revoked/i.test(text)) {
      sessions.delete(userId);
      await vault.delete(userId).catch((delErr: unknown) =>
        log.error('gmail tokens not deleted', { userId, error: delErr instanceof Error ? delErr.message : String(delErr) }),
      );
      log.warn('gmail grant expired or revoked; tokens removed', { userId });
      return errors.gmailReconnect();
    }
    log.warn('gmail token refresh failed', { userId, status: statusOf(e), reason: o?.error ?? e?.code ?? 'unknown' });
    return errors.invalidCredentials('OAuth token error');
  }

  async function refresh(userId: string, s: Session): Promise<void> {
    if (!s.refreshing) {
      s.refreshing = (async () => {
        try {
          await s.oauth.refreshAccessToken();
        } catch (err) {
          throw await refreshFailure(userId, err);
        }
        await s.persisting;
        // The library resets its credentials to the old refresh token; use what was stored.
        if (s.tokens) applyCredentials(s, s.tokens);
      })().finally(() => {
        s.refreshing = undefined;
      });
    }
    return s.refreshing;
  }

  /** Loads tokens (B2) and refreshes them when less than 5 minutes remain (B3). */
  async function ready(userId: string, reload: boolean): Promise<Session> {
    const s = session(userId);
    if (s.refreshing) await s.refreshing;
    if (reload || !s.tokens || performance.now() - s.loadedAt > limits.tokenCacheMs) {
      let t: GmailTokens | undefined;
      try {
        t = await vault.get(userId);
      } catch (err) {
        log.error('gmail tokens unreadable', { userId, error: err instanceof Error ? err.message : String(err) });
        throw errors.gmailNotConnected();
      }
      if (!t) throw errors.gmailNotConnected();
      if (!t.refresh_token) throw errors.missingFields("Missing key in request body: 'refresh_token'");
      if (!s.refreshing) {
        s.tokens = t;
        s.loadedAt = performance.now();
        applyCredentials(s, t);
      }
    }
    const expiresAt = parseUtcIso(s.tokens!.expires_at);
    // Without a known expiry the library's own flag decides (docs/flows.md#token-refresh).
    if (expiresAt && expiresAt.getTime() - clock.now().getTime() < REFRESH_MARGIN_MS) await refresh(userId, s);
    return s;
  }

  /** One Gmail call with quota, concurrency, retries; a rejected access token gets one refresh. */
  async function call<T>(userId: string, s: Session, units: number, what: string, fn: () => Promise<T>): Promise<T> {
    let refreshedForAuth = false;
    for (let attempt = 1; ; attempt++) {
      let failure: HttpishError;
      try {
        return await s.gate.run(async () => {
          const done = await s.quota.take(units);
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
      if (oauthError(failure) || (url && url.startsWith(tokenUrl))) throw await refreshFailure(userId, failure);
      if (status === 401 && !refreshedForAuth) {
        refreshedForAuth = true;
        await refresh(userId, s);
        attempt--;
        continue;
      }
      if (!isRetryable(failure) || attempt >= limits.maxAttempts) {
        log.error('gmail call failed', { userId, what, status, attempts: attempt, reason: gmailReasons(failure)[0] ?? failure.code });
        throw errors.dependency('Gmail API error', failure);
      }
      const backoff = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + limits.random() * (backoff / 2);
      const after = retryAfterMs(header(failure.response?.headers, 'retry-after'));
      if (after !== undefined && after > limits.maxRetryAfterMs) {
        log.error('gmail asked to wait too long', { userId, what, status, retryAfterMs: after });
        throw errors.dependency('Gmail API error', failure);
      }
      const delay = Math.max(jittered, after ?? 0);
      log.warn('gmail call retried', { userId, what, status, attempt, delayMs: Math.round(delay) });
      await limits.sleep(delay);
    }
  }

  const requestOptions = () => ({ retry: false, timeout: limits.requestTimeoutMs });

  return {
    async search(userId, query) {
      const s = await ready(userId, true);
      const ids: string[] = [];
      const seen = new Set<string>();
      const tokens = new Set<string>();
      let pageToken: string | undefined;
      do {
        const page = await call(userId, s, UNITS.list, 'messages.list', () =>
          s.api.users.messages.list({ userId: 'me', q: query, maxResults: limits.pageSize, ...(pageToken ? { pageToken } : {}) }, requestOptions()),
        );
        for (const m of page.data.messages ?? []) {
          if (m.id && !seen.has(m.id)) {
            seen.add(m.id);
            ids.push(m.id);
          }
        }
        pageToken = page.data.nextPageToken ?? undefined;
        // A token seen before would loop forever.
        if (pageToken && tokens.has(pageToken)) throw errors.dependency('Gmail API error', new Error('repeated page token'));
        if (pageToken) tokens.add(pageToken);
      } while (pageToken);
      return ids;
    },

    async getRaw(userId, messageId) {
      const s = await ready(userId, false);
      const res = await call(userId, s, UNITS.get, 'messages.get', () =>
        s.api.users.messages.get({ userId: 'me', id: messageId, format: 'raw' }, requestOptions()),
      );
      const raw = res.data.raw;
      if (typeof raw !== 'string') throw errors.dependency('Gmail API error', new Error('message without raw'));
      return new Uint8Array(Buffer.from(raw, 'base64url'));
    },
  };
}
