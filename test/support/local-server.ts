/**
 * The local runtime as `npm start` builds it (same deps, same server), on 127.0.0.1 with a free
 * port and a temporary data directory, plus a small HTTP client.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/ports/clock.js';
import { createLogger } from '../../src/runtime/log.js';
import { createLocalDeps, type LocalDeps, type LocalOverrides } from '../../src/runtime/local/deps.js';
import { startServer } from '../../src/runtime/local/server.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface LocalServer {
  url: string;
  deps: LocalDeps;
  dataDir: string;
  /** Every log line written while the server ran. */
  logs: string[];
  call(method: string, p: string, opts?: { token?: string; json?: unknown; form?: Record<string, string> }): Promise<Reply>;
  signup(name: string, email: string): Promise<{ token: string; userId: string }>;
  close(): Promise<void>;
}

export async function startLocal(opts: { env?: Record<string, string>; clock?: Clock } & Omit<LocalOverrides, 'log' | 'clock'> = {}): Promise<LocalServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-e2e-'));
  const config = loadConfig({ PAYPULSE_DATA_DIR: dataDir, BCRYPT_COST: '4', LOG_LEVEL: 'debug', ...opts.env });
  const logs: string[] = [];
  const { env: _env, clock, ...overrides } = opts;
  const deps = createLocalDeps(config, { ...overrides, ...(clock ? { clock } : {}), log: createLogger({ level: 'debug', write: (l) => logs.push(l) }), events: { backoffMs: 5, ...overrides.events } });
  const server = await startServer(deps, { host: '127.0.0.1', port: 0 });
  const call: LocalServer['call'] = async (method, p, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    }
    const res = await fetch(`${server.url}${p}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    url: server.url,
    deps,
    dataDir,
    logs,
    call,
    async signup(name, email) {
      const r = await call('POST', '/v1/auth/signup', { json: { name, email, password: 'correct horse battery' } });
      assert.equal(r.status, 201, r.text);
      const token = r.json.data.access_token as string;
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { user_id: string };
      return { token, userId: claims.user_id };
    },
    async close() {
      await server.close();
      await deps.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Decodes one list element as the iOS app's `RentalInvoice` (API.md §5): every key required,
 * Swift `Int` for amounts (a JSON integer), `String` for the rest.
 */
export function decodeRentalInvoice(x: unknown): void {
  assert.ok(x && typeof x === 'object', 'invoice is an object');
  const o = x as Record<string, unknown>;
  for (const k of ['InvoiceID', 'Filename', 'due_date_month', 'due_date_year', 'Due Date', 'OCR']) assert.equal(typeof o[k], 'string', `${k} is a String`);
  for (const k of ['Hyra', 'El', 'Kallvatten', 'Varmvatten', 'Total Amount', 'Moms']) assert.ok(Number.isInteger(o[k]), `${k} is an Int (got ${JSON.stringify(o[k])})`);
}

/** Decodes the Mode A `data` as the app does: `{invoiceCount: Int, invoices: {"<year as Int>": [RentalInvoice]}}`. */
export function decodeRentalList(data: unknown): { count: number; items: Record<string, unknown>[] } {
  const d = data as { invoiceCount: unknown; invoices: Record<string, unknown[]> };
  assert.ok(Number.isInteger(d.invoiceCount));
  const items: Record<string, unknown>[] = [];
  for (const [year, list] of Object.entries(d.invoices)) {
    assert.match(year, /^\d+$/, 'year keys parse as integers');
    assert.ok(Array.isArray(list));
    for (const i of list) {
      decodeRentalInvoice(i);
      items.push(i as Record<string, unknown>);
    }
  }
  assert.equal(items.length, d.invoiceCount);
  return { count: d.invoiceCount as number, items };
}

// --- main's helpers (auth and Gmail end-to-end tests) ---

export interface TestServer {
  url: string;
  deps: LocalDeps;
  config: Config;
  /** Every log line written while the server ran. */
  logs: string[];
  close(): Promise<void>;
}

/** The local runtime in-process, on a fresh data directory and a free port. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-test-'));
  const config = loadConfig({ BCRYPT_COST: '4', LOG_LEVEL: 'debug', ...env, PAYPULSE_DATA_DIR: dataDir, PORT: '0' });
  const logs: string[] = [];
  const deps = createLocalDeps(config, { log: createLogger({ level: 'debug', write: (l) => logs.push(l) }) });
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
