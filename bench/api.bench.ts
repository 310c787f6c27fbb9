/**
 * `npm run bench:api`: the local server on this machine, as its own process.
 * - GET /v1/user/me at 32 concurrent keep-alive connections: requests/s, p50, p99; beside a
 *   bare node:http server answering a fixed JSON body (the floor of this machine), same run.
 * - Login latency at the configured bcrypt cost, beside the bcrypt comparison alone: the
 *   difference is everything else login does.
 * Targets (issue 2): ≥5,000 req/s and p99 < 20 ms for the profile; login overhead ≤ 5 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { load, median } from './support/load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const COST = Number(process.env.BCRYPT_COST ?? 12);

function startProcess(args: string[], env: Record<string, string>, ready: (line: string) => string | undefined) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    let out = '';
    const scan = (c: Buffer) => {
      out += c.toString();
      for (const line of out.split('\n')) {
        const url = ready(line);
        if (url) return resolve({ child, url });
      }
    };
    child.stdout!.on('data', scan);
    child.stderr!.on('data', scan);
    child.on('exit', (code) => reject(new Error(`process exited (${code})`)));
  });
}

const baselineCode = `
const http = require('node:http');
const body = JSON.stringify({ message: 'User profile retrieved successfully', code: 200, data: { name: 'Bench', email: 'bench@example.se', created_on: '2026-01-01', gmail_account_connected: false } });
const s = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(body); });
s.listen(0, '127.0.0.1', () => console.log('BASELINE http://127.0.0.1:' + s.address().port));`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-bench-'));
const server = await startProcess(
  ['--import', 'tsx', 'src/runtime/local/main.ts'],
  { PAYPULSE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', BCRYPT_COST: String(COST) },
  (l) => /PayPulse is running at (\S+)/.exec(l)?.[1],
);
const baseline = await startProcess(['-e', baselineCode], {}, (l) => (l.startsWith('BASELINE ') ? l.slice(9) : undefined));

try {
  const post = (route: string, body: unknown) =>
    fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const creds = { email: 'bench@example.se', password: 'benchmark-password' };
  const token = ((await (await post('/v1/auth/signup', { name: 'Bench', ...creds })).json()) as any).data.access_token as string;

  // Warm both up, then measure.
  await load({ url: `${server.url}/v1/user/me`, headers: { authorization: `Bearer ${token}` }, connections: CONNECTIONS, seconds: 1 });
  await load({ url: `${baseline.url}/`, connections: CONNECTIONS, seconds: 1 });
  const ours = await load({ url: `${server.url}/v1/user/me`, headers: { authorization: `Bearer ${token}` }, connections: CONNECTIONS, seconds: SECONDS });
  const floor = await load({ url: `${baseline.url}/`, connections: CONNECTIONS, seconds: SECONDS });

  const logins: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const res = await post('/v1/auth/login', creds);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    logins.push(performance.now() - t0);
  }
  const hash = bcrypt.hashSync(creds.password, COST);
  const compares: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await bcrypt.compare(creds.password, hash);
    compares.push(performance.now() - t0);
  }

  const f = (n: number, d = 2) => n.toFixed(d);
  console.log(`\nGET /v1/user/me, ${CONNECTIONS} connections, ${SECONDS}s, 2 cores shared by server and load generator`);
  console.log(`  paypulse      ${f(ours.rps, 0).padStart(7)} req/s  p50 ${f(ours.p50)} ms  p99 ${f(ours.p99)} ms  errors ${ours.errors}`);
  console.log(`  bare node:http${f(floor.rps, 0).padStart(7)} req/s  p50 ${f(floor.p50)} ms  p99 ${f(floor.p99)} ms  errors ${floor.errors}`);
  console.log(`  ratio paypulse/bare: ${f(ours.rps / floor.rps)} of the throughput`);
  console.log(`  target ≥5000 req/s: ${ours.rps >= 5000 ? 'met' : 'NOT met'}; p99 < 20 ms: ${ours.p99 < 20 ? 'met' : 'NOT met'}`);
  console.log(`\nPOST /v1/auth/login at bcrypt cost ${COST} (median of 15)`);
  console.log(`  login ${f(median(logins), 1)} ms; bcrypt compare alone ${f(median(compares), 1)} ms; everything else ${f(median(logins) - median(compares), 1)} ms (target ≤ 5 ms)`);
} finally {
  server.child.kill('SIGTERM');
  baseline.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dataDir, { recursive: true, force: true });
}
