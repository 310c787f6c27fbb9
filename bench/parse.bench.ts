/**
 * `npm run bench:parse`: median/p90 milliseconds per single-page rent notice for
 * `parseRentalPdf` (in-process unpdf), beside the original's approach in the same run:
 * `pdftotext -q FILE -` as a subprocess plus the same text rules on its output. The files are
 * written before timing starts, so the baseline is not charged for the download/write step.
 * Options: --count N (default 240), --seed S.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RENT_NOTICE_LAYOUTS, renderRentNotice, sampleRentNotice, seededRandom } from '../src/demo/rent-notice-pdf.js';
import { parseRentNotice } from '../src/parsing/rental/rent-notice.js';
import { parseRentalPdf } from '../src/parsing/rental/rental-item.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(ms: number[]): { median: number; p90: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p90: quantile(s, 0.9) };
}

const fmt = (n: number) => n.toFixed(2).padStart(8);

const count = arg('count', 240);
const rand = seededRandom(arg('seed', 42));
const pdfs: Uint8Array[] = [];
for (let i = 0; i < count; i++) pdfs.push(await renderRentNotice(sampleRentNotice(RENT_NOTICE_LAYOUTS[i % 3]!, rand)));
const opts = { userId: 'bench', key: 'invoices/bench/rental/Hyresavi_1.pdf' };

// Warm-up so JIT compilation and pdf.js module loading are not measured.
for (const pdf of pdfs.slice(0, 20)) await parseRentalPdf(pdf, opts);
const ours: number[] = [];
let oursOk = 0;
for (const pdf of pdfs) {
  const t0 = performance.now();
  const res = await parseRentalPdf(pdf, opts);
  ours.push(performance.now() - t0);
  if ('item' in res && res.item.parse_status === 'ok') oursOk++;
}
const o = summary(ours);
console.log(`notices: ${count} (layouts: ${RENT_NOTICE_LAYOUTS.join(', ')})`);
console.log(`parseRentalPdf (unpdf, in-process)   median ${fmt(o.median)} ms   p90 ${fmt(o.p90)} ms   items ok ${oursOk}/${count}`);

const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
if (probe.error) {
  console.log('baseline could not run: pdftotext (poppler-utils) is not installed on this machine');
} else {
  const dir = await mkdtemp(path.join(tmpdir(), 'paypulse-bench-'));
  try {
    const files = await Promise.all(
      pdfs.map(async (pdf, i) => {
        const file = path.join(dir, `Hyresavi_${i}.pdf`);
        await writeFile(file, pdf);
        return file;
      }),
    );
    const base: number[] = [];
    let sameTotal = 0;
    for (const [i, file] of files.entries()) {
      const t0 = performance.now();
      const run = spawnSync('pdftotext', ['-q', file, '-'], { encoding: 'utf8' });
      const parse = parseRentNotice(run.stdout ?? '');
      base.push(performance.now() - t0);
      const mine = await parseRentalPdf(pdfs[i]!, opts);
      if ('item' in mine && parse.total !== undefined && Math.round(parse.total / 100) === mine.item['Total Amount']) sameTotal++;
    }
    const b = summary(base);
    const version = (probe.stderr || probe.stdout).split('\n')[0];
    console.log(`pdftotext subprocess + rules         median ${fmt(b.median)} ms   p90 ${fmt(b.p90)} ms   (${version})`);
    console.log(`speed-up (baseline / ours)           median ${fmt(b.median / o.median)} x   p90 ${fmt(b.p90 / o.p90)} x`);
    console.log(`same Total Amount from both paths: ${sameTotal}/${count}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
