import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Gemini REST API: `POST /v1beta/models/{model}:generateContent`
 * answering in the real response shape. Records every request so tests can inspect what left.
 */
export type FakeGeminiMode =
  | { kind: 'json'; answer: unknown }
  | { kind: 'malformed' }
  | { kind: 'status'; status: number }
  | { kind: 'timeout'; delayMs: number };

export interface RecordedRequest {
  path: string;
  apiKeyHeader: string | undefined;
  body: {
    contents?: { role?: string; parts?: { text?: string }[] }[];
    generationConfig?: { temperature?: number; responseMimeType?: string; responseSchema?: unknown };
  };
}

export interface FakeLlmServer<Request, Mode> {
  baseUrl: string;
  requests: Request[];
  setMode(mode: Mode): void;
  close(): Promise<void>;
}

export type FakeGemini = FakeLlmServer<RecordedRequest, FakeGeminiMode>;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const candidate = (text: string) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
  modelVersion: 'fake',
});

/**
 * The Gemini `generateContent` endpoint as a request handler, so the fake Google serves it too
 * (`FakeGoogle.gemini`) and `startFakeGemini` runs it on a server of its own.
 */
export interface GeminiEndpoint {
  requests: RecordedRequest[];
  setMode(mode: FakeGeminiMode): void;
  /** True when the request was a Gemini call (answered); false leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse, body: string): boolean;
  /** Ends timeouts still pending. */
  stop(): void;
}

export const GEMINI_PATH = /^\/v1beta\/models\/[^/:]+:generateContent/;

export function createGeminiEndpoint(initial: FakeGeminiMode = { kind: 'json', answer: {} }): GeminiEndpoint {
  let mode = initial;
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  return {
    requests,
    setMode: (m) => {
      mode = m;
    },
    stop: () => {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    },
    handle(req, res, body) {
      const path = req.url ?? '';
      if (req.method !== 'POST' || !GEMINI_PATH.test(path)) return false;
      let parsed: RecordedRequest['body'] = {};
      try {
        parsed = JSON.parse(body) as RecordedRequest['body'];
      } catch {
        // recorded as empty
      }
      requests.push({ path, apiKeyHeader: req.headers['x-goog-api-key'] as string | undefined, body: parsed });
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      switch (mode.kind) {
        case 'json':
          send(200, candidate(JSON.stringify(mode.answer)));
          break;
        case 'malformed':
          send(200, candidate('{"vendor_name": "Half'));
          break;
        case 'status':
          send(mode.status, { error: { code: mode.status, message: 'fake error', status: mode.status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } });
          break;
        case 'timeout': {
          const t = setTimeout(() => {
            pending.delete(t);
            send(200, candidate('{}'));
          }, mode.delayMs);
          pending.add(t);
        }
      }
      return true;
    },
  };
}

export async function startFakeGemini(initial: FakeGeminiMode = { kind: 'json', answer: {} }): Promise<FakeGemini> {
  const gemini = createGeminiEndpoint(initial);
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (!gemini.handle(req, res, body)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'not found', status: 'NOT_FOUND' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests: gemini.requests,
    setMode: gemini.setMode,
    close: () =>
      new Promise<void>((resolve) => {
        gemini.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
