import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetryable } from '../../../src/adapters/google/gmail/failures.js';
import { LruMap } from '../../../src/adapters/google/gmail/lru.js';
import { allPages } from '../../../src/adapters/google/gmail/pages.js';
import { retryDecision, type RetryPolicy } from '../../../src/adapters/google/gmail/retry.js';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 350, maxRetryAfterMs: 5_000, random: () => 1 };
const failed = (status?: number, extra: Record<string, unknown> = {}) => (status === undefined ? { code: 'ECONNRESET' } : { response: { status, ...extra } });

test('retryable: no answer, 429, 5xx and rate-limit 403s; not other 4xx', () => {
  assert.ok(isRetryable(failed()));
  assert.ok(isRetryable(failed(429)));
  assert.ok(isRetryable(failed(503)));
  assert.ok(isRetryable(failed(403, { data: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } })));
  assert.ok(!isRetryable(failed(403, { data: { error: { errors: [{ reason: 'forbidden' }] } } })));
  assert.ok(!isRetryable(failed(404)));
});

test('retry decision: backoff doubles up to the cap, Retry-After wins when longer, gives up after the last attempt', () => {
  assert.deepEqual([1, 2, 3].map((a) => retryDecision(policy, a, failed(500))), [
    { retry: true, delayMs: 100 },
    { retry: true, delayMs: 200 },
    { retry: true, delayMs: 350 },
  ]);
  assert.deepEqual(retryDecision(policy, 4, failed(500)), { retry: false });
  assert.deepEqual(retryDecision(policy, 1, failed(404)), { retry: false });
  assert.deepEqual(retryDecision(policy, 1, failed(429, { headers: { 'retry-after': '2' } })), { retry: true, delayMs: 2_000 });
  assert.deepEqual(retryDecision(policy, 1, failed(429, { headers: { 'retry-after': '60' } })), { retry: false, retryAfterMs: 60_000 });
  // Jitter keeps at least half the backoff.
  assert.deepEqual(retryDecision({ ...policy, random: () => 0 }, 2, failed(500)), { retry: true, delayMs: 100 });
});

test('allPages: every page in order, each id once; a repeated page token fails instead of looping', async () => {
  const pages: Record<string, { ids: (string | null)[]; next?: string }> = {
    first: { ids: ['a', 'b', null], next: 't1' },
    t1: { ids: ['b', 'c'], next: 't2' },
    t2: { ids: ['d'] },
  };
  const asked: (string | undefined)[] = [];
  assert.deepEqual(await allPages(async (t) => (asked.push(t), pages[t ?? 'first']!)), ['a', 'b', 'c', 'd']);
  assert.deepEqual(asked, [undefined, 't1', 't2']);
  await assert.rejects(allPages(async (t) => ({ ids: [t ?? 'x'], next: 'same' })), /repeated page token/);
});

test('LruMap keeps the most recently used entries', () => {
  const m = new LruMap<string, number>(2);
  m.set('a', 1);
  m.set('b', 2);
  assert.equal(m.get('a'), 1); // a is now the most recent
  m.set('c', 3);
  assert.deepEqual([m.get('a'), m.get('b'), m.get('c')], [1, undefined, 3]);
  m.delete('a');
  assert.equal(m.get('a'), undefined);
});
