/**
 * `npm run bench:cold`: per function, the bundle and zip sizes and the median cold import time
 * of its bundle over fresh Node processes, minus the median for an empty module measured in the
 * same run (interleaved, so machine load hits both alike). Exits 1 when a target is missed.
 *
 * Targets: bundle ≤ 1 MB (parse_invoice ≤ 2.5 MB); import ≤ 120 ms above the empty module.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { manifest } from '../src/runtime/manifest.js';

const RUNS = Number(process.env.COLD_RUNS ?? 11);
const DIST = path.resolve(process.env.PAYPULSE_BUNDLE_DIR ?? 'dist/functions');
const MB = 1024 * 1024;
const sizeLimit = (name: string) => (name === 'parse_invoice' ? 2.5 * MB : MB);
const IMPORT_LIMIT_MS = 120;

const emptyDir = mkdtempSync(path.join(tmpdir(), 'pp-cold-'));
const empty = path.join(emptyDir, 'empty.mjs');
writeFileSync(empty, 'export const handler = async () => {};\n');

/** One fresh process; the time from just before the import to just after it. */
function importMs(file: string): number {
  const script = `const s = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - s));`;
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

const rows: { name: string; bundle: number; zip: number; importMs: number; ok: boolean }[] = [];
const emptyRuns: number[] = [];
const runs = new Map<string, number[]>();
for (const f of manifest) {
  const bundle = path.join(DIST, f.name, 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} missing: run npm run build`);
  runs.set(f.name, []);
}
for (let i = 0; i < RUNS; i++) {
  emptyRuns.push(importMs(empty));
  for (const f of manifest) runs.get(f.name)!.push(importMs(path.join(DIST, f.name, 'index.mjs')));
}
const baseline = median(emptyRuns);
for (const f of manifest) {
  const bundle = statSync(path.join(DIST, f.name, 'index.mjs')).size;
  const zipFile = path.join(DIST, `${f.name}.zip`);
  const zip = existsSync(zipFile) ? statSync(zipFile).size : 0;
  const ms = median(runs.get(f.name)!) - baseline;
  rows.push({ name: f.name, bundle, zip, importMs: ms, ok: bundle <= sizeLimit(f.name) && ms <= IMPORT_LIMIT_MS });
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(`cold import: median of ${RUNS} fresh processes each, minus the empty module (${baseline.toFixed(1)} ms), Node ${process.version}`);
console.log(['function'.padEnd(28), 'bundle'.padStart(9), 'zip'.padStart(9), 'import'.padStart(10), ' target'].join(' '));
for (const r of rows) {
  console.log(
    [r.name.padEnd(28), kb(r.bundle).padStart(9), kb(r.zip).padStart(9), `${r.importMs.toFixed(1)} ms`.padStart(10), r.ok ? ' ok' : ` MISSED (≤ ${kb(sizeLimit(r.name))}, ≤ ${IMPORT_LIMIT_MS} ms)`].join(' '),
  );
}
if (rows.some((r) => !r.ok)) process.exitCode = 1;
