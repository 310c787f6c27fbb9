import type { JsonSchemaLike, ReceiptLlm, ReceiptLlmRequest } from '../../ports/receipt-llm.js';
import { jsonPoster, LlmError, parseModelJson } from './http.js';

/**
 * The receipt LLM port over any OpenAI-compatible chat endpoint (`POST {baseUrl}/chat/completions`):
 * Ollama, llama.cpp's server, vLLM, LM Studio, or a hosted service. One request, one JSON
 * answer (`./http.ts`).
 */

export interface OpenAiCompatibleOptions {
  /** Up to and including the API version, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token when set (local servers usually need none). */
  apiKey?: string;
  /** Per attempt. Local models on a CPU are slow, hence the generous default. */
  timeoutMs?: number;
  /** Attempts including the first; 429, 5xx and network errors are retried. */
  attempts?: number;
  temperature?: number;
  /** A longer answer is refused (a receipt's JSON is a few KB). */
  maxAnswerBytes?: number;
}

/** The port's neutral schema → JSON Schema (`nullable` becomes a `null` type). */
export function toJsonSchema(s: JsonSchemaLike): Record<string, unknown> {
  return {
    type: s.nullable ? [s.type, 'null'] : s.type,
    ...(s.description ? { description: s.description } : {}),
    ...(s.properties ? { properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toJsonSchema(v)])) } : {}),
    ...(s.required ? { required: s.required } : {}),
    ...(s.items ? { items: toJsonSchema(s.items) } : {}),
  };
}

/** The LLM stage is optional: without a base URL and a model there is none. */
export function openAiCompatibleFromConfig(cfg: { baseUrl?: string; model?: string; apiKey?: string }): ReceiptLlm | undefined {
  if (!cfg.baseUrl || !cfg.model) return undefined;
  return createOpenAiCompatibleReceiptLlm({ baseUrl: cfg.baseUrl, model: cfg.model, ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}) });
}

export function createOpenAiCompatibleReceiptLlm(opts: OpenAiCompatibleOptions): ReceiptLlm {
  const post = jsonPoster({
    url: `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`,
    headers: opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {},
    timeoutMs: opts.timeoutMs ?? 60_000,
    attempts: opts.attempts ?? 2,
    maxAnswerBytes: opts.maxAnswerBytes ?? 1024 * 1024,
  });
  return {
    async extract(req: ReceiptLlmRequest): Promise<unknown> {
      const payload = await post({
        model: opts.model,
        messages: [{ role: 'user', content: req.prompt }],
        temperature: opts.temperature ?? 0.1,
        stream: false,
        // Schema-constrained output (OpenAI structured outputs; Ollama ≥ 0.5, llama.cpp, vLLM).
        response_format: { type: 'json_schema', json_schema: { name: 'receipt', schema: toJsonSchema(req.schema), strict: false } },
      });
      const content = (payload as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || !content.trim()) throw new LlmError('empty', 'no text in the answer');
      return parseModelJson(content);
    },
  };
}
