import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { Deps } from '../../app/deps.js';
import { errorBody, serialize } from '../../http/envelope.js';
import { openApiDocument, type DocumentedRoute } from '../../http/openapi.js';
import type { Route } from '../../http/route.js';
import type { HttpRequest, HttpResponse } from '../../http/types.js';
import type { PayPulseFunction } from '../function.js';
import { httpTriggers, manifest, type FunctionSpec } from '../manifest.js';
import { depsFor } from '../ports.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Loads a function module named by the manifest (its default export). */
export async function loadFunction<T>(fn: FunctionSpec): Promise<T> {
  return (await loadModule<T>(fn)).default;
}

async function loadModule<T>(fn: FunctionSpec): Promise<{ default: T; route?: Route }> {
  return (await import(pathToFileURL(path.join(PROJECT_ROOT, fn.entry)).href)) as { default: T; route?: Route };
}

/** Every HTTP route of the manifest with the schemas its function exports beside its handler. */
export async function documentedRoutes(specs: FunctionSpec[] = manifest): Promise<DocumentedRoute[]> {
  return Promise.all(httpTriggers(specs).map(async ({ fn, trigger }) => ({ fn, trigger, route: (await loadModule(fn)).route })));
}

class BodyTooLarge extends Error {}

/** Reads the body up to `limit` bytes, refusing early on a declared or streamed excess. */
async function readBody(c: Context<{ Bindings: HttpBindings }>, limit: number): Promise<string | undefined> {
  const incoming = c.env.incoming;
  // Without a body there is nothing to read, and touching `c.req.raw` would build a full fetch
  // Request (headers, abort signal) for every GET.
  if (incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined) return undefined;
  const declared = Number(incoming.headers['content-length'] ?? '0');
  if (declared > limit) throw new BodyTooLarge();
  const stream = c.req.raw.body;
  if (!stream) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** Header names lower-cased, repeated headers joined with ", " (as a fetch `Headers` reads them). */
function headerRecord(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const prev = Object.hasOwn(headers, name) ? headers[name] : undefined;
    headers[name] = prev === undefined ? raw[i + 1]! : `${prev}, ${raw[i + 1]!}`;
  }
  return headers;
}

function send(res: HttpResponse): Response {
  const { statusCode, headers, body } = serialize(res);
  return new Response(statusCode === 204 ? null : body, { status: statusCode, headers });
}

/** API Gateway prefers literal segments over `{param}` ones; register the most specific first. */
function specificity(p: string): number[] {
  return p.split('/').map((seg) => (seg.startsWith('{') ? 1 : 0));
}
function compareRoutes(a: string, b: string): number {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const d = (sa[i] ?? 0) - (sb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The local HTTP server: every HTTP route of the manifest, under the same paths as API Gateway. */
export async function createLocalApp(deps: Deps, specs: FunctionSpec[] = manifest): Promise<Hono<{ Bindings: HttpBindings }>> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const openapi = openApiDocument(await documentedRoutes(specs), deps.config);
  app.get('/v1/openapi.json', (c) => c.json(openapi));

  const routes = httpTriggers(specs).sort((a, b) => compareRoutes(a.trigger.path, b.trigger.path));
  for (const { fn, trigger } of routes) {
    const handle = (await loadFunction<PayPulseFunction>(fn)).http;
    if (!handle) throw new Error(`${fn.name} has an HTTP trigger but no http handler`);
    const fnDeps = depsFor(fn, deps);
    const honoPath = trigger.path.replace(/\{([^}]+)\}/g, ':$1');
    app.on(trigger.method, honoPath, async (c) => {
      let body: string | undefined;
      try {
        body = await readBody(c, deps.config.maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          return send({ statusCode: 413, body: errorBody('PAYLOAD_TOO_LARGE', 'Request body exceeds 1 MiB') });
        }
        throw err;
      }
      const req: HttpRequest = {
        method: trigger.method,
        path: c.req.path,
        pathParameters: c.req.param() as Record<string, string>,
        query: c.req.query(),
        headers: headerRecord(c.env.incoming.rawHeaders),
        ...(body !== undefined ? { body } : {}),
        isBase64Encoded: false,
        sourceIp: c.env.incoming.socket.remoteAddress ?? 'unknown',
      };
      const started = performance.now();
      const res = await handle(req, fnDeps);
      deps.log.debug('request', { fn: fn.name, status: res.statusCode, ms: Math.round(performance.now() - started) });
      return send(res);
    });
  }
  app.notFound(() => send({ statusCode: 404, body: errorBody('NOT_FOUND', 'Not Found') }));
  app.onError((err) => {
    deps.log.error('unhandled error in local server', { error: err });
    return send({ statusCode: 500, body: errorBody('INTERNAL_SERVER_ERROR', 'Internal Server Error') });
  });
  return app;
}
