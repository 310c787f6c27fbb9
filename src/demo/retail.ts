/**
 * The retail part of the demo: receipt emails of five vendors (plus a newsletter) go into the
 * user's folder mailbox, the ingest runs over HTTP, the object-created events parse the stored
 * HTML in-process, and the counts, lists and one detail are read back as the app reads them.
 * `runRetailDemo` runs inside a demo that already has a server and a signed-up user (the
 * `paypulse demo` command).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoReceiptEmails } from './receipt-emails.js';

export interface RetailDemoContext {
  /** The running server, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  token: string;
  /** The user's folder mailbox (`<data>/mailboxes/<user_id>`). */
  mailboxDir: string;
  /** Waits until the in-process events (and those they raise) are done. */
  drain(): Promise<void>;
  out(s: string): void;
  now?: Date;
  /** Number of the first step printed (to continue a longer demo). */
  firstStep?: number;
}

export interface RetailDemoResult {
  stored: number;
  invoices: number;
  counts: Record<string, number>;
  reingested: number;
}

type Json = Record<string, any>;

export async function runRetailDemo(ctx: RetailDemoContext): Promise<RetailDemoResult> {
  const { out } = ctx;
  let n = ctx.firstStep ?? 1;
  const step = (s: string) => out(`\n[${n++}] ${s}`);
  const call = async (method: string, p: string, json?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${ctx.baseUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${ctx.token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      ...(json ? { body: JSON.stringify(json) } : {}),
    });
    const text = await res.text();
    const body = text ? (JSON.parse(text) as Json) : {};
    if (res.status >= 400) throw new Error(`${method} ${p} answered ${res.status}: ${text}`);
    return { status: res.status, body };
  };

  step(`Put receipt emails into the folder mailbox ${ctx.mailboxDir}`);
  mkdirSync(ctx.mailboxDir, { recursive: true });
  for (const [i, r] of demoReceiptEmails(ctx.now ?? new Date()).entries()) {
    writeFileSync(path.join(ctx.mailboxDir, `receipt-${i}-${r.vendorId}.eml`), r.raw);
    out(`    ${r.vendorId.padEnd(10)} ${r.subType.padEnd(13)} ${r.expected ? `${r.expected.total_amount} ${r.expected.currency}` : '(a newsletter: not a receipt)'}`);
  }

  step('Fetch receipts of the active vendors (POST /v1/invoices/retail/ingest)');
  const ingest = await call('POST', '/v1/invoices/retail/ingest');
  out(`    ${ingest.status} ${ingest.body.message}: ${JSON.stringify(ingest.body.data)}`);

  step('Parse the stored HTML (object-created events, in-process)');
  await ctx.drain();
  out('    done');

  step('Counts per category (GET /v1/invoices/retail?counts=true)');
  const counts = (await call('GET', '/v1/invoices/retail?counts=true')).body.data as Record<string, number>;
  out(`    ${JSON.stringify(counts)}`);

  step('Invoices by category (GET /v1/invoices/retail)');
  const list = (await call('GET', '/v1/invoices/retail')).body.data as Json | null;
  const groups = (list?.invoices ?? {}) as Record<string, Json[]>;
  for (const [subType, items] of Object.entries(groups)) {
    for (const x of items) out(`    ${subType.padEnd(13)} ${x.invoice_date}  ${String(x.vendor_name).padEnd(16)} ${x.total_amount} ${x.currency ?? ''}`);
  }

  const first = groups['food-delivery']?.[0];
  if (first) {
    step(`One invoice's details (GET /v1/invoices/retail?subtype=food-delivery&invoice-id=${first.InvoiceID})`);
    const detail = (await call('GET', `/v1/invoices/retail?subtype=food-delivery&invoice-id=${encodeURIComponent(first.InvoiceID)}`)).body.data;
    out(`    ${JSON.stringify(detail)}`);
  }

  step('Fetch again: nothing new (the object keys de-duplicate)');
  const again = await call('POST', '/v1/invoices/retail/ingest', { start_date: '2000-01-01', end_date: '2100-01-01' });
  out(`    ${again.status} totalEmailsFound=${again.body.data.totalEmailsFound}`);
  await ctx.drain();

  return {
    stored: ingest.body.data.totalEmailsFound as number,
    invoices: (list?.invoiceCount as number | undefined) ?? 0,
    counts,
    reingested: again.body.data.totalEmailsFound as number,
  };
}
