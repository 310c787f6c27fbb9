/**
 * The local server under the ways a user ingests twice: notices that share a file name, and the
 * same ingest sent five times at once. Each notice is stored, parsed and announced once, and each
 * answer counts what that call stored.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listOutbox } from '../../src/adapters/local/outbox.js';
import { buildEmail } from '../../src/demo/rent-notice-email.js';
import { mailboxRoot } from '../../src/runtime/local/deps.js';
import { startLocal, type LocalServer } from '../support/local-server.js';
import { notice, noticeMail, SENDER } from '../support/rental.js';

const NOW = new Date('2025-10-15T09:00:00Z');
let s: LocalServer;
before(async () => {
  s = await startLocal({ mailbox: 'folder', clock: { now: () => new Date(NOW) } });
});
after(() => s.close());

function deliver(userId: string, name: string, raw: Uint8Array | string) {
  const dir = path.join(mailboxRoot(s.deps.config), userId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), raw);
}

const parsedCount = (userId: string) => s.logs.filter((l) => l.includes('"rental invoice stored"') && l.includes(userId)).length;

test('notices attached as Hyresavi.pdf every month are all kept, listed and announced', async () => {
  const maja = await s.signup('Maja Berg', 'maja@example.se');
  const months = ['2025-07-31', '2025-08-29', '2025-09-30'];
  for (const due of months) {
    const n = await notice(due);
    deliver(maja.userId, `${due}.eml`, buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date(`${due.slice(0, 8)}10T07:00:00Z`), attachments: [{ filename: 'Hyresavi.pdf', content: n.pdf }] }));
  }
  const ingest = await s.call('POST', '/v1/invoices/rental/ingest', { token: maja.token });
  assert.equal(ingest.json.data.invoiceCount, 3);
  await s.deps.events.drain();
  const list = await s.call('GET', '/v1/invoices/rental', { token: maja.token });
  assert.equal(list.json.data.invoiceCount, 3);
  const totals = (await Promise.all(months.map((d) => notice(d)))).map((n) => n.ocr).sort();
  const ocrs = Object.values(list.json.data.invoices as Record<string, { OCR: string }[]>).flat().map((i) => i.OCR).sort();
  assert.deepEqual(ocrs, totals);
  assert.equal(listOutbox(s.deps.db, maja.userId).length, 3);
});

test('five concurrent ingests: each notice stored, parsed and announced once; the answers add up to 8', async () => {
  const erik = await s.signup('Erik Ek', 'erik@example.se');
  const dates = ['2025-02-27', '2025-03-28', '2025-04-29', '2025-05-29', '2025-06-27', '2025-07-30', '2025-08-28', '2025-09-29'];
  for (const due of dates) deliver(erik.userId, `${due}.eml`, await noticeMail(due));
  const answers = await Promise.all(Array.from({ length: 5 }, () => s.call('POST', '/v1/invoices/rental/ingest', { token: erik.token })));
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
  // A call that stored nothing answers "No rental invoices found" with data null (API.md).
  assert.equal(answers.reduce((n, a) => n + ((a.json.data?.invoiceCount as number | undefined) ?? 0), 0), 8);
  await s.deps.events.drain();
  assert.equal(parsedCount(erik.userId), 8, 'each PDF parsed once');
  assert.equal((await s.call('GET', '/v1/invoices/rental', { token: erik.token })).json.data.invoiceCount, 8);
  assert.equal(listOutbox(s.deps.db, erik.userId).length, 8);
  assert.deepEqual(s.deps.events.failed(), []);
});

test('five concurrent ingest/latest: one 201, the others 200 already processed', async () => {
  const ada = await s.signup('Ada Lind', 'ada@example.se');
  deliver(ada.userId, 'oct.eml', await noticeMail('2025-10-31', { sentIso: '2025-10-10T07:00:00Z' }));
  const answers = await Promise.all(Array.from({ length: 5 }, () => s.call('POST', '/v1/invoices/rental/ingest/latest', { token: ada.token })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 201]);
  await s.deps.events.drain();
  assert.equal(parsedCount(ada.userId), 1);
  assert.equal(listOutbox(s.deps.db, ada.userId).length, 1);
});
