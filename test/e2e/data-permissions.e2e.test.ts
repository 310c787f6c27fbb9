/** The local data directory is owner-only: directories 0700, files 0600, also for an older, readable one. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/adapters/local/sqlite.js';
import { demoReceiptEmails } from '../../src/demo/receipt-emails.js';
import { mailboxRoot } from '../../src/runtime/local/deps.js';
import { call, startTestServer } from '../support/local-server.js';
import { noticeMail } from '../support/rental.js';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** Every path under `dir` with its mode, except the user-supplied mailboxes. */
function modes(dir: string): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'mailboxes' ? [] : [[p, mode(p)] as [string, string], ...modes(p)];
    return [[p, mode(p)] as [string, string]];
  });
}

test('everything the server writes (database, WAL, keys, documents) is owner-only', async (t) => {
  process.umask(0o022); // a usual shell: without care, files would be 0644 and directories 0755
  const s = await startTestServer();
  t.after(() => s.close());
  const r = await call(s.url, 'POST', '/v1/auth/signup', { body: { name: 'Maja', email: 'maja@example.se', password: 'correct horse battery' } });
  const token = r.json.data.access_token as string;
  const userId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).user_id as string;
  const box = path.join(mailboxRoot(s.config), userId);
  mkdirSync(box, { recursive: true });
  writeFileSync(path.join(box, 'rent.eml'), await noticeMail('2025-09-30'));
  demoReceiptEmails(new Date()).forEach((m, i) => writeFileSync(path.join(box, `${i}.eml`), m.raw));
  assert.equal((await call(s.url, 'POST', '/v1/invoices/rental/ingest', { token })).status, 200);
  assert.equal((await call(s.url, 'POST', '/v1/invoices/retail/ingest', { token })).status, 200);
  await s.deps.events.drain();

  const all = modes(s.config.dataDir);
  const files = all.filter(([p]) => statSync(p).isFile()).map(([p]) => path.relative(s.config.dataDir, p));
  for (const expected of ['paypulse.db', 'paypulse.db-wal', path.join('keys', 'jwt.key')]) assert.ok(files.includes(expected), `${expected} among ${files.join(', ')}`);
  assert.ok(files.some((f) => f.startsWith('objects') && f.endsWith('.pdf')), 'a stored rent notice');
  assert.ok(files.some((f) => f.startsWith('objects') && f.endsWith('.html')), 'a stored receipt');
  assert.equal(mode(s.config.dataDir), '700');
  for (const [p, m] of all) assert.equal(m, statSync(p).isDirectory() ? '700' : '600', path.relative(s.config.dataDir, p));
});

test('a data directory and database left readable by an earlier version are tightened on start', () => {
  process.umask(0o022);
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-perm-'));
  try {
    chmodSync(dir, 0o755);
    new Database(path.join(dir, 'paypulse.db')).close();
    assert.equal(mode(path.join(dir, 'paypulse.db')), '644');
    openDatabase(dir, []).close();
    assert.equal(mode(dir), '700');
    assert.equal(mode(path.join(dir, 'paypulse.db')), '600');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
