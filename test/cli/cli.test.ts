import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runDemo } from '../../src/cli/commands/demo.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/runtime/log.js';
import { createLocalDeps } from '../../src/runtime/local/deps.js';

test('paypulse demo runs the whole rental and retail chains and is idempotent', async () => {
  const lines: string[] = [];
  const r = await runDemo((s) => lines.push(s), { months: 4, now: new Date() });
  assert.equal(r.ingested, 4);
  assert.equal(r.listed, 4);
  assert.equal(r.notifications, 4);
  assert.deepEqual(r.reingested, { message: 'No rental invoices found for this user.', code: 200, data: null });
  const text = lines.join('\n');
  assert.match(text, /\[5\] List/);
  assert.match(text, /New rental invoice of \d+ SEK with due date of 28-\d\d-\d{4} is now available!/);
  assert.deepEqual(r.retail, {
    stored: 6,
    invoices: 5,
    counts: { 'food-delivery': 2, clothing: 1, technology: 1, subscriptions: 0, grocery: 0, utility: 0, miscellaneous: 0, travel: 1 },
    reingested: 0,
  });
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) assert.match(text, new RegExp(`\\[${n}\\] `));
  assert.match(text, /food-delivery \d{4}-\d{2}-\d{2} {2}foodora +289\.5 SEK/);
  assert.match(text, /"invoiceDetails":\{"InvoiceID":"retail_invoice_/);
});

/** Runs the CLI as a user would; asynchronously, so this process can keep answering the webhook. */
function cli(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/paypulse.js', ...args], { env: { ...process.env, PAYPULSE_DATA_DIR: dataDir, LOG_LEVEL: 'error' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

test('a notification that keeps failing is dead-lettered, listed and replayed from the CLI', async () => {
  let up = false;
  const received: unknown[] = [];
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (up) received.push(JSON.parse(body));
      res.writeHead(up ? 200 : 503).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-cli-'));
  try {
    const webhook = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    // The CLI processes read the webhook from their environment, like the server.
    process.env.NOTIFICATION_WEBHOOK_URL = webhook;
    const config = loadConfig({ PAYPULSE_DATA_DIR: dataDir, NOTIFICATION_WEBHOOK_URL: webhook });
    const deps = createLocalDeps(config, { log: silentLogger, mailbox: 'folder', events: { backoffMs: 1 } });
    deps.events.change({ eventName: 'INSERT', table: 'rentalInvoices', newImage: { UserID: 'user_1', InvoiceID: 'Invoice_1', 'Total Amount': 9815, 'Due Date': '31-10-2025' } });
    await deps.events.drain();
    assert.equal(deps.events.failed().length, 1);
    await deps.close();

    const failed = await cli(dataDir, 'events', 'failed');
    assert.equal(failed.status, 0, failed.stderr);
    const entry = JSON.parse(failed.stdout.trim()) as { id: number; fn: string; attempts: number };
    assert.equal(entry.fn, 'send_invoice_notification');
    assert.equal(entry.attempts, 3);

    up = true;
    const replay = await cli(dataDir, 'events', 'replay', String(entry.id));
    assert.equal(replay.status, 0, replay.stderr + replay.stdout);
    assert.match(replay.stdout, /replayed successfully/);
    assert.deepEqual(received, [{ user_id: 'user_1', subject: 'New invoice available!', message: 'New rental invoice of 9815 SEK with due date of 31-10-2025 is now available!' }]);
    assert.equal((await cli(dataDir, 'events', 'failed')).stdout.trim(), '');

    const outbox = await cli(dataDir, 'notifications', 'user_1');
    const notes = outbox.stdout.trim().split('\n').map((l) => JSON.parse(l) as { message: string; webhookStatus: string });
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.webhookStatus, 'delivered');
    assert.equal((await cli(dataDir, 'events', 'replay', '999')).status, 1);
    assert.equal((await cli(dataDir, 'events', 'bogus')).status, 2);
  } finally {
    delete process.env.NOTIFICATION_WEBHOOK_URL;
    hook.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
