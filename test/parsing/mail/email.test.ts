import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateHeaderIso, parseDateHeader, parseEmail } from '../../../src/parsing/mail/email.js';

test('the Date header keeps the sender calendar day', () => {
  const d = parseDateHeader('Mon, 6 Oct 2025 23:30:00 -0400');
  assert.deepEqual(d, { instant: '2025-10-07T03:30:00.000Z', localDate: '2025-10-06', year: 2025, month: 10 });
  assert.equal(parseDateHeader('Tue, 31 Dec 24 10:00 +0100')?.localDate, '2024-12-31');
  assert.equal(parseDateHeader('yesterday'), undefined);
  assert.equal(parseDateHeader(undefined), undefined);
});

test('a multipart message yields subject, sender, date, html and PDF attachment', async () => {
  const pdf = Buffer.from('%PDF-1.4 fake');
  const raw = [
    'From: =?utf-8?q?Wallenstam_Kundservice?= <KundService@Wallenstam.se>',
    'Subject: =?utf-8?b?SHlyZXNhdmk=?=',
    'Date: Mon, 3 Mar 2025 07:00:00 +0100',
    'Message-ID: <abc@example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<p>H=E4r =E4r din avi</p>',
    '--b1',
    'Content-Type: application/pdf; name="Hyresavi 1306798107.pdf"',
    'Content-Disposition: attachment; filename="Hyresavi 1306798107.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
  const email = await parseEmail(raw);
  assert.equal(email.subject, 'Hyresavi');
  assert.equal(email.from, 'kundservice@wallenstam.se');
  assert.equal(email.date?.localDate, '2025-03-03');
  assert.match(email.html ?? '', /Här är din avi/);
  assert.equal(email.attachments.length, 1);
  assert.equal(email.attachments[0]?.filename, 'Hyresavi 1306798107.pdf');
  assert.equal(email.attachments[0]?.mimeType, 'application/pdf');
  assert.deepEqual(Buffer.from(email.attachments[0]!.content), pdf);
});

test('garbage input does not throw', async () => {
  const email = await parseEmail('\u0000\u0001 not a mail at all');
  assert.equal(email.attachments.length, 0);
  assert.equal(email.date, undefined);
});

test('MIME nested beyond the limit keeps the headers instead of throwing (found by fuzzing)', async () => {
  let body = 'Content-Type: text/plain\r\n\r\ninner\r\n';
  for (let i = 0; i < 80; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`;
  const email = await parseEmail(`From: Deep <deep@example.com>\r\nSubject: deep\r\n${body}`);
  assert.equal(email.subject, 'deep');
  assert.equal(email.from, 'deep@example.com');
  assert.equal(email.attachments.length, 0);
});

test('decoded From with display name, raw Date kept, ISO date with the sender offset', async () => {
  const email = await parseEmail('From: =?utf-8?q?Bj=C3=B6rn?= <Bjorn@Example.se>\r\nDate: Thu, 23 Oct 2003 23:28:34 PDT\r\nSubject: x\r\n\r\nbody\r\n');
  assert.equal(email.fromHeader, 'Björn <Bjorn@Example.se>');
  assert.equal(email.dateHeader, 'Thu, 23 Oct 2003 23:28:34 PDT');
  assert.equal(email.date?.instant, '2003-10-24T06:28:34.000Z', 'RFC 5322 zone names are honoured');
  assert.equal(dateHeaderIso(email.dateHeader), '2003-10-23T23:28:34-07:00');
  assert.equal(dateHeaderIso('Mon, 6 Oct 2025 23:30:00 +0530'), '2025-10-06T23:30:00+05:30');
  assert.equal(dateHeaderIso('garbage'), undefined);
});
