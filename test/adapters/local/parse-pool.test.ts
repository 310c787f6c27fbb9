import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createParsePool } from '../../../src/adapters/local/parse-pool.js';
import { createGeminiReceiptLlm } from '../../../src/adapters/google/gemini.js';
import { renderRentNotice, sampleRentNotice, seededRandom } from '../../../src/demo/rent-notice-pdf.js';
import { runParseJob } from '../../../src/parsing/document-parser.js';
import { loadVendorRules } from '../../../src/parsing/retail/vendor-rules.js';
import { createLogger } from '../../../src/runtime/log.js';
import { startFakeGemini } from '../../fakes/gemini.js';
import { slowReceipt } from '../../support/hostile.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const vendorRules = loadVendorRules();
const logs: string[] = [];
const log = createLogger({ level: 'debug', write: (l) => logs.push(l) });
const rentalJob = async (seed: number) => ({
  kind: 'rental' as const,
  bytes: await renderRentNotice(sampleRentNotice('wallenstam', seededRandom(seed))),
  opts: { userId: 'u1', key: `invoices/u1/rental/Hyresavi_${seed}.pdf`, now: NOW },
});
const wideReceipt = slowReceipt(40_000);

describe('parse pool', () => {
  const pools: Array<{ close(): Promise<void> }> = [];
  const pool = (o: Partial<Parameters<typeof createParsePool>[0]> = {}) => {
    const p = createParsePool({ size: 2, timeoutMs: 30_000, memoryMb: 256, vendorRules, log, ...o });
    pools.push(p);
    return p;
  };
  after(() => Promise.all(pools.map((p) => p.close())));

  it('gives the same results as parsing in-process, for both document kinds, several at once', async () => {
    const p = pool();
    const jobs = await Promise.all([1, 2, 3].map(rentalJob));
    const receipt = { kind: 'receipt' as const, input: { html: '<p>Kvitto</p><p>Order number: 12345</p><p>Totalt 50 kr</p>', fromName: 'Butiken' }, now: NOW };
    const [a, b, c, r] = await Promise.all([...jobs.map((j) => p.parse(j)), p.parse(receipt)]);
    assert.deepEqual([a, b, c], await Promise.all(jobs.map((j) => runParseJob(j, { vendorRules }))));
    assert.ok('item' in a! && a.item.parse_status === 'ok');
    assert.deepEqual(r, await runParseJob(receipt, { vendorRules }));
  });

  it('a document over its time budget becomes needs_review, the worker is replaced', async () => {
    // The slow receipt needs most of a second (2 cores), a small one milliseconds.
    const p = pool({ size: 1, timeoutMs: 400 });
    const slow = await p.parse({ kind: 'receipt', input: { html: wideReceipt, subType: 'grocery' }, now: NOW });
    assert.equal(slow.status, 'needs_review');
    assert.deepEqual(slow.reasons, ['parse_timeout']);
    assert.equal(slow.base.total_amount, null);
    assert.equal(slow.detail.items !== undefined, true, 'the detail row keeps the shape of its category');
    const next = await p.parse({ kind: 'receipt', input: { html: '<p>Kvitto</p><p>Totalt 50 kr</p>' }, now: NOW });
    assert.equal(next.base.total_amount, 50, 'the next job runs on a fresh worker');
    assert.ok(logs.some((l) => l.includes('parse_timeout')));
  });

  it('a document over its memory budget becomes needs_review', async () => {
    const p = pool({ size: 1, memoryMb: 24 });
    const small = await p.parse({ kind: 'receipt', input: { html: '<p>Kvitto</p><p>Totalt 50 kr</p>' }, now: NOW });
    assert.equal(small.base.total_amount, 50, 'an ordinary receipt fits the budget');
    const big = await p.parse({ kind: 'receipt', input: { html: wideReceipt }, now: NOW });
    assert.deepEqual(big.reasons, ['parse_memory_exceeded']);
    assert.equal(big.status, 'needs_review');
  });

  it('the LLM stage is called from the main thread and its wait does not count against the budget', async () => {
    const fake = await startFakeGemini({ kind: 'json', answer: { invoice_date: '2026-01-20' } });
    try {
      const llm = createGeminiReceiptLlm({ apiKey: 'k', baseUrl: fake.baseUrl, timeoutMs: 5_000, attempts: 1 });
      const p = pool({ size: 1, timeoutMs: 3_000, llm });
      const job = { kind: 'receipt' as const, input: { html: '<p>Kvitto</p><p>Order number: 12345</p><p>Totalt 50 kr</p>', fromName: 'Butiken' }, now: NOW };
      const answered = await p.parse(job);
      assert.equal(answered.base.invoice_date, '2026-01-20');
      assert.equal(answered.provenance.invoice_date, 'llm');
      // An answer slower than the whole parse budget.
      fake.setMode({ kind: 'timeout', delayMs: 3_500 });
      const slow = await p.parse(job);
      assert.equal(fake.requests.length, 2);
      assert.ok(!slow.reasons.includes('parse_timeout'), slow.reasons.join('; '));
    } finally {
      await fake.close();
    }
  });
});
