/**
 * `npm run bench:cold`: per function, the code size (the bundle, and with the chunks it imports on
 * demand), the zip size, and the median cold import time over fresh Node processes, minus the
 * median for an empty module measured in the same run (interleaved, so machine load hits both
 * alike). "all code" imports the bundle and every chunk: the worst case, which the targets judge.
 * Exits 1 when a target is missed.
 *
 * Baseline in the same run: the same entry shipped as a plain npm package would be (our code
 * bundled, every dependency imported from node_modules), imported the same way; the ratio is
 * baseline / ours. Targets: all code ≤ 1 MB (parse_invoice ≤ 2.5 MB); import of all code ≤ 120 ms
 * above the empty module, ≤ 60 ms for functions with only an HTTP trigger and no mailbox.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { entrySource } from '../src/runtime/lambda/entries.js';
import { manifest, type FunctionSpec } from '../src/runtime/manifest.js';

const RUNS = Number(process.env.COLD_RUNS ?? 11);
const DIST = path.resolve(process.env.PAYPULSE_BUNDLE_DIR ?? 'dist/functions');
const MB = 1024 * 1024;
const sizeLimit = (name: string) => (name === 'parse_invoice' ? 2.5 * MB : MB);
// The Gmail functions (a mailbox port) need the Gmail client for their first event whatever the
// trigger: 120 ms, as every other function; the API-only functions 60 ms.
const importLimit = (f: FunctionSpec) => (f.triggers.every((t) => t.kind === 'http') && !f.ports.includes('mailbox') ? 60 : 120);
// Inside the project, so the baseline's bare imports resolve from its node_modules.
const BASELINE_DIR = path.resolve('dist/cold-baseline');

async function buildBaseline(f: FunctionSpec): Promise<string> {
  const outfile = path.join(BASELINE_DIR, f.name, 'index.mjs');
  await build({
    stdin: { contents: entrySource(f), resolveDir: process.cwd(), sourcefile: `${f.name}.entry.ts`, loader: 'ts' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

const emptyDir = mkdtempSync(path.join(tmpdir(), 'pp-cold-'));
const empty = path.join(emptyDir, 'empty.mjs');
writeFileSync(empty, 'export const handler = async () => {};\n');

/** The bundle and the chunks beside it, the bundle first. */
function codeFiles(name: string): string[] {
  const dir = path.join(DIST, name);
  const chunks = existsSync(path.join(dir, 'chunks')) ? readdirSync(path.join(dir, 'chunks')).filter((f) => f.endsWith('.mjs')) : [];
  return [path.join(dir, 'index.mjs'), ...chunks.map((c) => path.join(dir, 'chunks', c))];
}

/** One fresh process; the time from just before the imports to just after them. */
function importMs(files: string[]): number {
  const imports = files.map((f) => `await import(${JSON.stringify(pathToFileURL(f).href)});`).join(' ');
  const script = `const s = performance.now(); ${imports} process.stdout.write(String(performance.now() - s));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  return Number(out);
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const rows: {
  name: string;
  bundle: number;
  all: number;
  zip: number;
  importMs: number;
  importAllMs: number;
  baselineMs: number;
  limit: number;
  ok: boolean;
}[] = [];
const emptyRuns: number[] = [];
const runs = new Map<string, { index: number[]; all: number[]; baseline: number[] }>();
const baselineFiles = new Map<string, string>();
for (const f of manifest) {
  const bundle = path.join(DIST, f.name, 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} missing: run npm run build`);
  runs.set(f.name, { index: [], all: [], baseline: [] });
  baselineFiles.set(f.name, await buildBaseline(f));
}
for (let i = 0; i < RUNS; i++) {
  emptyRuns.push(importMs([empty]));
  for (const f of manifest) {
    const files = codeFiles(f.name);
    runs.get(f.name)!.index.push(importMs(files.slice(0, 1)));
    runs.get(f.name)!.all.push(importMs(files));
    runs.get(f.name)!.baseline.push(importMs([baselineFiles.get(f.name)!]));
  }
}
const baseline = median(emptyRuns);
for (const f of manifest) {
  const files = codeFiles(f.name);
  const bundle = statSync(files[0]!).size;
  const all = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const zipFile = path.join(DIST, `${f.name}.zip`);
  const zip = existsSync(zipFile) ? statSync(zipFile).size : 0;
  const ms = median(runs.get(f.name)!.index) - baseline;
  const allMs = median(runs.get(f.name)!.all) - baseline;
  const baselineMs = median(runs.get(f.name)!.baseline) - baseline;
  const limit = importLimit(f);
  rows.push({ name: f.name, bundle, all, zip, importMs: ms, importAllMs: allMs, baselineMs, limit, ok: all <= sizeLimit(f.name) && allMs <= limit });
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(
  `cold import: median of ${RUNS} fresh processes each, minus the empty module (${baseline.toFixed(1)} ms); ${availableParallelism()} cores, Node ${process.version}`,
);
console.log('baseline: the same entry with its dependencies imported from node_modules (unbundled); ratio = baseline / import');
console.log(
  [
    'function'.padEnd(28),
    'bundle'.padStart(9),
    'all code'.padStart(9),
    'zip'.padStart(9),
    'import'.padStart(10),
    'import all'.padStart(11),
    'baseline'.padStart(10),
    'ratio'.padStart(6),
    ' target',
  ].join(' '),
);
for (const r of rows) {
  console.log(
    [
      r.name.padEnd(28),
      kb(r.bundle).padStart(9),
      kb(r.all).padStart(9),
      kb(r.zip).padStart(9),
      `${r.importMs.toFixed(1)} ms`.padStart(10),
      `${r.importAllMs.toFixed(1)} ms`.padStart(11),
      `${r.baselineMs.toFixed(1)} ms`.padStart(10),
      `${(r.baselineMs / r.importMs).toFixed(2)}x`.padStart(6),
      r.ok ? ` ok (≤ ${r.limit} ms)` : ` MISSED (≤ ${kb(sizeLimit(r.name))}, ≤ ${r.limit} ms)`,
    ].join(' '),
  );
}
if (rows.some((r) => !r.ok)) process.exitCode = 1;
