import { existsSync } from 'node:fs';
import path from 'node:path';
import { evalInvoices, evalPaymentRefs } from '../../eval/invoices.js';
import { evalGmail, evalMime } from '../../eval/mail.js';
import { formatReport, type EvalReport } from '../../eval/report.js';
import { evalRetail } from '../../eval/retail.js';

/** Every kind of the corpus format this project can score, with the file that marks it present. */
const KINDS: { kind: string; marker: string; run: (dir: string, bySource: boolean) => Promise<EvalReport | EvalReport[]> }[] = [
  { kind: 'invoices', marker: 'invoices/expected.jsonl', run: evalInvoices },
  { kind: 'payment-refs', marker: 'payment-refs/ocr.jsonl', run: evalPaymentRefs },
  { kind: 'mime', marker: 'mime/expected.jsonl', run: evalMime },
  { kind: 'gmail', marker: 'gmail/expected.jsonl', run: evalGmail },
  { kind: 'retail', marker: 'retail/expected.jsonl', run: (dir, bySource) => evalRetail(dir, { bySource }) },
];

/**
 * `paypulse eval DIR [--kind K ...] [--json] [--notes] [--by-source]`: per-field accuracy on an
 * evaluation corpus, for every kind present in DIR (or only the named ones). `--by-source` adds,
 * for receipts, one report per source and a leave-one-source-out report.
 */
export async function evalCommand(args: string[], out: (s: string) => void): Promise<number> {
  const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--kind');
  const only = args.flatMap((a, i) => (args[i - 1] === '--kind' ? [a] : []));
  if (!dir || !existsSync(dir)) {
    process.stderr.write('usage: paypulse eval CORPUS_DIR [--kind invoices|payment-refs|mime|gmail|retail] [--json] [--notes] [--by-source]\n');
    return 2;
  }
  const kinds = KINDS.filter((k) => (only.length ? only.includes(k.kind) : existsSync(path.join(dir, k.marker))));
  if (kinds.length === 0) {
    process.stderr.write(`no known corpus kind in ${dir}\n`);
    return 1;
  }
  const reports: EvalReport[] = [];
  for (const k of kinds) reports.push(...[await k.run(dir, args.includes('--by-source'))].flat());
  if (args.includes('--json')) out(JSON.stringify(reports, null, 2));
  else for (const r of reports) out(formatReport(r, { notes: args.includes('--notes') }));
  return 0;
}
