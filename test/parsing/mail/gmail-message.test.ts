import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeGmailMessage, GmailMessageError } from '../../../src/parsing/mail/gmail-message.js';
import { buildPayload } from '../../fakes/google/mime-tree.js';
import { PDF, rawMail } from '../../support/mail.js';

const raw = rawMail({
  from: '"Wallenstam AB" <KundService@Wallenstam.se>',
  subject: '=?utf-8?b?SHlyZXNhdmkgZsO2ciBtYXJz?=',
  date: 'Mon, 3 Mar 2025 07:00:00 +0100',
  text: 'Hej',
  html: '<p>Här är din avi</p>',
  pdf: { filename: 'Hyresavi 1306798108.pdf', bytes: PDF },
});

test('format=raw: base64url RFC 822 decoded; From kept verbatim, Subject decoded', async () => {
  const msg = await decodeGmailMessage({ id: '18c0', threadId: '18c0', labelIds: ['INBOX'], internalDate: '1740981600000', raw: Buffer.from(raw).toString('base64url') });
  assert.equal(msg.format, 'raw');
  assert.equal(msg.from, '"Wallenstam AB" <KundService@Wallenstam.se>');
  assert.equal(msg.subject, 'Hyresavi för mars');
  assert.equal(msg.email.from, 'kundservice@wallenstam.se');
  assert.equal(msg.email.date?.localDate, '2025-03-03');
  assert.equal(msg.internalDate?.toISOString(), '2025-03-03T06:00:00.000Z');
  assert.deepEqual(msg.attachmentRefs, [{ filename: 'Hyresavi 1306798108.pdf', mimeType: 'application/pdf', size: PDF.length }]);
  assert.deepEqual(Buffer.from(msg.raw!), Buffer.from(raw));
});

test('format=full: bodies decoded by charset, attachments by id (bytes fetched through the loader)', async () => {
  const { payload, attachments } = buildPayload(raw, '18c0');
  const json = JSON.parse(JSON.stringify({ id: '18c0', payload }));
  const asked: string[] = [];
  const msg = await decodeGmailMessage(json, {
    loadAttachment: async (id) => {
      asked.push(id);
      return attachments.get(id);
    },
  });
  assert.equal(msg.format, 'full');
  assert.equal(msg.subject, 'Hyresavi för mars');
  assert.equal(msg.from, '"Wallenstam AB" <KundService@Wallenstam.se>');
  assert.equal(msg.email.fromName, 'Wallenstam AB');
  assert.equal(msg.email.text?.trim(), 'Hej');
  assert.equal(msg.email.html?.trim(), '<p>Här är din avi</p>');
  assert.equal(msg.attachmentRefs.length, 1);
  assert.match(msg.attachmentRefs[0]!.attachmentId!, /^ANGjdJ_/);
  assert.deepEqual(asked, [msg.attachmentRefs[0]!.attachmentId]);
  assert.deepEqual(Buffer.from(msg.email.attachments[0]!.content), Buffer.from(PDF));
  // Without a loader the attachment is still listed, just without bytes.
  const bare = await decodeGmailMessage(json);
  assert.equal(bare.attachmentRefs.length, 1);
  assert.equal(bare.email.attachments.length, 0);
});

test('bad input is a GmailMessageError, never a crash', async () => {
  for (const bad of ['{nope', 'null', '[]', '{}', 42]) {
    await assert.rejects(decodeGmailMessage(bad), GmailMessageError, String(bad));
  }
  const weird = await decodeGmailMessage({ id: 'x', payload: { mimeType: 'multipart/mixed', parts: [{ mimeType: 'text/html', body: { data: '!!!' } }, {}] } });
  assert.equal(weird.subject, '');
  const minimal = await decodeGmailMessage({ id: 'x', labelIds: ['INBOX'] });
  assert.equal(minimal.format, 'minimal');
});
