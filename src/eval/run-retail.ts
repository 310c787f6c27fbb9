// `npm run eval:retail [-- CORPUS_DIR]`: prints the retail evaluation report (default corpus: /work/shared/corpus).
import { evalRetail } from './retail.js';

const dir = process.argv[2] ?? process.env.CORPUS_DIR ?? '/work/shared/corpus';
const [report] = await evalRetail(dir);
console.log(JSON.stringify({ kind: report!.kind, records: report!.records, fields: report!.fields }, null, 2));
for (const n of report!.notes ?? []) console.log(n);
