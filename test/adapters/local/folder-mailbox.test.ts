import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createFolderMailbox, folderMessageId } from '../../../src/adapters/local/folder-mailbox.js';
import { parseEmail } from '../../../src/parsing/mail/email.js';
import { splitMbox } from '../../../src/parsing/mail/mbox.js';
import { createLogger } from '../../../src/runtime/log.js';
import { rawMail, toMbox } from '../../support/mail.js';
import { answers } from '../../support/failures.js';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'folder-unit-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('mbox: separators, >From unescaping, CRLF, trailing blank line', () => {
  const a = new Uint8Array(Buffer.from('Subject: a\r\n\r\nFrom here on\r\n>From quoted\r\n'));
  const b = new Uint8Array(Buffer.from('Subject: b\n\nbody\n'));
  const parts = splitMbox(toMbox([a, b]));
  assert.equal(parts.length, 2);
  assert.equal(Buffer.from(parts[0]!).toString(), 'Subject: a\r\n\r\nFrom here on\r\n>From quoted\r\n');
  assert.equal(Buffer.from(parts[1]!).toString(), 'Subject: b\n\nbody\n');
  // A "From " line inside a paragraph is body text, not a separator.
  const loose = splitMbox(new Uint8Array(Buffer.from('From x Mon Jan  6 10:00:00 2025\nSubject: c\n\nline\nFrom me to you\n')));
  assert.equal(loose.length, 1);
  assert.equal(splitMbox(new Uint8Array(Buffer.from('no envelope at all\n'))).length, 0);
});

test('a broken file is skipped with a log line; the rest is searched', async () => {
  const dir = path.join(root, 'u-broken');
  await mkdir(path.join(dir, 'a-directory'), { recursive: true });
  await writeFile(path.join(dir, 'good.eml'), rawMail({ from: 'a@shop.se', subject: 'Kvitto', date: 'Mon, 6 Jan 2025 10:00:00 +0000', text: 'x' }));
  await symlink(path.join(dir, 'a-directory'), path.join(dir, 'bad.eml'));
  await writeFile(path.join(dir, 'garbage.mbox'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
  const lines: string[] = [];
  const box = createFolderMailbox({ root, log: createLogger({ write: (l) => lines.push(l) }) });
  const ids = await box.search('u-broken', 'subject:kvitto');
  assert.equal(ids.length, 1);
  assert.ok(lines.some((l) => l.includes('mailbox file skipped') && l.includes('bad.eml')), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('mailbox file has no messages') && l.includes('garbage.mbox')));
  assert.ok(!lines.join('').includes('a@shop.se'), 'no addresses in logs');
});

test('headers are cached by mtime and size; a changed file is re-read', async () => {
  const dir = path.join(root, 'u-cache');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'm.eml');
  await writeFile(file, rawMail({ from: 'a@shop.se', subject: 'Alpha', date: 'Mon, 6 Jan 2025 10:00:00 +0000', text: 'x' }));
  const mtime = new Date('2025-01-06T10:00:00Z');
  await utimes(file, mtime, mtime);
  const box = createFolderMailbox({ root });
  assert.equal((await box.search('u-cache', 'subject:alpha')).length, 1);
  // Same size, same mtime: the cached headers are used (the new subject is not seen yet).
  await writeFile(file, rawMail({ from: 'a@shop.se', subject: 'Bravo', date: 'Mon, 6 Jan 2025 10:00:00 +0000', text: 'x' }));
  await utimes(file, mtime, mtime);
  assert.equal((await box.search('u-cache', 'subject:alpha')).length, 1);
  // A new mtime invalidates the entry.
  await utimes(file, new Date(mtime.getTime() + 5000), new Date(mtime.getTime() + 5000));
  assert.equal((await box.search('u-cache', 'subject:alpha')).length, 0);
  assert.equal((await box.search('u-cache', 'subject:bravo')).length, 1);
});

test('ids are 16 hex digits from file name and position; undated mail is dated by the file', async () => {
  const dir = path.join(root, 'u-ids');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'undated.eml'), rawMail({ from: 'a@shop.se', subject: 'No date', text: 'x' }));
  await utimes(path.join(dir, 'undated.eml'), new Date('2025-05-05T12:00:00Z'), new Date('2025-05-05T12:00:00Z'));
  const box = createFolderMailbox({ root });
  const ids = await box.search('u-ids', 'after:2025/05/05 before:2025/05/06');
  assert.deepEqual(ids, [folderMessageId('undated.eml', 0)]);
  assert.match(ids[0]!, /^[0-9a-f]{16}$/);
  assert.equal((await parseEmail(await box.getRaw('u-ids', ids[0]!))).subject, 'No date');
});

test('a new file is found by getRaw without a new search; unknown users have empty mailboxes', async () => {
  const box = createFolderMailbox({ root });
  assert.deepEqual(await box.search('nobody-here', ''), []);
  const dir = path.join(root, 'u-late');
  await mkdir(dir, { recursive: true });
  await box.search('u-late', '');
  await writeFile(path.join(dir, 'late.eml'), rawMail({ from: 'a@shop.se', subject: 'Late', text: 'x' }));
  const raw = await box.getRaw('u-late', folderMessageId('late.eml', 0));
  assert.equal((await parseEmail(raw)).subject, 'Late');
});

test('user ids that could leave the root are refused', async () => {
  const box = createFolderMailbox({ root });
  for (const id of ['../etc', 'a/b', '..', '']) {
    await assert.rejects(box.search(id, ''), answers({ status: 502, code: 'DEPENDENCY_FAILURE', message: 'Gmail API error' }), id);
  }
});
