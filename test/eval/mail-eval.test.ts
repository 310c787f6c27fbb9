/** The evaluation scores what it should, on a tiny corpus built here (tests never read the shared corpus). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evalGmail, evalMime } from '../../src/eval/mail.js';
import { formatReport } from '../../src/eval/report.js';
import { PDF, rawMail, toMbox } from '../support/mail.js';

test('evalMime and evalGmail count hits and misses per field', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'eval-'));
  try {
    await mkdir(path.join(dir, 'mime', 'src'), { recursive: true });
    await mkdir(path.join(dir, 'gmail', 'src'), { recursive: true });
    const a = rawMail({ from: 'Shop AB <Orders@Shop.se>', subject: 'Kvitto', date: 'Mon, 6 Jan 2025 10:00:00 +0100', text: 'Totalt 100 kr', pdf: { filename: 'k.pdf', bytes: PDF } });
    const b = rawMail({ from: 'x@y.se', subject: 'Other', html: '<p>Hej <b>du</b></p>' });
    await writeFile(path.join(dir, 'mime', 'src', 'a.eml'), a);
    await writeFile(path.join(dir, 'mime', 'src', 'box.mbox'), toMbox([a, b]));
    const sha = createHash('sha256').update(PDF).digest('hex');
    const att = [{ filename: 'k.pdf', content_type: 'application/pdf', size: PDF.length, sha256: sha }];
    await writeFile(
      path.join(dir, 'mime', 'expected.jsonl'),
      [
        { file: 'mime/src/a.eml', subject: 'Kvitto', from: 'Shop AB <Orders@Shop.se>', date: '2025-01-06T10:00:00+01:00', text_contains: ['Totalt 100'], html_present: false, attachments: att },
        {
          file: 'mime/src/box.mbox',
          message_count: 2,
          messages: [
            { index: 0, subject: 'WRONG', attachments: att },
            { index: 1, subject: 'Other', text_contains: ['Hej du'], html_present: true, attachments: [] },
          ],
        },
      ].map((x) => JSON.stringify(x)).join('\n') + '\n',
    );
    await writeFile(path.join(dir, 'gmail', 'src', 'a.raw.json'), JSON.stringify({ id: '1', raw: Buffer.from(a).toString('base64url') }));
    await writeFile(
      path.join(dir, 'gmail', 'expected.jsonl'),
      JSON.stringify({ file: 'gmail/src/a.raw.json', format: 'raw', subject: 'Kvitto', from: 'Shop AB <Orders@Shop.se>', attachments: [{ filename: 'k.pdf', mime_type: 'application/pdf' }], html_present: false }) + '\n',
    );

    const mime = await evalMime(dir);
    assert.equal(mime.records, 2);
    assert.deepEqual(mime.fields.subject, { correct: 2, total: 3 });
    assert.deepEqual(mime.fields['attachments.sha256'], { correct: 3, total: 3 });
    assert.deepEqual(mime.fields.text_contains, { correct: 2, total: 2 }, 'HTML-only bodies are rendered to text');
    assert.deepEqual(mime.fields.date, { correct: 1, total: 1 });
    assert.deepEqual(mime.fields['mbox.message_count'], { correct: 1, total: 1 });
    assert.ok(mime.notes?.some((n) => n.startsWith('subject ✗ mime/src/box.mbox#0')));
    const gmail = await evalGmail(dir);
    assert.deepEqual(gmail.fields, {
      format: { correct: 1, total: 1 },
      subject: { correct: 1, total: 1 },
      from: { correct: 1, total: 1 },
      html_present: { correct: 1, total: 1 },
      attachments: { correct: 1, total: 1 },
    });
    assert.match(formatReport(gmail), /subject\s+1\/1\s+100\.0%/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
