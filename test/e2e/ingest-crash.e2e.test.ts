/**
 * `kill -9` during ingest: a real server process on a mailbox of 100 notices is killed at random
 * moments of the back-fill and of the parsing behind it, restarted and asked again. In the end
 * every notice is stored exactly once and announced exactly once.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { noticeMail } from '../support/rental.js';

const NOTICES = 100;
const KILLS = 3;

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/local/main.ts'], {
    env: { ...process.env, PAYPULSE_DATA_DIR: dataDir, PORT: '0', BCRYPT_COST: '4', LOG_LEVEL: 'error', GOOGLE_OAUTH_CLIENT_ID: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no banner: ${stderr}`)), 30_000);
    child.stderr!.on('data', (c) => {
      stderr += c;
      const m = /running at (http:\/\/[\d.:]+)/.exec(stderr);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  return { url, child, exited };
}

/** Mailbox messages: one notice a month, 2017 onwards, sent on the 10th, due on the 28th. */
function months(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${2017 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-28`);
}

test('SIGKILL at random points of an ingest of 100 notices loses and duplicates nothing', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-crash-'));
  let server: Server | undefined;
  try {
    server = await startServer(dataDir);
    const signup = await fetch(`${server.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Maja', email: 'maja@example.se', password: 'correct horse battery' }),
    });
    const token = ((await signup.json()) as { data: { access_token: string } }).data.access_token;
    const userId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { user_id: string }).user_id;
    const box = path.join(dataDir, 'mailboxes', userId);
    mkdirSync(box, { recursive: true });
    for (const due of months(NOTICES)) writeFileSync(path.join(box, `${due}.eml`), await noticeMail(due));
    const auth = { authorization: `Bearer ${token}` };
    const ingest = (s: Server) => fetch(`${s.url}/v1/invoices/rental/ingest`, { method: 'POST', headers: auth });

    const delays: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // Anywhere from the start of the back-fill to well into the parsing it raises.
      const delay = Math.floor(Math.random() * 2500);
      delays.push(delay);
      const answer = ingest(server).catch(() => undefined);
      await new Promise((r) => setTimeout(r, delay));
      server.child.kill('SIGKILL');
      await server.exited;
      await answer;
      server = await startServer(dataDir);
    }
    const last = await ingest(server);
    assert.equal(last.status, 200);

    // Parsing and notifying run on events; wait until the count stops growing.
    let count = -1;
    for (let i = 0, stable = 0; i < 300 && stable < 10; i++) {
      const list = (await (await fetch(`${server.url}/v1/invoices/rental`, { headers: auth })).json()) as { data: { invoiceCount: number } | null };
      const now = list.data?.invoiceCount ?? 0;
      stable = now === count ? stable + 1 : 0;
      count = now;
      await new Promise((r) => setTimeout(r, 100));
    }
    server.child.kill('SIGTERM'); // clean stop: events in flight finish
    await server.exited;
    server = undefined;

    const db = new Database(path.join(dataDir, 'paypulse.db'), { readonly: true });
    try {
      const one = (sql: string) => (db.prepare(sql).get(userId) as { n: number }).n;
      const failed = db.prepare('SELECT fn, error FROM failed_events').all() as { fn: string; error: string }[];
      const why = `kill delays ${delays.join(', ')} ms; failed events: ${JSON.stringify(failed.slice(0, 3))}`;
      assert.equal(one('SELECT COUNT(*) n FROM rental_invoices WHERE user_id = ?'), NOTICES, `invoices stored; ${why}`);
      assert.equal(one('SELECT COUNT(DISTINCT due_date_year || due_date_month) n FROM rental_invoices WHERE user_id = ?'), NOTICES, why);
      assert.equal(one('SELECT COUNT(*) n FROM notification_outbox WHERE user_id = ?'), NOTICES, `notifications; ${why}`);
      assert.equal(one('SELECT COUNT(DISTINCT dedupe_key) n FROM notification_outbox WHERE user_id = ?'), NOTICES, why);
      assert.equal((db.prepare('SELECT COUNT(*) n FROM failed_events').get() as { n: number }).n, 0, why);
      assert.equal((db.prepare('SELECT COUNT(*) n FROM pending_events').get() as { n: number }).n, 0, why);
    } finally {
      db.close();
    }
    const pdfs = readdirSync(path.join(dataDir, 'objects', 'invoices', userId, 'rental'));
    assert.equal(pdfs.length, NOTICES, 'one stored PDF per notice');
    const tmp = path.join(dataDir, 'objects', '.tmp');
    assert.deepEqual(existsSync(tmp) ? readdirSync(tmp) : [], [], 'no temporary file left behind');
  } finally {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
