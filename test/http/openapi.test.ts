/**
 * The served contract is the enforced one: the document the server answers is generated from the
 * schemas each function decodes with, and every constraint it states is checked by probing the
 * decoders with values just inside and just outside it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig, type Config } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';
import { jsonSchema, openApiDocument, type DocumentedRoute } from '../../src/http/openapi.js';
import { decode } from '../../src/http/route.js';
import type { HttpRequest } from '../../src/http/types.js';
import { documentedRoutes } from '../../src/runtime/local/app.js';
import { httpTriggers } from '../../src/runtime/manifest.js';
import { httpRequest } from '../support/http-request.js';
import { call, startTestServer, type TestServer } from '../support/local-server.js';
import { storedRentalItem } from '../support/rental.js';

type Json = Record<string, any>;
let s: TestServer;
let served: any;
let routes: DocumentedRoute[];
before(async () => {
  // A non-default limit, so that a document written by hand (128) could not pass.
  s = await startTestServer({ PASSWORD_MAX_LENGTH: '40' });
  served = (await call(s.url, 'GET', '/v1/openapi.json')).json;
  routes = await documentedRoutes();
});
after(() => s.close());

const op = (r: DocumentedRoute) => served.paths[r.trigger.path][r.trigger.method.toLowerCase()];

test('the served document is the one generated from the routes, for the running configuration', () => {
  const password = served.paths['/v1/auth/signup'].post.requestBody.content['application/json'].schema.properties.password;
  assert.deepEqual([password.minLength, password.maxLength], [8, 40]);
  assert.equal(routes.length, httpTriggers().length);
  assert.deepEqual(served, openApiDocument(routes, s.config));
});

test('every HTTP function declares its schemas, and each declared path parameter is in its route', () => {
  for (const r of routes) {
    assert.ok(r.route, `${r.fn.name} exports no route`);
    const schemas = r.route.schemas(s.config);
    const declared = Object.keys(schemas.path ? (jsonSchema(schemas.path).properties ?? {}) : {});
    for (const name of declared) assert.ok(r.trigger.path.includes(`{${name}}`), `${r.fn.name}: {${name}} is not in ${r.trigger.path}`);
    if (schemas.body) assert.deepEqual(op(r).requestBody.content['application/json'].schema, jsonSchema(schemas.body.schema), r.fn.name);
    else assert.equal(op(r).requestBody, undefined, r.fn.name);
  }
});

/** A value the property's schema accepts, or undefined when none is derived (formats, unconstrained). */
function valid(p: Json): unknown {
  if (p.anyOf) return p.anyOf.map(valid).find((v: unknown) => v !== undefined);
  if (p.enum) return p.enum[0];
  if (p.format === 'email') return 'maja@example.se';
  if (p.format === 'date') return '2025-01-31';
  if (p.type === 'string') return 'x'.repeat(Math.max(p.minLength ?? 1, 1));
  if (p.type === 'integer') return p.minimum ?? 1;
  return undefined;
}

/** Values the property's schema refuses, each named by the constraint it breaks, and values at its bounds. */
function probes(p: Json): { bad: [string, unknown][]; edge: unknown[] } {
  const options: Json[] = p.anyOf ? p.anyOf.flatMap((o: Json) => (o.anyOf ? o.anyOf : [o])) : [p];
  const types = new Set(options.map((o) => o.type));
  const bad: [string, unknown][] = [];
  const edge: unknown[] = [];
  for (const o of options) {
    if (o.type === 'string' && o.maxLength !== undefined) {
      bad.push([`maxLength ${o.maxLength}`, 'x'.repeat(o.maxLength + 1)]);
      if (!o.format) edge.push('x'.repeat(o.maxLength));
    }
    if (o.type === 'string' && o.minLength > 1) {
      bad.push([`minLength ${o.minLength}`, 'x'.repeat(o.minLength - 1)]);
      edge.push('x'.repeat(o.minLength));
    }
    if (o.enum) bad.push(['enum', 'not-one-of-them']);
    if (o.type === 'integer' && o.minimum !== undefined) bad.push([`minimum ${o.minimum}`, o.minimum - 1]);
    if (o.type === 'integer' && o.maximum !== undefined) bad.push([`maximum ${o.maximum}`, o.maximum + 1]);
  }
  if (types.size === 1 && types.has('string')) bad.push(['type string', 12345]);
  return { bad, edge };
}

const accepts = (r: DocumentedRoute, req: HttpRequest, config: Config) => decode(r.route!, req, config);
function refuses(r: DocumentedRoute, req: HttpRequest, config: Config, what: string) {
  assert.throws(() => accepts(r, req, config), (e: unknown) => e instanceof AppError && e.status >= 400 && e.status < 500, `${r.fn.name}: ${what} accepted`);
}

test('every body constraint the served document states is enforced, and values at its bounds are accepted', () => {
  let checked = 0;
  for (const r of routes) {
    const body = op(r).requestBody?.content['application/json'].schema as Json | undefined;
    if (!body) continue;
    const props: Record<string, Json> = body.properties ?? {};
    const base = Object.fromEntries((body.required ?? []).map((k: string) => [k, valid(props[k]!)]));
    const req = (b: Json) => httpRequest({ method: r.trigger.method, body: JSON.stringify(b) });
    accepts(r, req(base), s.config);
    for (const k of body.required ?? []) {
      const { [k]: _, ...without } = base;
      refuses(r, req(without), s.config, `a body without ${k}`);
    }
    for (const [k, p] of Object.entries(props)) {
      const { bad, edge } = probes(p);
      for (const [what, v] of bad) {
        refuses(r, req({ ...base, [k]: v }), s.config, `${k} breaking ${what}`);
        checked++;
      }
      for (const v of edge) accepts(r, req({ ...base, [k]: v }), s.config);
    }
  }
  assert.ok(checked >= 12, `only ${checked} constraints probed`);
});

test('every path and query constraint the served document states is enforced', () => {
  let checked = 0;
  for (const r of routes) {
    for (const prm of (op(r).parameters ?? []) as Json[]) {
      if (prm.in === 'path' && !r.route?.schemas(s.config).path) continue;
      const ok = Object.fromEntries(((op(r).parameters ?? []) as Json[]).filter((x) => x.in === prm.in && x.required).map((x) => [x.name, String(valid(x.schema) ?? 'x')]));
      const req = (v: unknown) => httpRequest({ [prm.in === 'path' ? 'pathParameters' : 'query']: { ...ok, [prm.name]: v } });
      for (const [what, v] of probes(prm.schema).bad.filter(([, v]) => typeof v === 'string')) {
        refuses(r, req(v), s.config, `${prm.in} ${prm.name} breaking ${what}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 2, `only ${checked} constraints probed`);
});

test("real answers match the documented success data of their route", async () => {
  const dataOf = (name: string) => routes.find((r) => r.fn.name === name)!.route!.schemas(s.config).data!;
  const conforms = (name: string, reply: { status: number; json: any; text: string }) => {
    const r = dataOf(name).safeParse(reply.json.data);
    assert.ok(r.success, `${name} answered ${reply.text.slice(0, 200)}: ${JSON.stringify(r.error?.issues)}`);
  };
  const signup = await call(s.url, 'POST', '/v1/auth/signup', { body: { name: 'Doc Check', email: 'doc.check@example.se', password: 'correct horse battery' } });
  conforms('signup_user', signup);
  const token = signup.json.data.access_token as string;
  const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string;
  conforms('login_user', await call(s.url, 'POST', '/v1/auth/login', { body: { email: 'doc.check@example.se', password: 'correct horse battery' } }));
  conforms('get_user_profile', await call(s.url, 'GET', '/v1/user/me', { token }));
  await s.deps.rentalInvoices.put(storedRentalItem(userId, '1306798107', '2025-03-31'));
  conforms('get_rental_invoice', await call(s.url, 'GET', '/v1/invoices/rental/Invoice_1306798107', { token }));
  conforms('get_invoices', await call(s.url, 'GET', '/v1/invoices/retail?counts=true', { token }));
  conforms('fetch_retail_invoices', await call(s.url, 'POST', '/v1/invoices/retail/ingest', { token }));
  conforms('delete_user', await call(s.url, 'DELETE', '/v1/user/me', { token }));
});
