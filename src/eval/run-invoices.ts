/** `npm run eval:invoices -- [CORPUS_DIR]`: prints both invoice evaluation reports as JSON. */
import { evalInvoices, evalPaymentRefs } from './invoices.js';

const dir = process.argv[2] ?? '/work/shared/corpus';
const reports = [await evalInvoices(dir), await evalPaymentRefs(dir)];
console.log(JSON.stringify(reports, null, 2));
