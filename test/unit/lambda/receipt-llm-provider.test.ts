import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import type { PortContext } from '../../../src/runtime/lambda/provider.js';
import receiptLlmProvider from '../../../src/runtime/lambda/providers/receipt-llm.js';
import { startFakeGemini, type FakeGemini } from '../../fakes/gemini.js';

let fake: FakeGemini;
before(async () => {
  fake = await startFakeGemini({ kind: 'json', answer: { vendor_name: 'Nordic Rail' } });
});
after(() => fake.close());

const ctx = (env: Record<string, string>) => ({ config: loadConfig(env) }) as unknown as PortContext;

test('without a Gemini key there is no LLM stage', () => {
  assert.equal(receiptLlmProvider(ctx({})), undefined);
});

test('with a key, the Gemini client is loaded on the first call and answers through the real SDK', async () => {
  const llm = receiptLlmProvider(ctx({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.baseUrl }));
  assert.ok(llm);
  assert.equal(fake.requests.length, 0, 'nothing is sent before a receipt needs it');
  const schema = { type: 'object' as const, properties: { vendor_name: { type: 'string' as const } }, required: ['vendor_name'] };
  assert.deepEqual(await llm.extract({ subType: 'travel', prompt: 'receipt text', schema }), { vendor_name: 'Nordic Rail' });
  assert.deepEqual(await llm.extract({ subType: 'travel', prompt: 'receipt text', schema }), { vendor_name: 'Nordic Rail' });
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0]!.apiKeyHeader, 'test-key');
});
