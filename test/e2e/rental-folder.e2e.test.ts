/**
 * The whole rental chain on the embedded default, over real HTTP, with folder mailboxes:
 * signup → mailbox → ingest → events → list → single invoice → notifications → delete; then the
 * ways a user ingests twice (notices sharing a file name, five ingests at once): each notice is
 * stored, parsed and announced once, and each answer counts what that call stored.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listOutbox } from '../../src/adapters/local/outbox.js';
import { buildEmail } from '../../src/demo/rent-notice-email.js';
import { renderRentNotice } from '../../src/demo/rent-notice-pdf.js';
import { mailboxRoot } from '../../src/runtime/local/deps.js';
import { decodeRentalList, startLocal, type LocalServer } from '../support/local-server.js';
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

test('rental chain: ingest, parse, list, single invoice, notify once, delete', async () => {
  const maja = await s.signup('Maja Berg', 'maja@example.se');
  const erik = await s.signup('Erik Ek', 'erik@example.se');
  const months = ['2025-07-31', '2025-08-29', '2025-09-30'];
  for (const [i, due] of months.entries()) deliver(maja.userId, `notice-${i}.eml`, await noticeMail(due, { layout: (['wallenstam', 'stenhus', 'norrbo'] as const)[i] }));
  deliver(maja.userId, 'newsletter.eml', buildEmail({ from: SENDER, subject: 'Nyhetsbrev oktober', date: NOW, text: 'Nytt i området' }));
  deliver(maja.userId, 'din-hyresavi.eml', await noticeMail('2025-06-30', { subject: 'Din hyresavi' }));
  // bad input: no Date, broken MIME, empty / truncated / non-PDF attachments, a PDF that is not a notice
  deliver(maja.userId, 'undated.eml', await noticeMail('2025-05-30', { date: null }));
  deliver(maja.userId, 'broken.eml', `From: ${SENDER}\r\nSubject: Hyresavi\r\nDate: Thu, 3 Apr 2025 07:00:00 +0200\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: application/pdf; name="broken.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64`);
  const truncated = (await notice('2025-03-31')).pdf.subarray(0, 400);
  deliver(maja.userId, 'bad-attachments.eml', buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date('2025-03-10T07:00:00Z'), attachments: [
    { filename: 'empty.pdf', content: new Uint8Array() },
    { filename: 'Hyresavi_truncated.pdf', content: truncated },
    { filename: 'readme.txt', contentType: 'text/plain', content: new TextEncoder().encode('hej') },
  ] }));
  const notNotice = await renderRentNotice({ layout: 'stenhus', dueDate: '2025-02-27', lines: [] });
  deliver(maja.userId, 'no-ocr.eml', buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date('2025-02-10T07:00:00Z'), attachments: [{ filename: 'Hyresavi_feb.pdf', content: notNotice }] }));
  deliver(erik.userId, 'notice.eml', await noticeMail('2025-09-30', { layout: 'norrbo' }));

  // ingest: 3 notices + the truncated PDF and the odd notice are stored; nothing else
  const ingest = await s.call('POST', '/v1/invoices/rental/ingest', { token: maja.token });
  assert.equal(ingest.status, 200, ingest.text);
  assert.deepEqual(ingest.json, { message: 'Rental invoices ingested successfully!', code: 200, data: { invoiceCount: 5 } });
  await s.deps.events.drain();
  assert.deepEqual(s.deps.events.failed(), [], 'no event ended in the dead-letter table');

  // list, decoded as the iOS app does
  const list = await s.call('GET', '/v1/invoices/rental', { token: maja.token });
  assert.equal(list.status, 200);
  assert.equal(list.json.message, 'Rental invoices retrieved successfully!');
  const { items } = decodeRentalList(list.json.data);
  const expected = await Promise.all(months.map((m, i) => notice(m, (['wallenstam', 'stenhus', 'norrbo'] as const)[i])));
  for (const n of expected) {
    const found = items.find((i) => i.OCR === n.ocr);
    assert.ok(found, `notice ${n.ocr} listed`);
    assert.equal(found['Total Amount'], n.total);
    assert.equal(found['Due Date'], n.dueDate);
    assert.equal(found.UserID, maja.userId);
  }
  const review = items.filter((i) => i.parse_status === 'needs_review');
  assert.equal(items.length, 4, 'three notices and one stored for review; the truncated PDF is skipped');
  assert.equal(review.length, 1);
  const y2025 = list.json.data.invoices['2025'] as { 'Due Date': string }[];
  const order = y2025.map((i) => i['Due Date'].split('-').reverse().join('')).filter((d) => d !== '');
  assert.deepEqual(order, [...order].sort().reverse(), 'newest first');

  // single invoice: 200 for the owner, 204 (empty body) for anyone else or an unknown id
  const sep = expected[2]!;
  const one = await s.call('GET', `/v1/invoices/rental/Invoice_${sep.ocr}`, { token: maja.token });
  assert.equal(one.status, 200);
  assert.equal(one.json.message, 'Invoice details retrieved successfully!');
  assert.equal(one.json.data.OCR, sep.ocr);
  const stranger = await s.call('GET', `/v1/invoices/rental/Invoice_${sep.ocr}`, { token: erik.token });
  assert.equal(stranger.status, 204);
  assert.equal(stranger.text, '');
  assert.equal((await s.call('GET', '/v1/invoices/rental/Invoice_nope', { token: maja.token })).status, 204);

  // notifications: one per new invoice, to the owner only
  const outbox = () => listOutbox(s.deps.db, maja.userId);
  assert.equal(outbox().length, 4);
  const sepNote = outbox().find((n) => n.message.includes(sep.dueDate));
  assert.deepEqual(sepNote && { subject: sepNote.subject, message: sepNote.message }, {
    subject: 'New invoice available!',
    message: `New rental invoice of ${sep.total} SEK with due date of ${sep.dueDate} is now available!`,
  });
  assert.equal(listOutbox(s.deps.db, erik.userId).length, 0);

  // re-ingest, re-delivered object events and change records: nothing new
  const again = await s.call('POST', '/v1/invoices/rental/ingest', { token: maja.token });
  assert.deepEqual(again.json, { message: 'No rental invoices found for this user.', code: 200, data: null });
  s.deps.events.objectCreated({ key: `invoices/${maja.userId}/rental/Hyresavi_${sep.ocr}.pdf` });
  s.deps.events.change({ eventName: 'INSERT', table: 'rentalInvoices', newImage: one.json.data });
  await s.deps.events.drain();
  assert.equal(outbox().length, 4);
  assert.equal(decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: maja.token })).json.data).count, 4);

  // the other user sees only their own
  await s.call('POST', '/v1/invoices/rental/ingest', { token: erik.token });
  await s.deps.events.drain();
  const erikList = decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: erik.token })).json.data);
  assert.equal(erikList.count, 1);
  assert.equal(erikList.items[0]!.UserID, erik.userId);

  // no mail content, document text or addresses in the logs
  const logText = s.logs.join('\n');
  assert.ok(s.logs.length > 0);
  for (const secret of ['@', 'Nytt i området', 'Storgatan', 'Anna Svensson', maja.token]) assert.ok(!logText.includes(secret), `logs must not contain ${secret}`);

  // delete: invoices, files, ledger and outbox go; the token stops working; Erik keeps his
  const del = await s.call('DELETE', '/v1/user/me', { token: maja.token });
  assert.equal(del.status, 200, del.text);
  assert.equal(existsSync(path.join(s.dataDir, 'objects', 'invoices', maja.userId)), false);
  assert.equal((s.deps.db.prepare('SELECT COUNT(*) n FROM rental_invoices WHERE user_id = ?').get(maja.userId) as { n: number }).n, 0);
  assert.equal(outbox().length, 0);
  assert.equal((await s.call('GET', '/v1/invoices/rental', { token: maja.token })).status, 401);
  assert.equal(decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: erik.token })).json.data).count, 1);
});

test('ingest/latest: 201 then 200 with the exact texts, 204 with an empty body', async () => {
  const a = await s.signup('Anna', 'anna@example.se');
  deliver(a.userId, 'sep.eml', await noticeMail('2025-09-30'));
  deliver(a.userId, 'oct.eml', await noticeMail('2025-10-31', { sentIso: '2025-10-10T07:00:00Z' }));
  const first = await s.call('POST', '/v1/invoices/rental/ingest/latest', { token: a.token });
  assert.deepEqual(first.json, { message: 'Invoice for 10/2025 found and ingested successfully!', code: 201, data: null });
  await s.deps.events.drain();
  const second = await s.call('POST', '/v1/invoices/rental/ingest/latest', { token: a.token });
  assert.deepEqual(second.json, { message: 'Invoice for 10/2025 has already been processed.', code: 200, data: null });
  assert.equal(decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: a.token })).json.data).count, 1, 'only this month');

  const b = await s.signup('Bo', 'bo@example.se');
  deliver(b.userId, 'sep.eml', await noticeMail('2025-09-30'));
  const none = await s.call('POST', '/v1/invoices/rental/ingest/latest', { token: b.token });
  assert.equal(none.status, 204);
  assert.equal(none.text, '');
});

test('bad requests get a 4xx error envelope, never a 500', async () => {
  const u = await s.signup('Cecilia', 'cecilia@example.se');
  const cases: [string, string, string | undefined, number, string][] = [
    ['POST', '/v1/invoices/rental/ingest', undefined, 401, 'INVALID_CREDENTIALS'],
    ['GET', '/v1/invoices/rental', 'garbage.token.here', 401, 'INVALID_TOKEN'],
    ['GET', '/v1/invoices/receipts', u.token, 400, 'INVALID_REQUEST'],
    ['GET', '/v1/invoices/rental?subtype=clothing', u.token, 400, 'INVALID_REQUEST'],
    ['GET', '/v1/invoices/rental?invoice-id=x', u.token, 400, 'INVALID_REQUEST'],
    ['GET', '/v1/invoices/rental/x', undefined, 401, 'INVALID_CREDENTIALS'],
  ];
  for (const [method, p, token, status, code] of cases) {
    const r = await s.call(method, p, token ? { token } : {});
    assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
    assert.equal(r.json.error.code, code);
    assert.equal(typeof r.json.error.message, 'string');
  }
  const t = await s.call('GET', '/v1/invoices/receipts', { token: u.token });
  assert.equal(t.json.error.message, "Invalid invoice type 'receipts'. Must be 'rental' or 'retail'");
  // An empty mailbox (no folder at all) is simply empty.
  assert.deepEqual((await s.call('POST', '/v1/invoices/rental/ingest', { token: u.token })).json, { message: 'No rental invoices found for this user.', code: 200, data: null });
  assert.deepEqual((await s.call('GET', '/v1/invoices/rental', { token: u.token })).json, { message: 'No rental invoices found for this user.', code: 200, data: null });
});

const parsedCount = (userId: string) => s.logs.filter((l) => l.includes('"rental invoice stored"') && l.includes(userId)).length;

test('notices attached as Hyresavi.pdf every month are all kept, listed and announced', async () => {
  const dora = await s.signup('Dora Holm', 'dora@example.se');
  const months = ['2025-07-31', '2025-08-29', '2025-09-30'];
  for (const due of months) {
    const n = await notice(due);
    deliver(dora.userId, `${due}.eml`, buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date(`${due.slice(0, 8)}10T07:00:00Z`), attachments: [{ filename: 'Hyresavi.pdf', content: n.pdf }] }));
  }
  const ingest = await s.call('POST', '/v1/invoices/rental/ingest', { token: dora.token });
  assert.equal(ingest.json.data.invoiceCount, 3);
  await s.deps.events.drain();
  const list = await s.call('GET', '/v1/invoices/rental', { token: dora.token });
  assert.equal(list.json.data.invoiceCount, 3);
  const expected = (await Promise.all(months.map((d) => notice(d)))).map((n) => n.ocr).sort();
  const ocrs = Object.values(list.json.data.invoices as Record<string, { OCR: string }[]>).flat().map((i) => i.OCR).sort();
  assert.deepEqual(ocrs, expected);
  assert.equal(listOutbox(s.deps.db, dora.userId).length, 3);
});

test('five concurrent ingests: each notice stored, parsed and announced once; the answers add up to 8', async () => {
  const frej = await s.signup('Frej Ek', 'frej@example.se');
  const dates = ['2025-02-27', '2025-03-28', '2025-04-29', '2025-05-29', '2025-06-27', '2025-07-30', '2025-08-28', '2025-09-29'];
  for (const due of dates) deliver(frej.userId, `${due}.eml`, await noticeMail(due));
  const answers = await Promise.all(Array.from({ length: 5 }, () => s.call('POST', '/v1/invoices/rental/ingest', { token: frej.token })));
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
  // A call that stored nothing answers "No rental invoices found" with data null (docs/api.md#rental-back-fill).
  assert.equal(answers.reduce((n, a) => n + ((a.json.data?.invoiceCount as number | undefined) ?? 0), 0), 8);
  await s.deps.events.drain();
  assert.equal(parsedCount(frej.userId), 8, 'each PDF parsed once');
  assert.equal((await s.call('GET', '/v1/invoices/rental', { token: frej.token })).json.data.invoiceCount, 8);
  assert.equal(listOutbox(s.deps.db, frej.userId).length, 8);
  assert.deepEqual(s.deps.events.failed(), []);
});

test('five concurrent ingest/latest: one 201, the others 200 already processed', async () => {
  const gun = await s.signup('Gun Lind', 'gun@example.se');
  deliver(gun.userId, 'oct.eml', await noticeMail('2025-10-31', { sentIso: '2025-10-10T07:00:00Z' }));
  const answers = await Promise.all(Array.from({ length: 5 }, () => s.call('POST', '/v1/invoices/rental/ingest/latest', { token: gun.token })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 201]);
  await s.deps.events.drain();
  assert.equal(parsedCount(gun.userId), 1);
  assert.equal(listOutbox(s.deps.db, gun.userId).length, 1);
});
