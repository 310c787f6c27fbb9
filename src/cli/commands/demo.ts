/**
 * `paypulse demo`: the whole rental chain, then the retail chain, offline, on the embedded default, in a temporary data
 * directory: a user signs up, a folder mailbox is filled with rent-notice emails (three layouts,
 * several months, plus mail that must be ignored), the ingest runs over HTTP, the events parse
 * and notify in-process, and the list is read back as the app would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listOutbox } from '../../adapters/local/outbox.js';
import { loadConfig } from '../../config.js';
import { buildEmail } from '../../demo/rent-notice-email.js';
import { runRetailDemo, type RetailDemoResult } from '../../demo/retail.js';
import { RENT_NOTICE_LAYOUTS, renderRentNotice, sampleRentNotice, seededRandom } from '../../demo/rent-notice-pdf.js';
import { createLogger } from '../../runtime/log.js';
import { createLocalDeps, mailboxRoot } from '../../runtime/local/deps.js';
import { startServer } from '../../runtime/local/server.js';

const SENDER = 'Wallenstam <kundservice@wallenstam.se>';

export interface DemoResult {
  userId: string;
  ingested: number;
  listed: number;
  notifications: number;
  reingested: unknown;
  retail: RetailDemoResult;
}

export async function runDemo(out: (s: string) => void, opts: { keep?: boolean; months?: number; now?: Date } = {}): Promise<DemoResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'paypulse-demo-'));
  // Quiet logs (errors only) and a cheap password hash: this is a throw-away account.
  // No LLM: the demo shows the deterministic extraction.
  const config = loadConfig({ ...process.env, PAYPULSE_DATA_DIR: dataDir, LOG_LEVEL: 'error', BCRYPT_COST: '4', PORT: '0', GEMINI_API_KEY: '', LLM_BASE_URL: '' });
  const deps = createLocalDeps(config, { mailbox: 'folder', log: createLogger({ level: 'error', write: (l) => process.stderr.write(`${l}\n`) }) });
  const server = await startServer(deps, { host: '127.0.0.1', port: 0 });
  const step = (n: number, s: string) => out(`\n[${n}] ${s}`);
  const call = async (method: string, p: string, token?: string, json?: unknown) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json ? { 'content-type': 'application/json' } : {}) },
      ...(json ? { body: JSON.stringify(json) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  try {
    out(`PayPulse demo: data in ${dataDir}, server at ${server.url}`);

    step(1, 'Sign up a user (POST /v1/auth/signup)');
    const signup = await call('POST', '/v1/auth/signup', undefined, { name: 'Maja Berg', email: 'maja@example.se', password: 'correct horse battery' });
    if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
    const token = signup.body!.data.access_token as string;
    const userId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { user_id: string }).user_id;
    out(`    user ${userId}`);

    const months = opts.months ?? 6;
    const now = opts.now ?? new Date();
    const dir = path.join(mailboxRoot(config), userId);
    step(2, `Fill the folder mailbox ${dir}`);
    mkdirSync(dir, { recursive: true });
    const rand = seededRandom(2025);
    for (let i = months - 1; i >= 0; i--) {
      const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
      const layout = RENT_NOTICE_LAYOUTS[i % RENT_NOTICE_LAYOUTS.length]!;
      const due = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 28));
      const spec = { ...sampleRentNotice(layout, rand), dueDate: due.toISOString().slice(0, 10) };
      const pdf = await renderRentNotice(spec);
      const sent = new Date(Math.min(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 5, 7), now.getTime()));
      const name = `Hyresavi ${spec.ocr}.pdf`;
      writeFileSync(path.join(dir, `notice-${spec.dueDate}.eml`), buildEmail({ from: SENDER, subject: 'Hyresavi', date: sent, attachments: [{ filename: name, content: pdf }] }));
      out(`    notice due ${spec.dueDate} (${layout} layout), attachment "${name}"`);
    }
    writeFileSync(path.join(dir, 'newsletter.eml'), buildEmail({ from: SENDER, subject: 'Nyhetsbrev: nytt i området', date: now, text: 'Ingen avi här.' }));
    writeFileSync(path.join(dir, 'receipt.eml'), buildEmail({ from: 'Foodora <info@foodora.se>', subject: 'Ditt kvitto', date: now, text: 'Kvitto' }));
    out('    plus a newsletter from the landlord and a food receipt (both must be ignored)');

    step(3, 'Ingest (POST /v1/invoices/rental/ingest)');
    const ingest = await call('POST', '/v1/invoices/rental/ingest', token);
    out(`    ${ingest.status} ${JSON.stringify(ingest.body)}`);

    step(4, 'Parse and notify (object-created and change-feed events, in-process)');
    await deps.events.drain();
    const failed = deps.events.failed();
    out(`    events settled; failed events: ${failed.length}`);

    step(5, 'List (GET /v1/invoices/rental), as the iOS app reads it');
    const list = await call('GET', '/v1/invoices/rental', token);
    out(JSON.stringify(list.body, null, 2).replace(/^/gm, '    '));

    step(6, `Notifications (the local outbox; also: paypulse notifications ${userId})`);
    const outbox = listOutbox(deps.db, userId);
    for (const n of outbox) out(`    ${n.subject} | ${n.message}`);

    step(7, 'Ingest again: nothing new, no duplicate invoice or notification');
    const again = await call('POST', '/v1/invoices/rental/ingest', token);
    await deps.events.drain();
    out(`    ${again.status} ${JSON.stringify(again.body)}; notifications now: ${listOutbox(deps.db, userId).length}`);

    const retail = await runRetailDemo({ baseUrl: server.url, token, mailboxDir: dir, drain: () => deps.events.drain(), out, now, firstStep: 8 });

    return {
      retail,
      userId,
      ingested: (ingest.body?.data?.invoiceCount as number | undefined) ?? 0,
      listed: (list.body?.data?.invoiceCount as number | undefined) ?? 0,
      notifications: listOutbox(deps.db, userId).length,
      reingested: again.body,
    };
  } finally {
    await server.close();
    await deps.close();
    if (opts.keep) out(`\nKept the data directory ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function demoCommand(args: string[], out: (s: string) => void): Promise<number> {
  const r = await runDemo(out, { keep: args.includes('--keep') });
  out(`\nDone: ${r.ingested} rent notices ingested, ${r.listed} listed, ${r.notifications} notifications; ${r.retail.stored} receipts stored, ${r.retail.invoices} listed.`);
  return r.listed > 0 && r.retail.invoices > 0 ? 0 : 1;
}
