import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { deepHtml, expandingPdf } from '../support/hostile.js';
import { startLocal } from '../support/local-server.js';

/** Wide, shallow markup under every cap: seconds of work for the receipt cascade. */
const slowReceipt = '<p>Receipt</p><table>' + '<tr><td>Item</td><td>10,00 kr</td></tr>'.repeat(50_000) + '</table><p>Total 10 kr</p>';
const enc = (s: string) => new TextEncoder().encode(s);

/**
 * The other user's client runs on its own thread: a client on the server's thread would stall
 * with it and never see the delay. Requests every 10 ms until told to stop; posts the latencies.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const out = [];
  while (!stop) {
    const t0 = performance.now();
    const r = await fetch(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
    await r.text();
    out.push({ ms: performance.now() - t0, status: r.status });
    await new Promise((res) => setTimeout(res, 10));
  }
  parentPort.postMessage(out);
})();
`;

test('while hostile documents are parsed for one user, another user is answered promptly', async () => {
  const s = await startLocal({ env: { PARSE_WORKERS: '1', PARSE_TIMEOUT_MS: '1500' } });
  try {
    const mallory = await s.signup('Mallory', 'mallory@example.com');
    const alice = await s.signup('Alice', 'alice@example.com');
    const retail = (n: string) => `invoices/${mallory.userId}/retail/grocery/shop_2026-01-0${n}_0000000${n}.html`;
    const bombKey = `invoices/${mallory.userId}/rental/Hyresavi_bomb.pdf`;
    await s.deps.objects.put(bombKey, expandingPdf(1_000_000), 'application/pdf');
    await s.deps.objects.put(retail('1'), enc(deepHtml(100_000)), 'text/html');
    for (const n of ['2', '3', '4']) await s.deps.objects.put(retail(n), enc(slowReceipt), 'text/html');

    const client = new Worker(CLIENT, { eval: true, workerData: { url: `${s.url}/v1/user/me`, token: alice.token } });
    const answers = new Promise<Array<{ ms: number; status: number }>>((res) => client.once('message', res));
    await s.deps.events.drain();
    client.postMessage('stop');
    const got = await answers;
    await client.terminate();
    assert.deepEqual(new Set(got.map((g) => g.status)), new Set([200]));
    const latencies = got.map((g) => g.ms);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
    const max = latencies[latencies.length - 1]!;
    console.log(`stall: ${latencies.length} requests while parsing, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
    assert.ok(latencies.length >= 20, `the documents took ${latencies.length} requests' time`);
    assert.ok(p99 < 200, `p99 ${p99.toFixed(1)} ms`);

    // Each hostile document ended as a reviewable invoice with its reason, none was lost.
    const bomb = await s.deps.rentalInvoices.get(mallory.userId, 'Invoice_bomb');
    assert.equal(bomb?.parse_status, 'needs_review');
    assert.ok((bomb?.parse_reasons as string[]).includes('pdf_expands_too_much'));
    const rows = await s.deps.retailInvoices.listForUser(mallory.userId);
    assert.equal(rows.length, 4);
    const reasons = rows.map((r) => String(r.parse_reasons ?? r.parse_status));
    assert.equal(rows.filter((r) => r.parse_status === 'needs_review').length, 4, reasons.join(' | '));
    assert.equal(reasons.filter((r) => r.includes('parse_timeout')).length, 3, reasons.join(' | '));
    assert.equal(reasons.filter((r) => r.includes('html_too_deep')).length, 1, reasons.join(' | '));
  } finally {
    await s.close();
  }
});
