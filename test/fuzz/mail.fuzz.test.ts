/**
 * Seeded fuzzing of mail decoding: 1200 damaged messages (byte flips, truncation, header and
 * boundary damage, odd charsets and encoded words, bad or missing Date, deep nesting) go through
 * parseEmail, the Gmail message decoder and the folder mailbox. Nothing may throw unexpectedly.
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createFolderMailbox } from '../../src/adapters/local/folder-mailbox.js';
import { parseEmail, parseSearchHeaders } from '../../src/parsing/mail/email.js';
import { decodeGmailMessage } from '../../src/parsing/mail/gmail-message.js';
import { GmailQueryError, parseGmailQuery } from '../../src/parsing/mail/gmail-query.js';
import { silentLogger } from '../../src/runtime/log.js';
import { buildPayload } from '../fakes/google/mime-tree.js';
import { rawMail, SAMPLE, toMbox } from '../support/mail.js';
import { seededRandom } from '../../src/demo/random.js';

const SEED = 0x5eed_2025;
const COUNT = 1200;

/** Seeded, so a failing case can be replayed. */
function prng(seed: number) {
  const next = seededRandom(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]! };
}

const CHARSETS = ['x-unknown', 'utf-7', 'iso-2022-jp', 'windows-1252', 'iso-8859-1', '', '"', 'utf-16', 'koi8-r', 'gb18030'];
const BAD_DATES = ['', 'Mon, 99 Foo 20251 25:61:00 +9999', 'yesterday', '2025-13-45T99:99:99Z', 'Tue, 1 Jan 1 00:00 +0000', '\u0000'];

function nested(depth: number): string {
  let body = 'Content-Type: text/plain\r\n\r\ninnermost\r\n';
  for (let i = 0; i < depth; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`;
  return `From: deep@example.com\r\nSubject: deep\r\n${body}`;
}

function mutate(r: ReturnType<typeof prng>, seed: Uint8Array): Uint8Array {
  let s = Buffer.from(seed).toString('latin1');
  const rounds = 1 + r.int(3);
  for (let k = 0; k < rounds; k++) {
    switch (r.int(9)) {
      case 0: {
        const b = Buffer.from(s, 'latin1');
        for (let i = 0, n = 1 + r.int(20); i < n && b.length > 0; i++) b[r.int(b.length)] = r.int(256);
        s = b.toString('latin1');
        break;
      }
      case 1:
        s = s.slice(0, r.int(s.length + 1));
        break;
      case 2: // header damage: drop a colon, duplicate a header, a giant header, a broken fold
        s = r.pick([
          () => s.replace(/^(\w[\w-]*):/m, '$1'),
          () => s.replace(/^(Subject:[^\r\n]*)/m, '$1\r\n$1\r\n$1'),
          () => `X-Big: ${'a'.repeat(20000 + r.int(50000))}\r\n${s}`,
          () => s.replace(/\r\n/, '\r\n \r\n\t\r\n'),
        ])();
        break;
      case 3: // boundary damage
        s = r.pick([
          () => s.replace(/--b-7f3a9--/, ''),
          () => s.replace(/boundary="b-7f3a9"/, 'boundary=""'),
          () => s.replaceAll('--b-7f3a9\r\n', r.next() < 0.5 ? '--b-7f3a\r\n' : '--b-7f3a9--\r\n'),
          () => s.replace(/Content-Type: multipart\/mixed[^\r\n]*/, 'Content-Type: multipart/mixed'),
        ])();
        break;
      case 4: // odd charsets and encoded words
        s = s.replace(/charset=utf-8/g, () => `charset=${r.pick(CHARSETS)}`);
        s = s.replace(/^Subject:[^\r\n]*/m, `Subject: =?${r.pick(CHARSETS)}?${r.pick(['B', 'Q', 'X'])}?${r.pick(['w6VsZ', '=C3=A5=', '???', ''])}?= tail`);
        break;
      case 5:
        s = s.replace(/^Date:[^\r\n]*\r\n/m, r.next() < 0.5 ? '' : `Date: ${r.pick(BAD_DATES)}\r\n`);
        break;
      case 6: {
        const at = r.int(s.length + 1);
        s = s.slice(0, at) + r.pick(['\u0000', '\r', '\n\n', '=?', '\r\n--b-7f3a9\r\n', 'From ', '\r\n>From x\r\n']) + s.slice(at);
        break;
      }
      case 7:
        s = s.replace(/Content-Transfer-Encoding: \w+/, `Content-Transfer-Encoding: ${r.pick(['base64', 'quoted-printable', 'x-uuencode', '8bit', 'bogus'])}`);
        break;
      case 8:
        s = nested(r.pick([5, 70, 300]));
        break;
    }
  }
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

test(`fuzz: ${COUNT} damaged messages through parsers and the folder mailbox`, async () => {
  const r = prng(SEED);
  const seeds = SAMPLE.map(rawMail);
  const cases = Array.from({ length: COUNT }, () => mutate(r, r.pick(seeds)));

  for (const [i, raw] of cases.entries()) {
    const email = await parseEmail(raw).catch((e: unknown) => assert.fail(`parseEmail threw on case ${i}: ${String(e)}`));
    assert.equal(typeof email.subject, 'string');
    assert.ok(Array.isArray(email.attachments));
    if (email.date) assert.ok(!Number.isNaN(Date.parse(email.date.instant)), `case ${i}: invalid instant`);
    await parseSearchHeaders(raw);
    if (i % 4 === 0) {
      await decodeGmailMessage({ id: String(i), raw: Buffer.from(raw).toString('base64url') });
      await decodeGmailMessage(JSON.parse(JSON.stringify({ id: String(i), payload: buildPayload(raw, String(i)).payload })));
    }
  }

  const root = await mkdtemp(path.join(os.tmpdir(), 'fuzz-mailbox-'));
  try {
    const dir = path.join(root, 'fuzz');
    await mkdir(dir);
    // Half as single files, half in mbox files of 50.
    const half = COUNT / 2;
    await Promise.all(cases.slice(0, half).map((c, i) => writeFile(path.join(dir, `m${i}.eml`), c)));
    for (let i = half; i < COUNT; i += 50) await writeFile(path.join(dir, `box${i}.mbox`), toMbox(cases.slice(i, i + 50)));
    const box = createFolderMailbox({ root, log: silentLogger });
    const all = await box.search('fuzz', '');
    assert.ok(all.length >= half, `found ${all.length}`);
    await box.search('fuzz', 'from:kundservice@wallenstam.se subject:"hyresavi" after:2025/01/01 before:2025/12/31');
    for (const id of all.filter((_, i) => i % 5 === 0)) await parseEmail(await box.getRaw('fuzz', id));
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  // Random query text: either a query or a GmailQueryError, nothing else.
  const alphabet = ['from:', 'subject:', 'after:', 'before:', '(', ')', '"', ' OR ', ' AND ', '-', 'x', '2025/01/01', ' ', 'label:', ':'];
  for (let i = 0; i < 500; i++) {
    const q = Array.from({ length: 1 + r.int(8) }, () => r.pick(alphabet)).join('');
    try {
      parseGmailQuery(q).matches({ from: 'a', subject: 'b', date: new Date() });
    } catch (e) {
      assert.ok(e instanceof GmailQueryError, `query ${JSON.stringify(q)} threw ${String(e)}`);
    }
  }
});
