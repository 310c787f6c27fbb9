import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { createLocalDeps, type LocalDeps } from '../../src/runtime/local/deps.js';
import { startServer } from '../../src/runtime/local/server.js';

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
      deps.close();
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
