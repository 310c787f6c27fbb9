import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGeminiReceiptLlm } from '../../../src/adapters/google/gemini.js';
import { LlmError } from '../../../src/adapters/llm/http.js';
import { createOpenAiCompatibleReceiptLlm } from '../../../src/adapters/llm/openai-compatible.js';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';
import { receiptInputFromEml } from '../../../src/parsing/retail/input.js';
import type { ReceiptLlm } from '../../../src/ports/receipt-llm.js';
import { startFakeGemini, type FakeGemini } from '../../fakes/gemini.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai.js';
import { eml } from './fixtures.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const API_KEY = 'sk-local-test-do-not-leak-42';
const HOLDER = { name: 'Maja Berg', email: 'maja.berg@example.se' };

// Rules find vendor, total and booking number; the passengers and legs are left to the model.
const travelMail = eml({
  from: 'Nordic Rail <tickets@nordicrail.example>',
  subject: 'Your booking confirmation',
  date: 'Mon, 10 Nov 2025 08:00:00 +0100',
  html:
    '<html><body><p>Hej Maja Berg!</p><p>Booking reference: NR48213</p>' +
    '<p>Passenger: Maja Berg, personnummer 19811218-9876, tel 070-123 45 67</p>' +
    '<p>Refunds go to IBAN SE45 5000 0000 0583 9825 7466</p><p>Total paid 640 kr</p></body></html>',
});

// Markup says 499 kr, the text says 549 kr: the stages disagree on the total.
const disputedMail = eml({
  from: 'Nordic Books <order@nordicbooks.example>',
  subject: 'Orderbekräftelse 7781',
  date: 'Tue, 13 Jan 2026 10:00:00 +0100',
  html:
    '<html><head><script type="application/ld+json">{"@context":"http://schema.org","@type":"Order","merchant":{"@type":"Organization","name":"Nordic Books"},' +
    '"orderNumber":"7781","orderDate":"2026-01-13","priceCurrency":"SEK","totalPrice":"499.00"}</script></head>' +
    '<body><h1>Nordic Books</h1><p>Order 7781</p><p>Totalt att betala: 549,00 kr</p></body></html>',
});

// No total and no items in the text: the model is asked for both.
const noTotalMail = eml({
  from: 'Gröna Lådan <hej@gronaladan.example>',
  subject: 'Kvitto för din beställning',
  date: 'Wed, 14 Jan 2026 18:00:00 +0100',
  html: '<html><body><h1>Gröna Lådan</h1><p>Beställning 5521, 14 januari 2026</p><p>Tack för din beställning!</p></body></html>',
});

describe('LLM stage through an OpenAI-compatible endpoint (fake on 127.0.0.1, real client)', () => {
  let fake: FakeOpenAi;
  let llm: ReceiptLlm;
  before(async () => {
    fake = await startFakeOpenAi();
    // Generous: the machine may be busy; only the timeout case uses a short deadline.
    llm = createOpenAiCompatibleReceiptLlm({ baseUrl: fake.baseUrl, model: 'qwen2.5:7b', apiKey: API_KEY, timeoutMs: 10_000, attempts: 1 });
  });
  after(() => fake.close());

  const run = async (mail: string, subType: 'travel' | 'miscellaneous' | 'grocery' = 'travel', via = llm) =>
    extractReceipt({ ...(await receiptInputFromEml(mail)), subType }, { llm: via, holder: HOLDER, now: NOW });

  it('sends the chat request in the protocol: model, bearer key, JSON schema of the missing fields, redacted text', async () => {
    fake.requests.length = 0;
    fake.setMode({
      kind: 'json',
      answer: { transport_type: 'train', passengers: [{ name: '[NAME]' }, { name: 'Erik Berg' }], travel_details: [{ departure_location: 'Stockholm C', arrival_location: 'Göteborg C' }] },
    });
    const got = await run(travelMail);
    assert.equal(fake.requests.length, 1);
    const req = fake.requests[0]!;
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.authorization, `Bearer ${API_KEY}`);
    assert.equal(req.body.model, 'qwen2.5:7b');
    assert.equal(req.body.temperature, 0.1);
    assert.equal(req.body.stream, false);
    assert.equal(req.body.response_format?.type, 'json_schema');
    const props = req.body.response_format?.json_schema?.schema?.properties ?? {};
    assert.ok('passengers' in props && 'travel_details' in props);
    assert.deepEqual((props.transport_type as { type: unknown }).type, ['string', 'null'], 'nullable becomes a null type');
    for (const found of ['vendor_name', 'total_amount', 'order_id']) assert.ok(!(found in props), `${found} was already found`);
    const prompt = req.body.messages?.[0]?.content ?? '';
    for (const leak of ['Maja', 'Berg', 'maja.berg', '19811218-9876', '123 45 67', 'SE45', '5000 0000']) assert.ok(!prompt.includes(leak), `prompt leaks ${leak}`);
    assert.ok(prompt.includes('NR48213') && prompt.includes('640 kr'));
    assert.equal(got.provenance.passengers, 'llm');
    assert.equal(got.detail.transport_type, 'train');
    assert.equal(got.base.total_amount, 640);
  });

  it('reads JSON in a Markdown fence or after a reasoning preamble', async () => {
    for (const content of ['```json\n{"transport_type":"bus"}\n```', '<think>The ticket is for a bus.</think>\n{"transport_type":"bus"}']) {
      fake.setMode({ kind: 'text', content });
      assert.equal((await run(travelMail)).detail.transport_type, 'bus', content);
    }
  });

  it('an answer that is not JSON, or breaks the schema, is ignored with a reason', async () => {
    fake.setMode({ kind: 'malformed' });
    let got = await run(travelMail);
    assert.equal(got.status, 'needs_review');
    assert.ok(got.reasons.some((r) => r.includes('invalid_json')), got.reasons.join('; '));
    fake.setMode({ kind: 'text', content: 'Sorry, I cannot help with that.' });
    got = await run(travelMail);
    assert.ok(got.reasons.some((r) => r.includes('invalid_json')), got.reasons.join('; '));
    // An amount no receipt has (it would round to Infinity and fail the store) is a schema violation.
    for (const answer of [{ total_amount: 1e308, currency: 'SEK' }, { total_amount: 10, items: [{ name: 'x', price: 1e300, quantity: 1 }] }]) {
      fake.setMode({ kind: 'json', answer });
      got = await run(noTotalMail, 'grocery');
      assert.equal(got.base.total_amount, null, JSON.stringify(answer));
      assert.ok(got.reasons.some((r) => r.includes('violates the schema')), got.reasons.join('; '));
    }
    fake.setMode({ kind: 'json', answer: { passengers: 'Maja', travel_details: [{ departure_location: 5 }] } });
    got = await run(travelMail);
    assert.deepEqual(got.detail.passengers, []);
    assert.ok(got.reasons.some((r) => r.includes('violates the schema')), got.reasons.join('; '));
  });

  it('survives 429, 500, a timeout and an oversized answer, and never puts the key in a reason', async () => {
    const impatient = createOpenAiCompatibleReceiptLlm({ baseUrl: fake.baseUrl, model: 'm', apiKey: API_KEY, timeoutMs: 200, attempts: 1 });
    for (const mode of [{ kind: 'status', status: 429 }, { kind: 'status', status: 500 }, { kind: 'timeout', delayMs: 5_000 }, { kind: 'huge', bytes: 2_000_000 }] as const) {
      fake.setMode(mode);
      const got = await run(travelMail, 'travel', mode.kind === 'timeout' ? impatient : llm);
      assert.equal(got.base.order_id, 'NR48213');
      assert.equal(got.status, 'needs_review');
      assert.ok(got.reasons.some((r) => r.startsWith('llm unavailable')), `${mode.kind}: ${got.reasons.join('; ')}`);
      assert.ok(!got.reasons.join(' ').includes(API_KEY));
    }
    await assert.rejects(llm.extract({ subType: 'travel', prompt: 'x', schema: { type: 'object' } }), (e: unknown) => e instanceof LlmError && e.kind === 'too_large');
  });

  it('retries a 5xx once, and sends no Authorization header without a key', async () => {
    fake.requests.length = 0;
    fake.setMode({ kind: 'status', status: 503 });
    const keyless = createOpenAiCompatibleReceiptLlm({ baseUrl: `${fake.baseUrl}/`, model: 'm', timeoutMs: 10_000, attempts: 2 });
    await assert.rejects(keyless.extract({ subType: 'travel', prompt: 'x', schema: { type: 'object' } }), (e: unknown) => e instanceof LlmError && e.kind === 'http');
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[0]!.authorization, undefined);
    fake.requests.length = 0;
    fake.setMode({ kind: 'status', status: 400 });
    await assert.rejects(keyless.extract({ subType: 'travel', prompt: 'x', schema: { type: 'object' } }));
    assert.equal(fake.requests.length, 1, 'a 4xx is not retried');
  });

  it('a total that contradicts the items and fees is refused: needs_review, never the confident wrong value', async () => {
    const items = [
      { name: 'Äpplen', price: 40, quantity: 2, unit: 'kg', category: 'produce' },
      { name: 'Bröd', price: 49, quantity: 1, unit: 'pcs', category: 'bakery' },
    ];
    fake.setMode({ kind: 'json', answer: { total_amount: 300, currency: 'SEK', items } });
    const got = await run(noTotalMail, 'grocery');
    assert.equal(got.base.total_amount, null);
    assert.equal(got.status, 'needs_review');
    assert.ok(got.reasons.some((r) => r.startsWith('llm answer contradicts the arithmetic')), got.reasons.join('; '));
    assert.deepEqual(got.detail.items, [], 'the money fields of a contradicting answer go too');

    fake.setMode({ kind: 'json', answer: { total_amount: 129, currency: 'SEK', items } });
    const fits = await run(noTotalMail, 'grocery');
    assert.equal(fits.base.total_amount, 129);
    assert.equal(fits.provenance.total_amount, 'llm');
  });

  it('refuses an implausible date, an unknown currency, a platform, a placeholder or the holder as vendor', async () => {
    // No sender, no date, no currency: the model is asked for vendor, date and currency.
    const input = { html: '<html><body><p>Receipt</p><p>Total 12.00</p></body></html>', subType: 'miscellaneous' as const };
    for (const [answer, reason] of [
      [{ invoice_date: '1999-01-01' }, 'llm invoice_date refused'],
      [{ invoice_date: '2027-06-01' }, 'llm invoice_date refused'],
      [{ currency: 'XYZ' }, 'llm currency refused'],
      [{ vendor_name: 'PayPal' }, 'llm vendor_name refused: it is a platform'],
      [{ vendor_name: 'Klarna Bank AB' }, 'llm vendor_name refused: it is a platform'],
      [{ vendor_name: '*|SUBJECT|*' }, 'llm vendor_name refused: it is a placeholder'],
      [{ vendor_name: '[NAME]' }, 'llm vendor_name refused: it is a placeholder'],
      [{ vendor_name: 'Unknown' }, 'llm vendor_name refused: it is a placeholder'],
      [{ vendor_name: 'maja berg' }, 'llm vendor_name refused: it is the account holder'],
    ] as const) {
      fake.setMode({ kind: 'json', answer });
      const got = await extractReceipt(input, { llm, holder: HOLDER, now: NOW });
      const [field] = Object.keys(answer) as ('invoice_date' | 'currency' | 'vendor_name')[];
      assert.notEqual(got.base[field!], (answer as Record<string, string>)[field!], JSON.stringify(answer));
      assert.equal(got.status, 'needs_review');
      assert.ok(got.reasons.some((r) => r.startsWith(reason)), `${JSON.stringify(answer)}: ${got.reasons.join('; ')}`);
    }
    // A merchant whose name starts like a platform is not one.
    fake.setMode({ kind: 'json', answer: { vendor_name: 'Square One Café' } });
    assert.equal((await extractReceipt(input, { llm, now: NOW })).base.vendor_name, 'Square One Café');
  });

  it('settles stages that disagree only with one of their values', async () => {
    fake.requests.length = 0;
    fake.setMode({ kind: 'json', answer: { total_amount: 549 } });
    const settled = await run(disputedMail, 'miscellaneous');
    const asked = Object.keys(fake.requests[0]!.body.response_format?.json_schema?.schema?.properties ?? {});
    assert.ok(asked.includes('total_amount'), 'a disputed total is asked for although the rules found one');
    assert.equal(settled.base.total_amount, 549);
    assert.equal(settled.provenance.total_amount, 'llm');

    fake.setMode({ kind: 'json', answer: { total_amount: 600 } });
    const other = await run(disputedMail, 'miscellaneous');
    assert.equal(other.base.total_amount, 499, 'the rules keep their choice');
    assert.equal(other.status, 'needs_review');
    assert.ok(other.reasons.some((r) => r.startsWith('total_amount: the stages disagree')), other.reasons.join('; '));
  });
});

describe('the same request for both providers', () => {
  let openai: FakeOpenAi;
  let gemini: FakeGemini;
  before(async () => {
    openai = await startFakeOpenAi({ kind: 'json', answer: { transport_type: 'train' } });
    gemini = await startFakeGemini({ kind: 'json', answer: { transport_type: 'train' } });
  });
  after(async () => {
    await openai.close();
    await gemini.close();
  });

  it('sends one prompt and one field list, and both answers land with llm provenance', async () => {
    const input = { ...(await receiptInputFromEml(travelMail)), subType: 'travel' as const };
    const viaOpenAi = await extractReceipt(input, { llm: createOpenAiCompatibleReceiptLlm({ baseUrl: openai.baseUrl, model: 'm', attempts: 1 }), holder: HOLDER, now: NOW });
    const viaGemini = await extractReceipt(input, { llm: createGeminiReceiptLlm({ apiKey: 'k', baseUrl: gemini.baseUrl, attempts: 1 }), holder: HOLDER, now: NOW });
    const o = openai.requests.at(-1)!.body;
    const g = gemini.requests.at(-1)!.body;
    assert.equal(o.messages?.[0]?.content, g.contents?.[0]?.parts?.[0]?.text);
    assert.deepEqual(
      Object.keys(o.response_format?.json_schema?.schema?.properties ?? {}),
      Object.keys((g.generationConfig?.responseSchema as { properties: object }).properties),
    );
    assert.deepEqual(viaOpenAi, viaGemini);
    assert.equal(viaOpenAi.provenance.transport_type, 'llm');
  });
});
