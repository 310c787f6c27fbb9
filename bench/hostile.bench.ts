/**
 * `npm run bench:hostile`: the latency another user sees while one user's hostile documents are
 * parsed by the local server (a PDF inflating to ~22 MB, HTML nested 100,000 deep, three wide
 * receipts that take seconds each). Baseline in the same run: the same server parsing on its
 * request thread, as before the worker pool. Target: p99 < 200 ms with the pool.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/runtime/log.js';
import { createLocalDeps } from '../src/runtime/local/deps.js';
import { startServer } from '../src/runtime/local/server.js';
import { backgroundClient, hostileObjects } from '../test/support/hostile.js';
import { percentile } from './support/load.js';

async function run(pool: boolean): Promise<{ requests: number; p99: number; max: number; seconds: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-bench-'));
  const config = loadConfig({ ...process.env, BCRYPT_COST: '4', PAYPULSE_DATA_DIR: dataDir, PORT: '0' });
  const deps = createLocalDeps(config, { log: silentLogger });
  // The baseline: without a pool the use-cases parse in-process, on the thread serving requests.
  if (!pool) delete (deps as Partial<typeof deps>).documentParser;
  const server = await startServer(deps, { host: '127.0.0.1', port: 0 });
  try {
    const signup = async (email: string) => {
      const r = await fetch(`${server.url}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Bench', email, password: 'correct horse battery' }),
      });
      const token = ((await r.json()) as { data: { access_token: string } }).data.access_token;
      return { token, userId: (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { user_id: string }).user_id };
    };
    const mallory = await signup('mallory@example.com');
    const alice = await signup('alice@example.com');
    const objects = hostileObjects(mallory.userId); // built before measuring: building them is CPU work too
    const client = backgroundClient(`${server.url}/v1/user/me`, alice.token);
    await new Promise((r) => setTimeout(r, 200)); // the client's first requests, before the documents
    const t0 = performance.now();
    for (const o of objects) await deps.objects.put(o.key, o.body, o.type);
    await deps.events.drain();
    const seconds = (performance.now() - t0) / 1000;
    const latencies = (await client.stop()).map((g) => g.ms).sort((a, b) => a - b);
    return { requests: latencies.length, p99: percentile(latencies, 99), max: latencies.at(-1)!, seconds };
  } finally {
    await server.close();
    await deps.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const inline = await run(false);
const pooled = await run(true);
const fmt = (r: typeof inline) => `${String(r.requests).padStart(4)} requests in ${r.seconds.toFixed(1)} s   p99 ${r.p99.toFixed(0).padStart(5)} ms   max ${r.max.toFixed(0).padStart(5)} ms`;
console.log(`parsed on the request thread (baseline)  ${fmt(inline)}`);
console.log(`parsed on the worker pool                ${fmt(pooled)}`);
console.log(`max latency ratio baseline/pool: ${(inline.max / pooled.max).toFixed(1)}x   p99 target < 200 ms: ${pooled.p99 < 200 ? 'met' : 'NOT met'}`);
