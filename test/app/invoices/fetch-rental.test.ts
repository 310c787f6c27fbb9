import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchInvoices } from '../../../src/app/invoices/fetch-invoices.js';
import { fetchLatestInvoice, fetchLatestInvoiceForAllUsers } from '../../../src/app/invoices/fetch-latest-invoice.js';
import { rentalFileName, sha256Hex } from '../../../src/app/invoices/rental-keys.js';
import { loadConfig } from '../../../src/config.js';
import { buildEmail } from '../../../src/demo/rent-notice-email.js';
import { AppError, DependencyError, errors } from '../../../src/domain/errors.js';
import type { Mailbox } from '../../../src/ports/mailbox.js';
import type { UserRecord } from '../../../src/ports/users.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { memoryMailbox, memoryObjects, memoryRentalInvoices } from '../../support/memory.js';
import { notice, noticeMail, SENDER } from '../../support/rental.js';
import { answers } from '../../support/failures.js';

const config = loadConfig({});
const clockAt = (iso: string) => ({ now: () => new Date(iso) });
const U = 'user_a';
const rentalKeys = (objects: ReturnType<typeof memoryObjects>) => [...objects.store.keys()].filter((k) => /^invoices\/[^/]+\/rental\//.test(k)).sort();

function deps(mailbox: Mailbox, objects = memoryObjects(), now = '2025-10-15T09:00:00Z') {
  return { config, clock: clockAt(now), log: silentLogger, mailbox, objects, rentalInvoices: memoryRentalInvoices() };
}

test('file names keep one safe path segment, spaces become _, the extension is .pdf', () => {
  assert.equal(rentalFileName('Hyresavi 1306798107.pdf'), 'Hyresavi_1306798107.pdf');
  assert.equal(rentalFileName('../../etc/passwd'), 'passwd.pdf');
  assert.equal(rentalFileName('a\\b\\Avi.PDF'), 'Avi.pdf');
  assert.equal(rentalFileName('..'), 'attachment.pdf');
  assert.equal(rentalFileName('.hidden.pdf'), 'hidden.pdf');
  assert.equal(rentalFileName('x\u0000y\u001f.pdf'), 'xy.pdf');
  assert.ok(Buffer.byteLength(rentalFileName('å'.repeat(500))) <= 204);
});

test('back-fill stores every PDF of exact-subject notices and skips bad input', async () => {
  const sep = await notice('2025-09-30');
  const aug = await notice('2025-08-29', 'stenhus');
  const mails = [
    await noticeMail('2025-09-30'),
    await noticeMail('2025-08-29', { layout: 'stenhus', subject: '  HYRESAVI ' }),
    // RFC 2047 file name with non-ASCII characters, two PDFs in one message
    buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date('2025-07-10T07:00:00Z'), attachments: [
      { filename: 'Hyresavi juli är här.pdf', content: (await notice('2025-07-31')).pdf },
      { filename: 'Parkering.pdf', content: (await notice('2025-07-31', 'norrbo')).pdf },
    ] }),
    await noticeMail('2025-06-30', { subject: 'Din hyresavi' }), // not the exact subject
    await noticeMail('2025-05-30', { date: null }), // no Date header
    buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date('2025-04-10T07:00:00Z'), attachments: [
      { filename: 'empty.pdf', content: new Uint8Array() },
      { filename: 'truncated.pdf', content: new TextEncoder().encode('this is not a pdf') },
      { filename: 'notes.txt', contentType: 'text/plain', content: new TextEncoder().encode('%PDF-1.4 hidden') },
    ] }),
    // broken MIME: no closing boundary, an attachment whose base64 is garbage
    `From: ${SENDER}\r\nSubject: Hyresavi\r\nDate: Thu, 3 Apr 2025 07:00:00 +0200\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: application/pdf; name="broken.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64\u0000\u0001`,
    buildEmail({ from: 'Someone <x@example.se>', subject: 'Hyresavi', date: new Date('2025-09-01T00:00:00Z'), attachments: [{ filename: 'x.pdf', content: sep.pdf }] }),
  ];
  const mailbox = memoryMailbox({ [U]: mails, other: [await noticeMail('2025-09-30')] });
  const d = deps(mailbox);
  const r = await fetchInvoices(d, U);
  assert.deepEqual(r, { uploaded: 4, messages: 7, processed: 7, remaining: 0 });
  assert.deepEqual(rentalKeys(d.objects), [
    `invoices/${U}/rental/Hyresavi_${aug.ocr}.pdf`,
    `invoices/${U}/rental/Hyresavi_${sep.ocr}.pdf`,
    `invoices/${U}/rental/Hyresavi_juli_är_här.pdf`,
    `invoices/${U}/rental/Parkering.pdf`,
  ].sort());
  assert.deepEqual(d.objects.store.get(`invoices/${U}/rental/Hyresavi_${sep.ocr}.pdf`)?.body, sep.pdf);
  assert.ok(![...d.objects.store.keys()].some((k) => k.includes('/other/') || k.startsWith('invoices/other')));
});

test('a second back-fill fetches nothing and uploads nothing (message ledger)', async () => {
  const mailbox = memoryMailbox({ [U]: [await noticeMail('2025-09-30'), await noticeMail('2025-08-29'), await noticeMail('2025-07-30', { subject: 'Din hyresavi' })] });
  const d = deps(mailbox);
  assert.equal((await fetchInvoices(d, U)).uploaded, 2);
  const gets = mailbox.calls.get;
  const puts = d.objects.puts.length;
  assert.deepEqual(await fetchInvoices(d, U), { uploaded: 0, messages: 3, processed: 3, remaining: 0 });
  assert.equal(mailbox.calls.get, gets, 'no message fetched again');
  assert.equal(d.objects.puts.length, puts, 'nothing written again');
});

test('files already stored without a ledger (the original backend) are recognised by SHA-256', async () => {
  const mailbox = memoryMailbox({ [U]: [await noticeMail('2025-09-30'), await noticeMail('2025-08-29')] });
  const d = deps(mailbox);
  await fetchInvoices(d, U);
  for (const k of [...d.objects.store.keys()]) if (k.includes('ingest-ledger')) d.objects.store.delete(k);
  const pdfPuts = () => d.objects.puts.filter((k) => k.endsWith('.pdf')).length;
  const before = pdfPuts();
  assert.equal((await fetchInvoices(d, U)).uploaded, 0);
  assert.equal(pdfPuts(), before);
});

test('notices that share a file name keep their own object each; the same file is stored once', async () => {
  const [oct, nov, dec, jan] = await Promise.all([notice('2025-10-31'), notice('2025-11-28'), notice('2025-12-30'), notice('2026-01-30')]);
  const mail = (sent: string, filename: string, pdf: Uint8Array) =>
    buildEmail({ from: SENDER, subject: 'Hyresavi', date: new Date(sent), attachments: [{ filename, content: pdf }] });
  const mailbox = memoryMailbox({
    [U]: [
      mail('2025-10-10T07:00:00Z', 'Hyresavi.pdf', oct.pdf),
      mail('2025-11-10T07:00:00Z', 'Hyresavi.pdf', nov.pdf),
      // The October notice sent again under the same name: the same object.
      mail('2025-11-11T07:00:00Z', 'Hyresavi.pdf', oct.pdf),
      // '.pdf' and '..pdf' both name 'pdf.pdf'.
      mail('2025-12-10T07:00:00Z', '.pdf', dec.pdf),
      mail('2026-01-10T07:00:00Z', '..pdf', jan.pdf),
    ],
  });
  const d = deps(mailbox);
  assert.equal((await fetchInvoices(d, U)).uploaded, 4);
  const key = (name: string, pdf?: Uint8Array) => `invoices/${U}/rental/${pdf ? name.replace('.pdf', `_${sha256Hex(pdf).slice(0, 16)}.pdf`) : name}`;
  const expected = new Map([
    [key('Hyresavi.pdf'), oct.pdf],
    [key('Hyresavi.pdf', nov.pdf), nov.pdf],
    [key('pdf.pdf'), dec.pdf],
    [key('pdf.pdf', jan.pdf), jan.pdf],
  ]);
  assert.deepEqual(rentalKeys(d.objects), [...expected.keys()].sort());
  for (const [k, pdf] of expected) assert.deepEqual(d.objects.store.get(k)?.body, pdf, k);
  // Without the ledger the same keys are found again and nothing is rewritten.
  for (const k of [...d.objects.store.keys()]) if (k.includes('ingest-ledger')) d.objects.store.delete(k);
  const puts = d.objects.puts.filter((k) => k.endsWith('.pdf')).length;
  assert.equal((await fetchInvoices(d, U)).uploaded, 0);
  assert.equal(d.objects.puts.filter((k) => k.endsWith('.pdf')).length, puts);
  assert.deepEqual(rentalKeys(d.objects), [...expected.keys()].sort());
});

test('concurrent back-fills store each PDF once and together count each once', async () => {
  const dates = ['2025-03-28', '2025-04-29', '2025-05-29', '2025-06-27', '2025-07-30', '2025-08-28', '2025-09-29', '2025-10-30'];
  const d = deps(memoryMailbox({ [U]: await Promise.all(dates.map((x) => noticeMail(x))) }));
  const results = await Promise.all(Array.from({ length: 5 }, () => fetchInvoices(d, U)));
  assert.equal(results.reduce((n, r) => n + r.uploaded, 0), 8);
  assert.equal(d.objects.puts.filter((k) => k.endsWith('.pdf')).length, 8, 'each PDF written (and its event raised) once');
  assert.equal(rentalKeys(d.objects).length, 8);
});

test('concurrent latest calls: one ingests (201), the others find it already processed', async () => {
  const d = deps(memoryMailbox({ [U]: [await noticeMail('2025-10-31', { sentIso: '2025-10-10T07:00:00Z' })] }));
  const outcomes = await Promise.all(Array.from({ length: 5 }, () => fetchLatestInvoice(d, U)));
  assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['already_processed', 'already_processed', 'already_processed', 'already_processed', 'ingested']);
  assert.equal(d.objects.puts.filter((k) => k.endsWith('.pdf')).length, 1);
});

test('concurrency stays bounded and a time budget leaves the rest to the next call', async () => {
  const mails = await Promise.all(['2025-01-30', '2025-02-27', '2025-03-28', '2025-04-29', '2025-05-29', '2025-06-27', '2025-07-30', '2025-08-28', '2025-09-29'].map((d) => noticeMail(d)));
  const inner = memoryMailbox({ [U]: mails });
  let inFlight = 0;
  let max = 0;
  // The search answers at once (precomputed) so the budget is spent on the messages only.
  const ids = await inner.search(U, `from:kundservice@wallenstam.se subject:"hyresavi"`);
  const slow: Mailbox = {
    search: async () => ids,
    async getRaw(u, id) {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      return inner.getRaw(u, id);
    },
  };
  const d = deps(slow);
  const first = await fetchInvoices(d, U, { concurrency: 3, budgetMs: 40, answerWithinMs: 60_000 });
  assert.ok(max <= 3, `max in flight ${max}`);
  assert.ok(first.remaining > 0 && first.processed >= 3, JSON.stringify(first));
  const second = await fetchInvoices(d, U, { concurrency: 3, budgetMs: 60_000, answerWithinMs: 60_000 });
  assert.equal(second.remaining, 0);
  assert.equal(first.uploaded + second.uploaded, 9);
});

test('a call stuck in the mailbox does not hold the answer; its message is redone next time', async () => {
  const inner = memoryMailbox({ [U]: [await noticeMail('2025-09-30'), await noticeMail('2025-08-29')] });
  let stuck = true;
  let held = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const mailbox: Mailbox = {
    search: (u, q) => inner.search(u, q),
    async getRaw(u, id) {
      if (stuck) {
        held++;
        await gate;
      }
      return inner.getRaw(u, id);
    },
  };
  const d = deps(mailbox);
  // Every processed message ends with its ledger entry: the event that says a late call is done.
  let ledgerWrites = 0;
  let onLedgerWrite = () => {};
  const put = d.objects.put.bind(d.objects);
  d.objects.put = async (key, body, contentType) => {
    await put(key, body, contentType);
    if (key.includes('/ingest-ledger/')) {
      ledgerWrites++;
      onLedgerWrite();
    }
  };
  const t0 = performance.now();
  const first = await fetchInvoices(d, U, { concurrency: 2, budgetMs: 10, answerWithinMs: 80 });
  assert.ok(performance.now() - t0 < 2_000);
  assert.deepEqual(first, { uploaded: 0, messages: 2, processed: 0, remaining: 2 });
  stuck = false;
  const second = await fetchInvoices(d, U, { concurrency: 2, budgetMs: 60_000, answerWithinMs: 60_000 });
  assert.equal(second.uploaded, 2);
  assert.equal(ledgerWrites, 2);
  release(); // the abandoned calls finish late; they find the files stored and change nothing
  // Each call held at the gate (none when the budget ran out before one started) writes its entry.
  await new Promise<void>((done) => {
    onLedgerWrite = () => ledgerWrites === 2 + held && done();
    onLedgerWrite();
  });
  assert.equal(rentalKeys(d.objects).length, 2);
});

test('mailbox errors keep their spec code; other failures become 502 Gmail API error; nothing half-done is remembered', async () => {
  const d1 = deps(memoryMailbox({}, { fail: () => errors.gmailReconnect() }));
  await assert.rejects(fetchInvoices(d1, U), (e: AppError) => e.code === 'GMAIL_TOKEN_EXPIRED' && e.status === 502);
  const d2 = deps(memoryMailbox({}, { fail: () => new DependencyError('mailbox.search', new Error('socket hang up')) }));
  await assert.rejects(fetchInvoices(d2, U), answers({ status: 502, code: 'DEPENDENCY_FAILURE', message: 'Gmail API error' }));

  // The store fails on the PDF upload: the message gets no ledger entry and is retried next time.
  const mailbox = memoryMailbox({ [U]: [await noticeMail('2025-09-30')] });
  const objects = memoryObjects();
  const realCreate = objects.create.bind(objects);
  let broken = true;
  objects.create = async (k, b, c) => {
    if (broken && k.endsWith('.pdf')) throw new DependencyError('objects.create', new Error('disk full'));
    return realCreate(k, b, c);
  };
  const d3 = deps(mailbox, objects);
  await assert.rejects(fetchInvoices(d3, U), answers({ status: 502, code: 'DEPENDENCY_FAILURE', message: 'Error uploading invoice to S3' }));
  assert.equal([...objects.store.keys()].length, 0);
  broken = false;
  assert.equal((await fetchInvoices(d3, U)).uploaded, 1);
});

test('latest: this UTC month only, 201 once, then already processed; 204 when not out yet', async () => {
  const mailbox = memoryMailbox({ [U]: [await noticeMail('2025-09-30'), await noticeMail('2025-10-31', { sentIso: '2025-10-10T07:00:00Z' })] });
  const d = deps(mailbox);
  assert.deepEqual(await fetchLatestInvoice(d, U), { outcome: 'ingested', year: 2025, month: 10 });
  const oct = await notice('2025-10-31');
  assert.deepEqual(rentalKeys(d.objects), [`invoices/${U}/rental/Hyresavi_${oct.ocr}.pdf`]);
  assert.equal((await fetchLatestInvoice(d, U)).outcome, 'already_processed');
  // Once parsed, the month check answers without the mailbox.
  await d.rentalInvoices.put({ UserID: U, InvoiceID: `Invoice_${oct.ocr}`, due_date_year: '2025', due_date_month: '10' });
  const calls = mailbox.calls.search;
  assert.equal((await fetchLatestInvoice(d, U)).outcome, 'already_processed');
  assert.equal(mailbox.calls.search, calls);

  const early = deps(memoryMailbox({ [U]: [await noticeMail('2025-09-30')] }), memoryObjects(), '2025-11-02T08:30:00Z');
  assert.deepEqual(await fetchLatestInvoice(early, U), { outcome: 'not_dispatched', year: 2025, month: 11 });
  assert.equal(rentalKeys(early.objects).length, 0);
});

test('scheduled latest: every connected user, isolated failures, a summary', async () => {
  const users: UserRecord[] = ['u_ok', 'u_none', 'u_broken', 'u_unconnected'].map((userId) => ({ userId, email: `${userId}@x.se`, name: userId, passwordHash: '', createdOn: '2025-01-01', createdAt: '00:00:00.000000' }));
  const mailbox = memoryMailbox(
    { u_ok: [await noticeMail('2025-10-31')], u_none: [await noticeMail('2025-09-30')] },
    { fail: (u) => (u === 'u_broken' ? errors.gmailReconnect() : undefined) },
  );
  const base = deps(mailbox);
  const connected = new Set(['u_ok', 'u_none', 'u_broken']);
  const d = {
    ...base,
    mailboxSource: 'gmail' as const,
    users: { list: async function* () { yield* users; } } as never,
    tokens: { get: async (u: string) => (connected.has(u) ? ({} as never) : undefined) } as never,
  };
  const summary = await fetchLatestInvoiceForAllUsers(d);
  assert.deepEqual(summary, {
    total_users: 3, ingested: 1, already_processed: 0, not_dispatched: 1, failed: 1,
    errors: [{ user_id: 'u_broken', code: 'GMAIL_TOKEN_EXPIRED', error: 'Gmail account needs to be re-connected' }],
  });
  const again = await fetchLatestInvoiceForAllUsers(d);
  assert.equal(again.already_processed, 1);
  assert.equal(again.ingested, 0);
});
