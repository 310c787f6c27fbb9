/**
 * `npm run bench:extract`: median milliseconds per email of the deterministic extraction cascade
 * (markup → vendor rules → generic rules, no LLM) on ~100 KB receipt emails, beside a baseline
 * measured in the same run: one full-text regex pass over the same emails.
 */
import { performance } from 'node:perf_hooks';
import { extractReceipt } from '../src/parsing/retail/cascade.js';
import { receiptInputFromEml, receiptInputFromHtml, receiptInputFromText } from '../src/parsing/retail/input.js';
import type { ReceiptInput } from '../src/parsing/retail/types.js';
import { loadVendorRules } from '../src/parsing/retail/vendor-rules.js';
import { RECEIPTS } from '../test/parsing/retail/fixtures.js';

const TARGET_BYTES = 100 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

// What pads real receipts: legal footers, recommendation blocks, tracking links, inline styles.
const PADDING_BLOCK =
  '<table class="reco" style="width:100%;border:0;font-family:Arial"><tr><td style="padding:8px">' +
  '<a href="https://click.example.test/track?u=abcdef0123456789&amp;c=reco"><img src="https://img.example.test/p.jpg" alt="Recommended product"></a></td>' +
  '<td style="padding:8px">Customers who bought this also viewed our autumn collection. Terms and conditions apply; ' +
  'prices may change without notice. Read our privacy policy to learn how we process personal data.</td></tr></table>\n';

function pad(html: string): string {
  const need = Math.max(0, TARGET_BYTES - html.length);
  const filler = PADDING_BLOCK.repeat(Math.ceil(need / PADDING_BLOCK.length));
  return html.includes('</body>') ? html.replace('</body>', `${filler}</body>`) : html + filler;
}

async function buildEmails(): Promise<{ input: ReceiptInput; raw: string }[]> {
  const out: { input: ReceiptInput; raw: string }[] = [];
  for (const f of RECEIPTS) {
    const base = f.kind === 'eml' ? await receiptInputFromEml(f.content) : f.kind === 'html' ? receiptInputFromHtml(f.content) : receiptInputFromText(f.content);
    const html = pad(base.html ?? `<pre>${base.text ?? ''}</pre>`);
    out.push({ input: { ...base, html, subType: f.subType, ...(f.vendorId ? { vendorId: f.vendorId } : {}) }, raw: html });
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const BASELINE = /(?:grand\s+total|total|totalt|att\s+betala|summa)\W{0,20}((?:[$€£]|kr|SEK|USD|EUR)?\s?\d[\d\s.,]*\d)/gi;

async function main(): Promise<void> {
  const emails = await buildEmails();
  const vendorRules = loadVendorRules();
  const now = new Date();
  const avgKb = emails.reduce((a, e) => a + e.raw.length, 0) / emails.length / 1024;

  // Warm-up: JIT and lazy module state are not what we measure.
  for (const e of emails) await extractReceipt(e.input, { vendorRules, now });

  const cascade: number[] = [];
  const baseline: number[] = [];
  let found = 0;
  let baselineHits = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const e of emails) {
      let t = performance.now();
      const got = await extractReceipt(e.input, { vendorRules, now });
      cascade.push(performance.now() - t);
      if (got.base.total_amount !== null) found++;
      t = performance.now();
      let hits = 0;
      for (const _ of e.raw.matchAll(BASELINE)) hits++;
      baselineHits += hits;
      baseline.push(performance.now() - t);
    }
  }
  const mc = median(cascade);
  const mb = median(baseline);
  console.log(`emails: ${emails.length} × ${ROUNDS} rounds, average size ${avgKb.toFixed(1)} KB`);
  console.log(`cascade (markup + vendor rules + generic, no LLM): median ${mc.toFixed(2)} ms/email`);
  console.log(`baseline (one full-text regex pass):               median ${mb.toFixed(3)} ms/email`);
  console.log(`ratio cascade/baseline: ${(mc / mb).toFixed(1)}×   target ≤ 10 ms: ${mc <= 10 ? 'met' : 'NOT met'}`);
  console.log(`totals found by the cascade: ${found}/${cascade.length}; baseline regex hits: ${baselineHits}`);
}

await main();
