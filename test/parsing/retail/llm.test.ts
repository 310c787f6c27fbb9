import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGeminiReceiptLlm } from '../../../src/adapters/google/gemini.js';
import { LlmError } from '../../../src/adapters/llm/http.js';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';
import { receiptInputFromEml } from '../../../src/parsing/retail/input.js';
import { redact } from '../../../src/parsing/retail/llm.js';
import type { ReceiptLlm } from '../../../src/ports/receipt-llm.js';
import { startFakeGemini, type FakeGemini } from '../../fakes/gemini.js';
import { eml, NON_RECEIPTS } from './fixtures.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const API_KEY = 'test-key-do-not-leak-123';

// A travel receipt where rules find vendor, total and booking number but not the passengers or the legs' dates.
const travelMail = eml({
  from: 'Nordic Rail <tickets@nordicrail.example>',
  subject: 'Your booking confirmation',
  date: 'Mon, 10 Nov 2025 08:00:00 +0100',
  html:
    '<html><head><style>.a{}</style><script>track("x")</script></head><body>' +
    '<img src="https://pixel.example/o.gif?id=abc" width="1" height="1">' +
    '<p>Booking reference: NR48213</p><p>Passenger: Maja Berg, maja.berg@example.se, +46 70 123 45 67</p>' +
    '<p>Billing address: Storgatan 12, 114 51 Stockholm</p><p>Card 4111 1111 1111 1111</p>' +
    '<p><a href="https://click.example/track?u=1">View booking</a></p><p>Total paid 640 kr</p></body></html>',
});

describe('LLM stage through the Gemini adapter and a fake Gemini server', () => {
  let fake: FakeGemini;
  let llm: ReceiptLlm;
  before(async () => {
    fake = await startFakeGemini();
    // Generous: the machine may be busy; only the timeout case uses a short deadline.
    llm = createGeminiReceiptLlm({ apiKey: API_KEY, baseUrl: fake.baseUrl, timeoutMs: 10_000, attempts: 1 });
  });
  after(() => fake.close());

  const run = async (via = llm) => extractReceipt({ ...(await receiptInputFromEml(travelMail)), subType: 'travel' }, { llm: via, now: NOW });

  it('asks only for missing fields, sends redacted visible text, and fills the answer with llm provenance', async () => {
    fake.requests.length = 0;
    fake.setMode({
      kind: 'json',
      answer: {
        transport_type: 'train',
        transport_company: 'Nordic Rail',
        passengers: [{ name: 'Maja Berg' }],
        travel_details: [{ departure_location: 'Stockholm C', arrival_location: 'Göteborg C', departure_date: '2025-11-20', arrival_date: '2025-11-20' }],
        total_amount: 999,
      },
    });
    const got = await run();
    assert.equal(fake.requests.length, 1);
    const req = fake.requests[0]!;
    assert.match(req.path, /^\/v1beta\/models\/gemini-2\.5-flash-lite:generateContent/);
    assert.equal(req.apiKeyHeader, API_KEY);
    assert.equal(req.body.generationConfig?.temperature, 0.1);
    assert.equal(req.body.generationConfig?.responseMimeType, 'application/json');
    const asked = Object.keys((req.body.generationConfig?.responseSchema as { properties: object }).properties);
    assert.ok(asked.includes('passengers') && asked.includes('travel_details'));
    for (const found of ['vendor_name', 'total_amount', 'order_id', 'currency', 'invoice_date']) assert.ok(!asked.includes(found), `${found} was already found`);
    const prompt = req.body.contents?.[0]?.parts?.[0]?.text ?? '';
    for (const leak of ['maja.berg@example.se', '123 45 67', '4111 1111', 'Storgatan 12', '114 51', 'track(', 'pixel.example', 'click.example', '.a{}'])
      assert.ok(!prompt.includes(leak), `prompt leaks ${leak}`);
    assert.ok(prompt.includes('NR48213') && prompt.includes('640 kr'));

    assert.equal(got.base.total_amount, 640, 'the LLM never overrides a rule-found value');
    assert.equal(got.provenance.total_amount, 'generic');
    assert.deepEqual(got.detail.passengers, [{ name: 'Maja Berg' }]);
    assert.equal(got.provenance.passengers, 'llm');
    assert.equal(got.detail.booking_reference, 'NR48213');
  });

  it('ignores malformed JSON with a reason', async () => {
    fake.setMode({ kind: 'malformed' });
    const got = await run();
    assert.equal(got.isReceipt, true);
    assert.equal(got.base.total_amount, 640);
    assert.equal(got.status, 'needs_review');
    assert.ok(got.reasons.some((r) => r.includes('invalid_json')), got.reasons.join('; '));
  });

  it('ignores an answer that violates the schema', async () => {
    fake.setMode({ kind: 'json', answer: { passengers: 'Maja', travel_details: [{ departure_location: 5 }] } });
    const got = await run();
    assert.deepEqual(got.detail.passengers, []);
    assert.ok(got.reasons.some((r) => r.includes('violates the schema')), got.reasons.join('; '));
  });

  it('survives 429 and timeouts, and never puts the key in an error', async () => {
    const impatient = createGeminiReceiptLlm({ apiKey: API_KEY, baseUrl: fake.baseUrl, timeoutMs: 200, attempts: 1 });
    for (const mode of [{ kind: 'status', status: 429 }, { kind: 'timeout', delayMs: 5_000 }, { kind: 'status', status: 500 }] as const) {
      fake.setMode(mode);
      const got = await run(mode.kind === 'timeout' ? impatient : llm);
      assert.equal(got.base.order_id, 'NR48213');
      assert.equal(got.status, 'needs_review');
      assert.ok(got.reasons.some((r) => r.startsWith('llm unavailable')), got.reasons.join('; '));
      assert.ok(!got.reasons.join(' ').includes(API_KEY));
    }
    fake.setMode({ kind: 'status', status: 429 });
    await assert.rejects(llm.extract({ subType: 'travel', prompt: 'x', schema: { type: 'object' } }), (e: unknown) => {
      assert.ok(e instanceof LlmError && e.kind === 'rate_limited');
      assert.ok(!(e as Error).message.includes(API_KEY));
      return true;
    });
  });

  it('is not consulted for a non-receipt', async () => {
    fake.requests.length = 0;
    fake.setMode({ kind: 'json', answer: {} });
    const news = NON_RECEIPTS[0]!;
    const got = await extractReceipt(await receiptInputFromEml(news.content), { llm, now: NOW });
    assert.equal(got.isReceipt, false);
    assert.equal(fake.requests.length, 0);
  });
});

describe('redact', () => {
  it('removes card numbers, phones, emails, addresses and links but keeps amounts and ids', () => {
    const t = redact(
      'Visa **** **** **** 4242 / 5555 5555 5555 4444, ring 08-123 456 78 or +1 (415) 555-0100 or 415-555-0100, a.b@c.se, ' +
        '1234 Pine St Apt 123, CA 94109, Drottninggatan 5 B, 111 51 Stockholm, SW1A 1AA, https://x.example/t?u=1 | Total 1 234,50 kr, Order #112-1234567-7654321',
    );
    for (const leak of ['4242', '5555', '123 456 78', '555-0100', 'a.b@c.se', 'Pine St', '94109', 'Drottninggatan', '111 51', 'SW1A', 'x.example'])
      assert.ok(!t.includes(leak), `${leak} in ${t}`);
    assert.ok(t.includes('1 234,50 kr') && t.includes('112-1234567-7654321'), t);
  });

  it('masked cards in their usual shapes, in linear time on dot leaders and runs of x (no catastrophic backtracking)', () => {
    for (const masked of ['**** **** **** 1234', 'xxxx-xxxx-xxxx-1234', '•••• 1234', 'XXXXXXXXXXXX1234', '...1234'])
      assert.equal(redact(`Card ${masked} charged`), 'Card [CARD] charged', masked);
    for (const run of ['x', '.', '*', '•']) {
      const started = performance.now();
      redact(`Total${run.repeat(5000)} 123 kr`);
      assert.ok(performance.now() - started < 500, `${run} run took ${Math.round(performance.now() - started)} ms`);
    }
  });
});

describe('Gemini answer shapes', () => {
  it('joins the text parts in order, skips thought parts, and sends the key in a header, never in the URL', async () => {
    const { createServer } = await import('node:http');
    const seen: { url: string; key: string | undefined }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', key: req.headers['x-goog-api-key'] as string | undefined });
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        const parts = [{ text: 'thinking about {"total_amount": 1}', thought: true }, { text: '{"total_amount":' }, { text: ' 289.5}' }];
        res.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP' }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      const llm = createGeminiReceiptLlm({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/`, attempts: 1 });
      assert.deepEqual(await llm.extract({ subType: 'travel', prompt: 'x', schema: { type: 'object' } }), { total_amount: 289.5 });
      assert.equal(seen[0]!.key, API_KEY);
      assert.equal(seen[0]!.url, '/v1beta/models/gemini-2.5-flash-lite:generateContent');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
