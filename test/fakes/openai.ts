import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type FakeLlmServer } from './gemini.js';

/**
 * A local stand-in for an OpenAI-compatible server (Ollama, llama.cpp, vLLM):
 * `POST /v1/chat/completions` answering in the real `chat.completion` shape. Records every
 * request so tests can inspect what left.
 */
export type FakeOpenAiMode =
  | { kind: 'json'; answer: unknown }
  /** The assistant's text as is (fenced JSON, a reasoning preamble, prose). */
  | { kind: 'text'; content: string }
  | { kind: 'malformed' }
  | { kind: 'status'; status: number }
  | { kind: 'timeout'; delayMs: number }
  | { kind: 'huge'; bytes: number };

export interface RecordedChatRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role?: string; content?: string }[];
    temperature?: number;
    stream?: boolean;
    response_format?: { type?: string; json_schema?: { name?: string; schema?: { properties?: Record<string, unknown> }; strict?: boolean } };
  };
}

/** `baseUrl` is what `LLM_BASE_URL` would be: up to `/v1`. */
export type FakeOpenAi = FakeLlmServer<RecordedChatRequest, FakeOpenAiMode>;

const completion = (model: string, content: string) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion',
  created: 1_764_000_000,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
});

export async function startFakeOpenAi(initial: FakeOpenAiMode = { kind: 'json', answer: {} }): Promise<FakeOpenAi> {
  let mode = initial;
  const requests: RecordedChatRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const send = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      send(404, { error: { message: 'not found', type: 'invalid_request_error' } });
      return;
    }
    let body: RecordedChatRequest['body'] = {};
    try {
      body = JSON.parse(raw) as RecordedChatRequest['body'];
    } catch {
      send(400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
      return;
    }
    requests.push({ path: req.url, authorization: req.headers.authorization, body });
    const model = body.model ?? '';
    switch (mode.kind) {
      case 'json':
        send(200, completion(model, JSON.stringify(mode.answer)));
        break;
      case 'text':
        send(200, completion(model, mode.content));
        break;
      case 'malformed':
        send(200, completion(model, '{"vendor_name": "Half'));
        break;
      case 'status':
        send(mode.status, { error: { message: 'fake error', type: mode.status === 429 ? 'rate_limit_exceeded' : 'server_error' } });
        break;
      case 'huge':
        send(200, completion(model, JSON.stringify({ notes: 'x'.repeat(mode.bytes) })));
        break;
      case 'timeout': {
        const t = setTimeout(() => {
          pending.delete(t);
          send(200, completion(model, '{}'));
        }, mode.delayMs);
        pending.add(t);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setMode: (m) => {
      mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of pending) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
