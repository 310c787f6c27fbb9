import type { JsonSchemaLike, ReceiptLlm, ReceiptLlmRequest } from '../../ports/receipt-llm.js';

/**
 * The receipt LLM port over any OpenAI-compatible chat endpoint (`POST {baseUrl}/chat/completions`):
 * Ollama, llama.cpp's server, vLLM, LM Studio, or a hosted service. Plain `fetch`, no SDK: the
 * protocol is one request and one JSON answer.
 */

/** Why a call produced no usable answer; the message never contains the key, the prompt or the body. */
export class LlmError extends Error {
  constructor(readonly kind: 'rate_limited' | 'timeout' | 'http' | 'invalid_json' | 'empty' | 'too_large', detail: string) {
    super(`llm ${kind}: ${detail}`);
    this.name = 'LlmError';
  }
}

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

/** Reads at most `max` bytes of the body; more is an error, not a truncated answer. */
async function readCapped(res: Response, max: number): Promise<string> {
  if (Number(res.headers.get('content-length') ?? 0) > max) throw new LlmError('too_large', `answer over ${max} bytes`);
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new LlmError('too_large', `answer over ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON object in the model's text: as is, in a Markdown fence, or after a reasoning preamble. */
export function parseModelJson(text: string): unknown {
  const t = text.trim();
  try {
    return JSON.parse(t) as unknown;
  } catch {
    const start = t.indexOf('{');
    const end = t.lastIndexOf('}');
    if (start < 0 || end <= start) throw new LlmError('invalid_json', 'the answer is not JSON');
    try {
      return JSON.parse(t.slice(start, end + 1)) as unknown;
    } catch {
      throw new LlmError('invalid_json', 'the answer is not JSON');
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createOpenAiCompatibleReceiptLlm(opts: OpenAiCompatibleOptions): ReceiptLlm {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const timeout = opts.timeoutMs ?? 60_000;
  const attempts = Math.max(1, opts.attempts ?? 2);
  const maxBytes = opts.maxAnswerBytes ?? 1024 * 1024;

  async function once(body: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
        body,
        signal: AbortSignal.timeout(timeout),
      });
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new LlmError('timeout', `no answer within ${timeout} ms`);
      throw new LlmError('http', 'request failed');
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new LlmError(res.status === 429 ? 'rate_limited' : 'http', `status ${res.status}`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(await readCapped(res, maxBytes)) as unknown;
    } catch (err) {
      if (err instanceof LlmError) throw err;
      if (err instanceof Error && err.name === 'TimeoutError') throw new LlmError('timeout', `no answer within ${timeout} ms`);
      throw new LlmError('invalid_json', 'the response is not JSON');
    }
    const content = (payload as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || !content.trim()) throw new LlmError('empty', 'no text in the answer');
    return parseModelJson(content);
  }

  return {
    async extract(req: ReceiptLlmRequest): Promise<unknown> {
      const body = JSON.stringify({
        model: opts.model,
        messages: [{ role: 'user', content: req.prompt }],
        temperature: opts.temperature ?? 0.1,
        stream: false,
        // Schema-constrained output (OpenAI structured outputs; Ollama ≥ 0.5, llama.cpp, vLLM).
        response_format: { type: 'json_schema', json_schema: { name: 'receipt', schema: toJsonSchema(req.schema), strict: false } },
      });
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(body);
        } catch (err) {
          const retriable = err instanceof LlmError && (err.kind === 'rate_limited' || (err.kind === 'http' && !/status 4/.test(err.message)));
          if (!retriable || attempt >= attempts) throw err;
          await sleep(250 * attempt);
        }
      }
    },
  };
}
