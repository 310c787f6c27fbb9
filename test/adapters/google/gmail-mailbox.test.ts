import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createGmailMailbox, type GmailLimits } from '../../../src/adapters/google/gmail-mailbox.js';
import { retryAfterMs } from '../../../src/adapters/google/gmail/failures.js';
import { QuotaWindow } from '../../../src/adapters/google/gmail/quota.js';
import { errorReply } from '../../../src/http/errors.js';
import { parseUtcIso } from '../../../src/domain/time.js';
import { createLogger } from '../../../src/runtime/log.js';
import { FakeGoogle, type FakeAccount } from '../../fakes/google/server.js';
import { configFor, fixedClock, MemoryVault, storedTokens } from '../../support/google.js';
import { rawMail } from '../../support/mail.js';

const USER = 'user-1';
/** The error answers this code and status (and message) through the API's error registry. */
const isError = (code: string, status: number, message?: string) => (e: unknown) => {
  const r = errorReply(e);
  return r.code === code && r.status === status && (message === undefined || r.message === message);
};

describe('Gmail mailbox against the fake Google', () => {
  let fake: FakeGoogle;
  let account: FakeAccount;
  let ids: string[];
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => logLines.push(l) });
  const clock = fixedClock('2025-10-10T12:00:00Z');
  let vault: MemoryVault;
  let refreshToken: string;
  let sleeps: number[];

  const mailbox = (limits: Partial<GmailLimits> = {}) =>
    createGmailMailbox({
      config: configFor(fake),
      tokens: vault,
      clock,
      log,
      limits: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...limits },
    });

  before(async () => {
    fake = await FakeGoogle.start();
    account = fake.addAccount({ email: 'tester@example.com', name: 'Test User' });
    const raws = Array.from({ length: 250 }, (_, i) =>
      rawMail({
        from: 'Shop <orders@shop.example>',
        subject: `Order ${i}`,
        date: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toUTCString().replace('GMT', '+0000'),
        text: `receipt ${i}`,
      }),
    );
    ids = await fake.addMessages(account.sub, raws);
  });
  after(() => fake.stop());
  beforeEach(() => {
    vault = new MemoryVault();
    refreshToken = fake.addRefreshToken(account.sub);
    fake.clearFaults();
    fake.setLatency('*', 0);
    fake.resetCounters();
    sleeps = [];
    logLines.length = 0;
    clock.set('2025-10-10T12:00:00Z');
  });

  const storeTokens = (expiresInSeconds: number, access = fake.issueAccessToken(account.sub), refresh: string | undefined = refreshToken) =>
    vault.put(USER, storedTokens({ access, ...(refresh ? { refresh } : {}), now: clock.now(), expiresInSeconds }));

  test('search reads every page (250 messages, 100 per page) and returns ids newest first', async () => {
    await storeTokens(3599);
    const found = await mailbox({ pageSize: 100 }).search(USER, 'from:orders@shop.example');
    assert.equal(found.length, 250);
    assert.deepEqual(found, [...ids].reverse());
    assert.equal(fake.count('gmail.list'), 3);
    assert.equal(fake.count('oauth.token'), 0, 'a fresh token is not refreshed');
    assert.equal(vault.puts, 1);
  });

  test('getRaw fetches format=raw and decodes base64url to the exact bytes', async () => {
    await storeTokens(3599);
    const raw = await mailbox().getRaw(USER, ids[7]!);
    assert.match(Buffer.from(raw).toString('utf8'), /Subject: Order 7\r\n/);
  });

  test('fewer than 5 minutes left: refreshed first, vault rewritten with the new token and Google fields kept', async () => {
    const oldAccess = fake.issueAccessToken(account.sub);
    await storeTokens(240, oldAccess);
    const before = (await vault.get(USER))!;
    clock.set('2025-10-10T12:00:30Z');
    const found = await mailbox().search(USER, 'subject:"Order 249"');
    assert.equal(found.length, 1);
    assert.equal(fake.count('oauth.token'), 1);
    const after = (await vault.get(USER))!;
    assert.notEqual(after.access_token, oldAccess);
    assert.ok(fake.isAccessTokenValid(after.access_token));
    assert.equal(after.refresh_token, refreshToken, 'Google sent no new refresh token: the old one is kept');
    assert.equal(after.expires_in, 3599);
    assert.equal(after.created_at, '2025-10-10T12:00:30.000000');
    assert.equal(parseUtcIso(after.expires_at)!.getTime() - parseUtcIso(after.created_at)!.getTime(), 3599_000);
    for (const k of ['scope', 'google_user_id', 'google_email', 'google_name', 'google_verified_email'] as const) assert.equal(after[k], before[k]);
    assert.ok(!logLines.join('\n').includes(after.access_token), 'tokens never reach the log');
  });

  test('an already expired token is refreshed; a rotated refresh token is stored', async () => {
    const rotating = fake.addRefreshToken(account.sub, { rotate: true });
    await storeTokens(-600, 'ya29.long-gone', rotating);
    const box = mailbox();
    await box.getRaw(USER, ids[0]!);
    const after = (await vault.get(USER))!;
    assert.notEqual(after.refresh_token, rotating);
    assert.ok(after.refresh_token?.startsWith('1//fake-'));
    // The next refresh uses the rotated token, not the old one.
    clock.set('2025-10-10T13:30:00Z');
    await box.getRaw(USER, ids[1]!);
    assert.equal(fake.count('oauth.token'), 2);
    assert.notEqual((await vault.get(USER))!.refresh_token, after.refresh_token);
  });

  test('unparseable expires_at: no proactive refresh; a rejected token is refreshed by the library and stored', async () => {
    await vault.put(USER, { ...storedTokens({ access: fake.issueAccessToken(account.sub), refresh: refreshToken, now: clock.now(), expiresInSeconds: 10 }), expires_at: 'not a date' });
    await mailbox().getRaw(USER, ids[0]!);
    assert.equal(fake.count('oauth.token'), 0);
    await vault.put(USER, { ...storedTokens({ access: 'ya29.dead', refresh: refreshToken, now: clock.now(), expiresInSeconds: 10 }), expires_at: '' });
    await mailbox().getRaw(USER, ids[0]!);
    assert.equal(fake.count('oauth.token'), 1);
    const stored = (await vault.get(USER))!;
    assert.ok(fake.isAccessTokenValid(stored.access_token));
    assert.equal(stored.expires_at, '2025-10-10T12:59:59.000000');
  });

  test('concurrent calls with an expiring token share one refresh', async () => {
    await storeTokens(60);
    const box = mailbox();
    await Promise.all(ids.slice(0, 10).map((id) => box.getRaw(USER, id)));
    assert.equal(fake.count('oauth.token'), 1);
  });

  test('invalid_grant (expired or revoked): tokens deleted, 502 GMAIL_TOKEN_EXPIRED reconnect', async () => {
    fake.setRefreshBehaviour(refreshToken, 'invalid_grant');
    await storeTokens(10);
    await assert.rejects(mailbox().search(USER, 'subject:x'), isError('GMAIL_TOKEN_EXPIRED', 502, 'Gmail account needs to be re-connected'));
    assert.equal(await vault.get(USER), undefined);
    assert.equal(fake.count('gmail.list'), 0);
  });

  test('other refresh failures: 401 INVALID_CREDENTIALS OAuth token error, tokens kept', async () => {
    fake.setRefreshBehaviour(refreshToken, 'invalid_client');
    await storeTokens(10);
    await assert.rejects(mailbox().getRaw(USER, ids[0]!), isError('INVALID_CREDENTIALS', 401, 'OAuth token error'));
    assert.ok(await vault.get(USER));
  });

  test('a token endpoint that keeps failing with 500 is also OAuth token error', async () => {
    fake.setRefreshBehaviour(refreshToken, 'server-error-500');
    await storeTokens(10);
    await assert.rejects(mailbox().getRaw(USER, ids[0]!), isError('INVALID_CREDENTIALS', 401, 'OAuth token error'));
    assert.ok(await vault.get(USER));
  });

  test('no stored tokens: 502 Error retrieving OAuth tokens; no refresh token: 400 MISSING_FIELDS', async () => {
    await assert.rejects(mailbox().search(USER, 'subject:x'), isError('GMAIL_TOKEN_EXPIRED', 502, 'Error retrieving OAuth tokens'));
    const { refresh_token: _dropped, ...withoutRefresh } = storedTokens({ access: fake.issueAccessToken(account.sub), refresh: 'x', now: clock.now(), expiresInSeconds: 3599 });
    await vault.put(USER, withoutRefresh);
    await assert.rejects(mailbox().getRaw(USER, ids[0]!), isError('MISSING_FIELDS', 400, "Missing key in request body: 'refresh_token'"));
  });

  test('an access token Gmail rejects is refreshed once and the call succeeds', async () => {
    await storeTokens(3599, 'ya29.revoked-by-google');
    const raw = await mailbox().getRaw(USER, ids[3]!);
    assert.match(Buffer.from(raw).toString(), /Order 3/);
    assert.equal(fake.count('oauth.token'), 1);
    assert.notEqual((await vault.get(USER))!.access_token, 'ya29.revoked-by-google');
  });

  test('429 storm with Retry-After: waits as told and eventually succeeds', async () => {
    await storeTokens(3599);
    fake.inject('gmail.list', { kind: 'rate-limit-429', retryAfterSeconds: 2 }, 3);
    const found = await mailbox().search(USER, 'subject:"Order 1"');
    assert.ok(found.length > 0);
    assert.equal(fake.count('gmail.list'), 4);
    assert.equal(sleeps.length, 3);
    assert.ok(sleeps.every((ms) => ms >= 2000), `waited ${sleeps.join(',')}`);
  });

  test('a 429 that never clears gives up with 502 Gmail API error after maxAttempts', async () => {
    await storeTokens(3599);
    fake.inject('gmail.get', { kind: 'rate-limit-429', retryAfterSeconds: 1 }, 100);
    await assert.rejects(mailbox({ maxAttempts: 4 }).getRaw(USER, ids[0]!), isError('DEPENDENCY_FAILURE', 502, 'Gmail API error'));
    assert.equal(fake.count('gmail.get'), 4);
  });

  test('a Retry-After beyond the budget fails at once instead of stalling the request', async () => {
    await storeTokens(3599);
    fake.inject('gmail.get', { kind: 'rate-limit-429', retryAfterSeconds: 3600 }, 1);
    await assert.rejects(mailbox().getRaw(USER, ids[0]!), isError('DEPENDENCY_FAILURE', 502));
    assert.equal(fake.count('gmail.get'), 1);
  });

  test('403 userRateLimitExceeded and 500s are retried with growing backoff; other 4xx are not', async () => {
    await storeTokens(3599);
    fake.inject('gmail.get', { kind: 'user-rate-limit-403' }, 1);
    fake.inject('gmail.get', { kind: 'server-error-500' }, 2);
    await mailbox().getRaw(USER, ids[0]!);
    assert.equal(fake.count('gmail.get'), 4);
    assert.deepEqual(sleeps, [187.5, 375, 750], 'exponential backoff with jitter (random fixed at 0.5)');
    fake.resetCounters();
    await assert.rejects(mailbox().getRaw(USER, 'ffffffffffffffff'), isError('DEPENDENCY_FAILURE', 502));
    assert.equal(fake.count('gmail.get'), 1, '404 is not retried');
  });

  test('a hung call times out and is retried', async () => {
    await storeTokens(3599);
    fake.inject('gmail.get', { kind: 'hang' }, 1);
    const raw = await mailbox({ requestTimeoutMs: 200 }).getRaw(USER, ids[5]!);
    assert.match(Buffer.from(raw).toString(), /Order 5/);
    assert.equal(fake.count('gmail.get'), 2);
  });

  test('concurrency is bounded per user, as observed at the server', async () => {
    await storeTokens(3599);
    fake.setLatency('gmail.get', 30);
    const box = mailbox({ maxConcurrency: 3 });
    await Promise.all(ids.slice(0, 24).map((id) => box.getRaw(USER, id)));
    assert.equal(fake.maxConcurrency('gmail.get'), 3);
  });

  test('the per-user quota is respected: at most budget/5 calls in any second', async () => {
    await storeTokens(3599);
    const box = mailbox({ quotaUnitsPerSecond: 50, quotaWindowSeconds: 1, maxConcurrency: 20 }); // 10 calls per rolling second
    const started = performance.now();
    await Promise.all(ids.slice(0, 15).map((id) => box.getRaw(USER, id)));
    const elapsed = performance.now() - started;
    assert.ok(fake.maxCallsInWindow(['gmail.get', 'gmail.list'], 1000) <= 10, `saw ${fake.maxCallsInWindow(['gmail.get'], 1000)}`);
    assert.ok(elapsed >= 990, `15 calls at 10/s need more than one window (took ${Math.round(elapsed)} ms)`);
  });

  test('one OAuth and Gmail client per user: a second call reuses the refreshed token', async () => {
    await storeTokens(100);
    const box = mailbox();
    await box.getRaw(USER, ids[0]!);
    await box.getRaw(USER, ids[1]!);
    await box.search(USER, 'subject:"Order 2"');
    assert.equal(fake.count('oauth.token'), 1);
  });
});

interface Wait {
  ms: number;
  wake: () => void;
}

/** A sleep the test controls: each call is handed to the test, which advances the clock and wakes it. */
function controlledSleep() {
  const queued: Wait[] = [];
  const takers: ((w: Wait) => void)[] = [];
  return {
    sleep: (ms: number) => new Promise<void>((wake) => {
      const w = { ms, wake };
      const taker = takers.shift();
      if (taker) taker(w);
      else queued.push(w);
    }),
    /** The next time the window decides to wait. */
    next: () => new Promise<Wait>((r) => {
      const w = queued.shift();
      if (w) r(w);
      else takers.push(r);
    }),
  };
}

test('QuotaWindow allows a burst up to the window budget, then holds the moving average', async () => {
  let now = 0;
  const clock = controlledSleep();
  const q = new QuotaWindow(10, 3, () => now, clock.sleep); // 30 units per trailing 3 s
  const releases = await Promise.all(Array.from({ length: 6 }, () => q.take(5))); // a burst of 30 units at once
  for (const r of releases) r();
  let next = false;
  const p = q.take(5).then(() => (next = true));
  // A take let through over the budget would settle instead of waiting.
  const waited = () => Promise.race([clock.next(), p.then(() => assert.fail('let through over the budget'))]);
  const first = await waited();
  assert.equal(first.ms, 3000, 'it waits until the burst leaves the window');
  now = 2999;
  first.wake();
  const again = await waited();
  assert.equal(next, false, 'the window budget is spent until the burst leaves it');
  assert.equal(again.ms, 1);
  now = 3000;
  again.wake();
  await p;
  assert.equal(next, true);
});

test('Retry-After accepts seconds and HTTP dates', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)), 5000);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('QuotaWindow never lets more than the budget into a rolling second', async () => {
  let now = 0;
  const clock = controlledSleep();
  const q = new QuotaWindow(20, 1, () => now, clock.sleep);
  const releases = await Promise.all([q.take(5), q.take(5), q.take(5), q.take(5)]);
  let fifth = false;
  const p = q.take(5).then(() => (fifth = true));
  const waited = () => Promise.race([clock.next(), p.then(() => assert.fail('let through over the budget'))]);
  let wait = await waited();
  assert.equal(fifth, false, 'the budget is spent');
  now = 5000;
  wait.wake();
  wait = await waited();
  assert.equal(fifth, false, 'units of calls still running stay counted');
  now = 5100;
  releases[0]!(); // finished at 5100: its units leave the window at 6100
  now = 6099;
  wait.wake();
  wait = await waited();
  assert.equal(fifth, false);
  assert.equal(wait.ms, 1, 'it waits exactly until the finished call leaves the window');
  now = 6100;
  wait.wake();
  await p;
  assert.equal(fifth, true);
});
