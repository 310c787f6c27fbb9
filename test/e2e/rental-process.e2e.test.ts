/** `npm start` as a user runs it: a real process, a free port, a temporary data directory, Ctrl-C. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { noticeMail, notice } from '../support/rental.js';

test('npm start serves the rental chain and shuts down cleanly on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/local/main.ts'], {
    env: { ...process.env, PAYPULSE_DATA_DIR: dataDir, PORT: '0', BCRYPT_COST: '4', LOG_LEVEL: 'error', GOOGLE_OAUTH_CLIENT_ID: '' },
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${stderr}`)), 20_000);
      child.stderr.on('data', () => {
        const m = /running at (http:\/\/[\d.:]+)/.exec(stderr);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
    });
    assert.match(stderr, /Mailboxes: folders/);
    const signup = await fetch(`${url}/v1/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Maja', email: 'maja@example.se', password: 'correct horse battery' }) });
    const token = ((await signup.json()) as { data: { access_token: string } }).data.access_token;
    const userId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { user_id: string }).user_id;
    const dir = path.join(dataDir, 'mailboxes', userId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.eml'), await noticeMail('2025-09-30'));
    const auth = { authorization: `Bearer ${token}` };
    const ingest = await fetch(`${url}/v1/invoices/rental/ingest`, { method: 'POST', headers: auth });
    assert.deepEqual(await ingest.json(), { message: 'Rental invoices ingested successfully!', code: 200, data: { invoiceCount: 1 } });
    // Parsing happens on the object-created event; the app sees it shortly after.
    let count = 0;
    for (let i = 0; i < 100 && count === 0; i++) {
      const list = (await (await fetch(`${url}/v1/invoices/rental`, { headers: auth })).json()) as { data: { invoiceCount: number } | null };
      count = list.data?.invoiceCount ?? 0;
      if (count === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(count, 1);
    const n = await notice('2025-09-30');
    const one = await fetch(`${url}/v1/invoices/rental/Invoice_${n.ocr}`, { headers: auth });
    assert.equal(one.status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
