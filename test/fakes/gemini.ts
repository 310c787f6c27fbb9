import { createServer, type IncomingMessage, type Server } from 'node:http';
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

export interface FakeGemini {
  baseUrl: string;
  requests: RecordedRequest[];
  setMode(mode: FakeGeminiMode): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
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

export async function startFakeGemini(initial: FakeGeminiMode = { kind: 'json', answer: {} }): Promise<FakeGemini> {
  let mode = initial;
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '';
    if (req.method !== 'POST' || !/^\/v1beta\/models\/[^/:]+:generateContent/.test(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'not found', status: 'NOT_FOUND' } }));
      return;
    }
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
        return send(200, candidate(JSON.stringify(mode.answer)));
      case 'malformed':
        return send(200, candidate('{"vendor_name": "Half'));
      case 'status':
        return send(mode.status, { error: { code: mode.status, message: 'fake error', status: mode.status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } });
      case 'timeout': {
        const t = setTimeout(() => {
          pending.delete(t);
          send(200, candidate('{}'));
        }, mode.delayMs);
        pending.add(t);
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
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
