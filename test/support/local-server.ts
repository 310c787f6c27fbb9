import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { createLocalDeps, type LocalDeps, type LocalOverrides } from '../../src/runtime/local/deps.js';
import { startServer } from '../../src/runtime/local/server.js';
import { decode, ios } from './ios.js';

export interface TestServer {
  url: string;
  deps: LocalDeps;
  config: Config;
  /** Every log line written while the server ran. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The local runtime in-process, on a fresh data directory and a free port. `overrides` swap the
 * clock, the mailbox source, Gmail client limits or the event retry timing.
 */
export async function startTestServer(env: Record<string, string> = {}, overrides: Omit<LocalOverrides, 'log'> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-test-'));
  const config = loadConfig({ BCRYPT_COST: '4', LOG_LEVEL: 'debug', ...env, PAYPULSE_DATA_DIR: dataDir, PORT: '0' });
  const logs: string[] = [];
  const deps = createLocalDeps(config, {
    ...overrides,
    log: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
    events: { backoffMs: 5, ...overrides.events },
  });
  const server = await startServer(deps, { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    deps,
    config,
    logs,
    async close() {
      await server.close();
      await deps.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** One HTTP call; `body` objects are sent as JSON, strings as they are. */
export async function call(
  base: string,
  method: string,
  route: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (typeof opts.body === 'string') body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${route}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A test server with a bound client, a signup helper and the data directory (rental end-to-end tests). */
export interface LocalServer extends TestServer {
  dataDir: string;
  call(method: string, route: string, opts?: { token?: string; json?: unknown; form?: Record<string, string> }): Promise<Reply>;
  signup(name: string, email: string): Promise<{ token: string; userId: string }>;
}

export async function startLocal(opts: { env?: Record<string, string> } & Omit<LocalOverrides, 'log'> = {}): Promise<LocalServer> {
  const { env = {}, ...overrides } = opts;
  const s = await startTestServer(env, overrides);
  const bound: LocalServer['call'] = (method, route, o = {}) =>
    call(s.url, method, route, {
      ...(o.token ? { token: o.token } : {}),
      ...(o.json !== undefined ? { body: o.json } : {}),
      ...(o.form ? { body: new URLSearchParams(o.form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
  return {
    ...s,
    dataDir: s.config.dataDir,
    call: bound,
    async signup(name, email) {
      const r = await bound('POST', '/v1/auth/signup', { json: { name, email, password: 'correct horse battery' } });
      assert.equal(r.status, 201, r.text);
      const token = r.json.data.access_token as string;
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { user_id: string };
      return { token, userId: claims.user_id };
    },
  };
}

/** Decodes Mode A `data` as the app does (`{invoiceCount: Int, invoices: {"<year as Int>": [RentalInvoice]}}`) and returns the items. */
export function decodeRentalList(data: unknown): { count: number; items: Record<string, unknown>[] } {
  decode(data, { object: { invoiceCount: 'Int', invoices: { dict: { array: ios.RentalInvoice } } } });
  const d = data as { invoiceCount: number; invoices: Record<string, Record<string, unknown>[]> };
  for (const year of Object.keys(d.invoices)) assert.match(year, /^\d+$/, 'year keys parse as integers');
  const items = Object.values(d.invoices).flat();
  assert.equal(items.length, d.invoiceCount);
  return { count: d.invoiceCount, items };
}
