/**
 * The one HTTP exchange both LLM adapters make: POST a JSON body, read a capped JSON answer, retry
 * 429, 5xx and network errors. Plain `fetch`: an SDK would add hundreds of KB to a cold start for
 * one request shape.
 */

/** Why a call produced no usable answer; the message never contains the key, the prompt or the body. */
export class LlmError extends Error {
  constructor(readonly kind: 'rate_limited' | 'timeout' | 'http' | 'invalid_json' | 'empty' | 'too_large', detail: string) {
    super(`llm ${kind}: ${detail}`);
    this.name = 'LlmError';
  }
}

export interface PosterOptions {
  url: string;
  headers: Record<string, string>;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts including the first. */
  attempts: number;
  /** A longer answer is refused, not truncated. */
  maxAnswerBytes: number;
}

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

/** A function that POSTs a body to the endpoint and resolves to its parsed JSON answer. */
export function jsonPoster(opts: PosterOptions): (body: unknown) => Promise<unknown> {
  const timeout = opts.timeoutMs;
  async function once(body: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(opts.url, { method: 'POST', headers: { 'content-type': 'application/json', ...opts.headers }, body, signal: AbortSignal.timeout(timeout) });
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new LlmError('timeout', `no answer within ${timeout} ms`);
      throw new LlmError('http', 'request failed');
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new LlmError(res.status === 429 ? 'rate_limited' : 'http', `status ${res.status}`);
    }
    try {
      return JSON.parse(await readCapped(res, opts.maxAnswerBytes)) as unknown;
    } catch (err) {
      if (err instanceof LlmError) throw err;
      if (err instanceof Error && err.name === 'TimeoutError') throw new LlmError('timeout', `no answer within ${timeout} ms`);
      throw new LlmError('invalid_json', 'the response is not JSON');
    }
  }
  return async (payload) => {
    const body = JSON.stringify(payload);
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(body);
      } catch (err) {
        const retriable = err instanceof LlmError && (err.kind === 'rate_limited' || (err.kind === 'http' && !/status 4/.test(err.message)));
        if (!retriable || attempt >= Math.max(1, opts.attempts)) throw err;
        await sleep(250 * attempt);
      }
    }
  };
}
