import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { configWithSecrets } from '../../../src/runtime/lambda/handler.js';
import receiptLlmProvider from '../../../src/runtime/lambda/providers/receipt-llm.js';
import { startFakeGemini, type FakeGemini } from '../../fakes/gemini.js';
import { startFakeOpenAi } from '../../fakes/openai.js';

let fake: FakeGemini;
before(async () => {
  fake = await startFakeGemini({ kind: 'json', answer: { vendor_name: 'Nordic Rail' } });
});
after(() => fake.close());

const ctx = (env: Record<string, string>) => ({ config: loadConfig(env) });

test('without a Gemini key there is no LLM stage', () => {
  assert.equal(receiptLlmProvider(ctx({})), undefined);
});

test('with a key, the Gemini client sends nothing until a receipt needs it, then calls generateContent with the key in its header', async () => {
  const llm = receiptLlmProvider(ctx({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.baseUrl }));
  assert.ok(llm);
  assert.equal(fake.requests.length, 0, 'nothing is sent before a receipt needs it');
  const schema = { type: 'object' as const, properties: { vendor_name: { type: 'string' as const } }, required: ['vendor_name'] };
  assert.deepEqual(await llm.extract({ subType: 'travel', prompt: 'receipt text', schema }), { vendor_name: 'Nordic Rail' });
  assert.deepEqual(await llm.extract({ subType: 'travel', prompt: 'receipt text', schema }), { vendor_name: 'Nordic Rail' });
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0]!.apiKeyHeader, 'test-key');
});

test('with LLM_BASE_URL, the OpenAI-compatible endpoint serves the step, with the LLM key secret as its bearer key', async () => {
  const openai = await startFakeOpenAi({ kind: 'json', answer: { vendor_name: 'Nordic Rail' } });
  const geminiCalls = fake.requests.length;
  try {
    // As the handler builds it: the key read from Secrets Manager lands in config.llm.apiKey.
    const config = loadConfig({ LLM_BASE_URL: openai.baseUrl, LLM_MODEL: 'llama3.1:8b', GEMINI_API_KEY: 'gemini-key' });
    const llm = receiptLlmProvider({ config: { ...config, llm: { ...config.llm, apiKey: 'key-from-sm' } } });
    assert.ok(llm);
    const schema = { type: 'object' as const, properties: { vendor_name: { type: 'string' as const } } };
    assert.deepEqual(await llm.extract({ subType: 'travel', prompt: 'receipt text', schema }), { vendor_name: 'Nordic Rail' });
    assert.equal(openai.requests.length, 1);
    assert.equal(openai.requests[0]!.body.model, 'llama3.1:8b');
    assert.equal(openai.requests[0]!.authorization, 'Bearer key-from-sm');
    assert.equal(fake.requests.length, geminiCalls, 'Gemini is not asked');
  } finally {
    await openai.close();
  }
});

test('LLM_BASE_URL must be an http(s) URL and needs LLM_MODEL', () => {
  assert.throws(() => loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }), /LLM_MODEL is required/);
  assert.throws(() => loadConfig({ LLM_BASE_URL: 'localhost:11434', LLM_MODEL: 'm' }), /LLM_BASE_URL must be an http\(s\) URL/);
  assert.throws(() => loadConfig({ LLM_BASE_URL: 'file:///etc/passwd', LLM_MODEL: 'm' }), /LLM_BASE_URL must be an http\(s\) URL/);
  assert.deepEqual(loadConfig({}).llm, {});
});

test('on Lambda the LLM key secret becomes the OpenAI-compatible key only when that endpoint is configured', () => {
  const withEndpoint = configWithSecrets(loadConfig({ LLM_BASE_URL: 'http://10.0.0.5:8000/v1', LLM_MODEL: 'm' }), { geminiKey: 'k1' });
  assert.equal(withEndpoint.llm.apiKey, 'k1');
  const geminiOnly = configWithSecrets(loadConfig({}), { geminiKey: 'k1' });
  assert.equal(geminiOnly.llm.apiKey, undefined);
  assert.equal(geminiOnly.gemini.apiKey, 'k1');
});
