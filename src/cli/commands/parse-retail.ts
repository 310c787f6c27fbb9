import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { receiptLlmFromConfig } from '../../adapters/llm/from-config.js';
import { loadConfig } from '../../config.js';
import { RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import type { ReceiptLlm } from '../../ports/receipt-llm.js';
import { extractReceipt } from '../../parsing/retail/cascade.js';
import { receiptInputLoaderFor, supportedReceiptExtensions } from '../../parsing/retail/input.js';
import { buildRetailRows } from '../../parsing/retail/rows.js';
import { loadVendorRules } from '../../parsing/retail/vendor-rules.js';

const USAGE = 'usage: paypulse parse retail FILE [--vendor ID] [--subtype SUBTYPE] [--user USER_ID] [--llm]';

interface Args {
  file: string;
  vendor?: string;
  subType: RetailSubtype;
  user: string;
  llm: boolean;
}

function parseArgs(args: string[]): Args | string {
  let file: string | undefined;
  const a: Partial<Args> = { llm: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--vendor') a.vendor = value().toLowerCase();
      else if (arg === '--subtype') {
        const s = value();
        if (!(RETAIL_SUBTYPES as readonly string[]).includes(s)) return `unknown subtype ${s} (one of ${RETAIL_SUBTYPES.join(', ')})`;
        a.subType = s as RetailSubtype;
      } else if (arg === '--user') a.user = value();
      else if (arg === '--llm') a.llm = true;
      else if (arg.startsWith('--')) return `unknown option ${arg}`;
      else if (file === undefined) file = arg;
      else return `unexpected argument ${arg}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!file) return 'FILE is required';
  return { file, subType: a.subType ?? 'miscellaneous', user: a.user ?? 'user_local', llm: a.llm ?? false, ...(a.vendor ? { vendor: a.vendor } : {}) };
}

/**
 * `paypulse parse retail FILE …` (args are what follows `parse retail`): runs the extraction
 * cascade on one file and prints the rows that would be stored, as JSON. Exit codes: 0 done
 * (also for a non-receipt, which is reported and not stored), 1 unreadable file, 2 usage.
 */
export async function parseRetailCommand(args: string[], out: (s: string) => void): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    out(`${parsed}\n${USAGE}`);
    return 2;
  }
  const loader = receiptInputLoaderFor(parsed.file);
  if (!loader) {
    out(`unsupported file type ${path.extname(parsed.file) || '(none)'}; supported: ${supportedReceiptExtensions().join(', ')}`);
    return 2;
  }
  let bytes: Uint8Array;
  let mtime: Date;
  try {
    bytes = await readFile(parsed.file);
    mtime = (await stat(parsed.file)).mtime;
  } catch (e) {
    out(`cannot read ${parsed.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return 1;
  }
  const input = { ...(await loader(bytes)), subType: parsed.subType, ...(parsed.vendor ? { vendorId: parsed.vendor } : {}) };
  let llm: ReceiptLlm | undefined;
  if (parsed.llm) {
    llm = receiptLlmFromConfig(loadConfig());
    if (!llm) {
      out('--llm needs LLM_BASE_URL and LLM_MODEL, or GEMINI_API_KEY');
      return 2;
    }
  }
  const extraction = await extractReceipt(input, { vendorRules: loadVendorRules(), now: new Date(), ...(llm ? { llm } : {}) });
  if (!extraction.isReceipt) {
    out(JSON.stringify({ stored: false, reason: extraction.notReceiptReason }, null, 2));
    return 0;
  }
  // The key the fetcher would have written: <vendor>_<email date>_<h8>.html. Without an email
  // date the key carries none: the file's time is not the purchase date.
  const vendor = parsed.vendor ?? 'unknown';
  const h8 = createHash('md5').update(bytes).digest('hex').slice(0, 8);
  const key = `invoices/${parsed.user}/retail/${parsed.subType}/${vendor}_${input.emailDate ?? 'undated'}_${h8}.html`;
  const rows = buildRetailRows(extraction, { userId: parsed.user, subType: parsed.subType, key, lastModified: mtime });
  out(JSON.stringify({ stored: true, ...rows, evidence: extraction.evidence }, null, 2));
  return 0;
}
