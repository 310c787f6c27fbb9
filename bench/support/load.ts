import http from 'node:http';

export interface LoadResult {
  /** Sorted, in ms. */
  latencies: number[];
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Keeps `connections` keep-alive requests in flight for `seconds`; latencies in ms. */
export async function load(opts: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const target = new URL(opts.url);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + opts.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, agent, headers: opts.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return summary(latencies, seconds, errors);
}

function summary(latencies: number[], seconds: number, errors: number): LoadResult {
  return { latencies, requests: latencies.length, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/**
 * Loads each target in turn, one second at a time, for `seconds` seconds each: on a shared
 * machine whatever else runs then weighs on every target alike, so their ratio holds.
 */
export async function loadInTurns(targets: Omit<Parameters<typeof load>[0], 'seconds'>[], seconds: number): Promise<LoadResult[]> {
  const parts: LoadResult[][] = targets.map(() => []);
  for (let round = 0; round < seconds; round++) {
    for (const [i, t] of targets.entries()) parts[i]!.push(await load({ ...t, seconds: 1 }));
  }
  return parts.map((runs) =>
    summary(
      runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
      runs.reduce((n, r) => n + r.seconds, 0),
      runs.reduce((n, r) => n + r.errors, 0),
    ),
  );
}

/** One request on a keep-alive agent (node:http, far cheaper on the client side than fetch). */
export function send(agent: http.Agent, url: string, opts: { method: string; headers?: Record<string, string>; body?: string }) {
  const target = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: opts.method, agent, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
