import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile } from '../../bench/support/load.js';
import { backgroundClient, hostileObjects } from '../support/hostile.js';
import { startLocal } from '../support/local-server.js';

test('while hostile documents are parsed for one user, another user is answered promptly', async () => {
  const s = await startLocal({ env: { PARSE_WORKERS: '1', PARSE_TIMEOUT_MS: '1500' } });
  try {
    const mallory = await s.signup('Mallory', 'mallory@example.com');
    const alice = await s.signup('Alice', 'alice@example.com');
    const objects = hostileObjects(mallory.userId); // built before measuring: building them is CPU work too
    const p99Of = async (during: () => Promise<unknown>) => {
      const client = backgroundClient(`${s.url}/v1/user/me`, alice.token);
      await during();
      const got = await client.stop();
      assert.deepEqual(new Set(got.map((g) => g.status)), new Set([200]));
      const ms = got.map((g) => g.ms).sort((a, b) => a - b);
      return { n: ms.length, p99: percentile(ms, 99), max: ms.at(-1)! };
    };
    // The same client with nothing parsed: what this (shared, busy) machine gives anyway.
    const idle = await p99Of(() => new Promise((r) => setTimeout(r, 2_000)));
    const busy = await p99Of(async () => {
      for (const o of objects) await s.deps.objects.put(o.key, o.body, o.type);
      await s.deps.events.drain();
    });
    console.log(`stall: idle p99 ${idle.p99.toFixed(1)} ms; ${busy.n} requests while parsing, p99 ${busy.p99.toFixed(1)} ms, max ${busy.max.toFixed(1)} ms`);
    assert.ok(busy.n >= 20, `only ${busy.n} requests were answered while parsing`);
    // Parsing adds less than 200 ms to the p99 (on an idle machine: p99 under 200 ms).
    assert.ok(busy.p99 < 200 + idle.p99, `p99 ${busy.p99.toFixed(1)} ms while parsing, ${idle.p99.toFixed(1)} ms idle`);

    // Each hostile document ended as a reviewable invoice with its reason, none was lost.
    const bomb = await s.deps.rentalInvoices.get(mallory.userId, 'Invoice_bomb');
    assert.equal(bomb?.parse_status, 'needs_review');
    assert.ok((bomb?.parse_reasons as string[]).includes('pdf_expands_too_much'));
    // Under the budget or not (that depends on the machine's load), every receipt is stored for review.
    const rows = await s.deps.retailInvoices.listForUser(mallory.userId);
    const reasons = rows.map((r) => (r.parse_reasons as string[]).join(','));
    assert.equal(rows.length, 4);
    assert.equal(rows.filter((r) => r.parse_status === 'needs_review').length, 4, reasons.join(' | '));
    // The too-deep one is read from its words, unless the busy machine ran it out of time too.
    assert.ok(reasons.some((r) => r.includes('html_too_deep')) || reasons.every((r) => r.includes('parse_timeout')), reasons.join(' | '));
  } finally {
    await s.close();
  }
});
