/** Wiring for Gmail mailbox tests: a fake Google, an in-memory token vault, config pointing at the fake. */
import { loadConfig, type Config } from '../../src/config.js';
import { naiveUtcIso } from '../../src/domain/time.js';
import type { Clock } from '../../src/ports/clock.js';
import type { GmailTokens, TokenVault } from '../../src/ports/token-vault.js';
import type { FakeGoogle } from '../fakes/google/server.js';

export class MemoryVault implements TokenVault {
  readonly data = new Map<string, GmailTokens>();
  puts = 0;
  async get(userId: string) {
    const t = this.data.get(userId);
    return t ? structuredClone(t) : undefined;
  }
  async put(userId: string, tokens: GmailTokens) {
    this.puts++;
    this.data.set(userId, structuredClone(tokens));
  }
  async delete(userId: string) {
    this.data.delete(userId);
  }
}

export function configFor(fake: FakeGoogle): Config {
  return loadConfig({ ...fake.env(), GOOGLE_OAUTH_CLIENT_ID: 'ios-client.apps.googleusercontent.com', PAYPULSE_DATA_DIR: '/nonexistent' });
}

export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (v: string) => (now = new Date(v)) };
}

/** The secret JSON as store-tokens writes it, expiring `expiresInSeconds` after `now`. */
export function storedTokens(opts: { access: string; refresh?: string; now: Date; expiresInSeconds: number }): GmailTokens {
  return {
    access_token: opts.access,
    ...(opts.refresh ? { refresh_token: opts.refresh } : {}),
    expires_at: naiveUtcIso(new Date(opts.now.getTime() + opts.expiresInSeconds * 1000)),
    expires_in: opts.expiresInSeconds,
    scope: 'https://www.googleapis.com/auth/gmail.readonly',
    token_type: 'Bearer',
    created_at: naiveUtcIso(opts.now),
    google_user_id: '1234567890',
    google_email: 'tester@example.com',
    google_name: 'Test User',
    google_verified_email: true,
  };
}
