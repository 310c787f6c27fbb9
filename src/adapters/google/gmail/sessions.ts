/**
 * One OAuth client and one Gmail client per user per process (docs/flows.md#gmail-access), with the user's
 * tokens from the vault:
 *
 * - tokens read from the vault are reused for `tokenCacheMs` (a search always re-reads them);
 * - they are refreshed (refresh-token grant, no client secret) when less than 5 minutes remain,
 *   one refresh per user at a time, and every refresh is written back (docs/data-model.md#secrets);
 * - a revoked or expired grant deletes the stored tokens and asks for a reconnect; other refresh
 *   failures are `OAuth token error` (docs/api.md#rental-back-fill).
 *
 * The OAuth client comes from `@googleapis/gmail`'s `auth.OAuth2`: the top-level
 * `google-auth-library` is a different copy whose OAuth2Client type `gmail()` does not accept.
 */
import { auth, gmail, type gmail_v1 } from '@googleapis/gmail';
import type { Config } from '../../../config.js';
import { errors, type AppError } from '../../../domain/errors.js';
import { naiveUtcIso, parseUtcIso } from '../../../domain/time.js';
import type { Clock } from '../../../ports/clock.js';
import type { GmailTokens, TokenVault } from '../../../ports/token-vault.js';
import type { Logger } from '../../../ports/log.js';
import { oauthError, statusOf, type HttpishError } from './failures.js';
import { LruMap } from './lru.js';

type OAuth2Client = InstanceType<typeof auth.OAuth2>;

const REFRESH_MARGIN_MS = 5 * 60_000;

export interface GmailSession<U> {
  oauth: OAuth2Client;
  api: gmail_v1.Gmail;
  tokens?: GmailTokens;
  loadedAt: number;
  refreshing?: Promise<void>;
  /** Set by the `tokens` listener; awaited so a refresh is stored before work goes on. */
  persisting?: Promise<void>;
  /** What else the caller keeps per user (its call limits). */
  perUser: U;
}

export interface SessionOptions<U> {
  config: Config;
  vault: TokenVault;
  clock: Clock;
  log: Logger;
  tokenCacheMs: number;
  maxCachedUsers: number;
  perUser: () => U;
}

export function gmailSessions<U>(opts: SessionOptions<U>) {
  const { config, vault, clock, log } = opts;
  const sessions = new LruMap<string, GmailSession<U>>(opts.maxCachedUsers);

  function session(userId: string): GmailSession<U> {
    const existing = sessions.get(userId);
    if (existing) return existing;
    const oauth = new auth.OAuth2({
      clientId: config.google.clientId,
      endpoints: { oauth2TokenUrl: config.google.tokenUrl },
      // Our own 5-minute rule (with the injected clock) runs first; the library's is a back-stop.
      eagerRefreshThresholdMillis: 60_000,
    });
    const s: GmailSession<U> = {
      oauth,
      api: gmail({ version: 'v1', auth: oauth, rootUrl: config.google.gmailRootUrl }),
      loadedAt: -Infinity,
      perUser: opts.perUser(),
    };
    // Every refresh (ours or the library's own) is stored. The object is copied at once: the
    // library later overwrites its refresh_token with the old one.
    oauth.on('tokens', (grant) => {
      const copy = { ...grant };
      s.persisting = store(userId, s, copy);
    });
    sessions.set(userId, s);
    return s;
  }

  function applyCredentials(s: GmailSession<U>, t: GmailTokens) {
    const expiresAt = parseUtcIso(t.expires_at);
    s.oauth.setCredentials({
      access_token: t.access_token,
      refresh_token: t.refresh_token ?? null,
      token_type: 'Bearer',
      // The library counts with the real clock: hand it the remaining lifetime, not the instant.
      ...(expiresAt ? { expiry_date: Date.now() + (expiresAt.getTime() - clock.now().getTime()) } : {}),
    });
  }

  async function store(
    userId: string,
    s: GmailSession<U>,
    grant: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null },
  ) {
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

  /** The typed error for a failed refresh; a dead grant also removes the stored tokens. */
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

  /** One refresh per user at a time; concurrent callers share it. */
  async function refresh(userId: string, s: GmailSession<U>): Promise<void> {
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
  async function ready(userId: string, reload: boolean): Promise<GmailSession<U>> {
    const s = session(userId);
    if (s.refreshing) await s.refreshing;
    if (reload || !s.tokens || performance.now() - s.loadedAt > opts.tokenCacheMs) {
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

  return { ready, refresh, refreshFailure };
}
