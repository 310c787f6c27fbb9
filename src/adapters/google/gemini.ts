import { ApiError, GoogleGenAI, Type, type Schema } from '@google/genai';
import type { JsonSchemaLike, ReceiptLlm, ReceiptLlmRequest } from '../../ports/receipt-llm.js';

/** Why a Gemini call produced no usable answer; the message never contains the key or the prompt. */
export class GeminiError extends Error {
  constructor(readonly kind: 'rate_limited' | 'timeout' | 'http' | 'invalid_json' | 'empty', detail: string) {
    super(`gemini ${kind}: ${detail}`);
    this.name = 'GeminiError';
  }
}

export interface GeminiOptions {
  apiKey: string;
  /** Defaults to `gemini-2.5-flash-lite` (docs/flows.md#receipt-extraction-by-an-llm). */
  model?: string;
  /** Another endpoint (tests point this at a local fake). */
  baseUrl?: string;
  timeoutMs?: number;
  /** Attempts including the first (the SDK retries 429/5xx); 1 = no retry. */
  attempts?: number;
  temperature?: number;
}

const TYPES: Record<JsonSchemaLike['type'], Type> = {
  object: Type.OBJECT,
  array: Type.ARRAY,
  string: Type.STRING,
  number: Type.NUMBER,
  integer: Type.INTEGER,
  boolean: Type.BOOLEAN,
};

/** The port's neutral schema → Gemini's OpenAPI-subset `Schema`. */
export function toGeminiSchema(s: JsonSchemaLike): Schema {
  return {
    type: TYPES[s.type],
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

/** Creates the Gemini implementation of the receipt LLM port. */
export function createGeminiReceiptLlm(opts: GeminiOptions): ReceiptLlm {
  const timeout = opts.timeoutMs ?? 20_000;
  const ai = new GoogleGenAI({
    apiKey: opts.apiKey,
    httpOptions: {
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      timeout,
      retryOptions: { attempts: opts.attempts ?? 2 },
    },
  });
  const model = opts.model ?? 'gemini-2.5-flash-lite';
  return {
    async extract(req: ReceiptLlmRequest): Promise<unknown> {
      // Our own deadline too: the SDK's timeout does not cover retries.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeout * (opts.attempts ?? 2) + 1_000);
      let text: string | undefined;
      try {
        const res = await ai.models.generateContent({
          model,
          contents: req.prompt,
          config: {
            temperature: opts.temperature ?? 0.1,
            responseMimeType: 'application/json',
            responseSchema: toGeminiSchema(req.schema),
            abortSignal: abort.signal,
          },
        });
        text = res.text;
      } catch (err) {
        if (err instanceof ApiError) throw new GeminiError(err.status === 429 ? 'rate_limited' : 'http', `status ${err.status}`);
        if (abort.signal.aborted || (err instanceof Error && /abort|timeout/i.test(err.name + err.message)))
          throw new GeminiError('timeout', `no answer within ${timeout} ms`);
        throw new GeminiError('http', err instanceof Error ? err.name : 'request failed');
      } finally {
        clearTimeout(timer);
      }
      if (!text?.trim()) throw new GeminiError('empty', 'no text in the answer');
      try {
        // Models sometimes wrap JSON in a Markdown fence despite the MIME type.
        return JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '')) as unknown;
      } catch {
        throw new GeminiError('invalid_json', 'the answer is not JSON');
      }
    },
  };
}
