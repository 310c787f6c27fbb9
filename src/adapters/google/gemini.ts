import { jsonPoster, LlmError, parseModelJson } from '../llm/http.js';
import type { JsonSchemaLike, ReceiptLlm, ReceiptLlmRequest } from '../../ports/receipt-llm.js';

/**
 * The receipt LLM port over Gemini's REST API (`POST /v1beta/models/{model}:generateContent`).
 * No SDK: `@google/genai` with its auth library added about 240 ms to the first LLM call's cold
 * import for this one request shape.
 */

export interface GeminiOptions {
  apiKey: string;
  /** Defaults to `gemini-2.5-flash-lite` (docs/flows.md#receipt-extraction-by-an-llm). */
  model?: string;
  /** Another endpoint (tests point this at a local fake). */
  baseUrl?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts including the first; 429, 5xx and network errors are retried. 1 = no retry. */
  attempts?: number;
  temperature?: number;
}

/** The port's neutral schema → Gemini's OpenAPI-subset `Schema` (type names in capitals). */
export function toGeminiSchema(s: JsonSchemaLike): Record<string, unknown> {
  return {
    type: s.type.toUpperCase(),
    ...(s.description ? { description: s.description } : {}),
    ...(s.nullable ? { nullable: true } : {}),
    ...(s.properties ? { properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toGeminiSchema(v)])) } : {}),
    ...(s.required ? { required: s.required } : {}),
    ...(s.items ? { items: toGeminiSchema(s.items) } : {}),
  };
}

/** The LLM stage is optional: without a configured key there is no LLM (the cascade stays deterministic). */
export function geminiFromConfig(cfg: { apiKey?: string; baseUrl?: string; model: string }): ReceiptLlm | undefined {
  if (!cfg.apiKey) return undefined;
  return createGeminiReceiptLlm({ apiKey: cfg.apiKey, model: cfg.model, ...(cfg.baseUrl ? { baseUrl: cfg.baseUrl } : {}) });
}

interface GenerateContentAnswer {
  candidates?: { content?: { parts?: { text?: unknown; thought?: boolean }[] } }[];
}

/** Creates the Gemini implementation of the receipt LLM port. */
export function createGeminiReceiptLlm(opts: GeminiOptions): ReceiptLlm {
  const base = (opts.baseUrl ?? 'https://generativelanguage.googleapis.com').replace(/\/+$/, '');
  const model = opts.model ?? 'gemini-2.5-flash-lite';
  const post = jsonPoster({
    url: `${base}/v1beta/models/${encodeURIComponent(model)}:generateContent`,
    // A header, not `?key=`: URLs end up in logs.
    headers: { 'x-goog-api-key': opts.apiKey },
    timeoutMs: opts.timeoutMs ?? 20_000,
    attempts: opts.attempts ?? 2,
    maxAnswerBytes: 1024 * 1024,
  });
  return {
    async extract(req: ReceiptLlmRequest): Promise<unknown> {
      const answer = (await post({
        contents: [{ role: 'user', parts: [{ text: req.prompt }] }],
        generationConfig: { temperature: opts.temperature ?? 0.1, responseMimeType: 'application/json', responseSchema: toGeminiSchema(req.schema) },
      })) as GenerateContentAnswer | null;
      // The answer's text is its non-thought text parts, in order.
      const text = (answer?.candidates?.[0]?.content?.parts ?? [])
        .filter((p) => !p.thought && typeof p.text === 'string')
        .map((p) => p.text as string)
        .join('');
      if (!text.trim()) throw new LlmError('empty', 'no text in the answer');
      return parseModelJson(text);
    },
  };
}
