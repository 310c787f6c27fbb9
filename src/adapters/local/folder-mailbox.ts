/**
 * The embedded mailbox: `<root>/<userId>/` holds `.eml` files and mbox files (`.mbox`), in any
 * sub-folder. Searches use the same Gmail query matcher as the fake Gmail server. A user without a
 * folder has an empty mailbox. A file that cannot be read or parsed is skipped with a log line.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Mailbox } from '../../ports/mailbox.js';
import { parseGmailQuery, type QueryOptions } from '../../parsing/mail/gmail-query.js';
import { parseSearchHeaders } from '../../parsing/mail/email.js';
import { messagesOfFile } from '../../parsing/mail/mbox.js';
import { silentLogger, type Logger } from '../../ports/log.js';
import { guardPort } from '../guard.js';

interface Entry {
  id: string;
  index: number;
  from: string;
  subject: string;
  date?: Date;
}

interface FileRecord {
  mtimeMs: number;
  size: number;
  entries: Entry[];
}

export interface FolderMailboxOptions {
  root: string;
  log?: Logger;
  /** Time zone of `after:`/`before:` dates; Gmail's by default. */
  timeZone?: string;
}

const SAFE_USER = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;

/** Gmail-like 16 hex digit ids that stay the same while the file name and position stay the same. */
export function folderMessageId(relativePath: string, index: number): string {
  return createHash('sha256').update(`${relativePath.split(path.sep).join('/')}\n${index}`).digest('hex').slice(0, 16);
}

function isMailFile(name: string): 'eml' | 'mbox' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.eml')) return 'eml';
  if (lower.endsWith('.mbox')) return 'mbox';
  return undefined;
}

export function createFolderMailbox(opts: FolderMailboxOptions): Mailbox & { invalidate(): void } {
  const log = opts.log ?? silentLogger;
  const queryOpts: QueryOptions = opts.timeZone ? { timeZone: opts.timeZone } : {};
  /** Parsed headers per absolute file path, valid while mtime and size are unchanged. */
  const files = new Map<string, FileRecord>();
  /** Message id → where it lives, per user. */
  const locations = new Map<string, Map<string, { file: string; kind: 'eml' | 'mbox'; index: number }>>();

  const userDir = (userId: string) => {
    if (!SAFE_USER.test(userId) || userId.includes('..')) throw new Error('not a mailbox folder name');
    return path.join(opts.root, userId);
  };

  async function listFiles(dir: string): Promise<string[]> {
    let dirents;
    try {
      dirents = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw err;
    }
    const out: string[] = [];
    for (const d of dirents) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) out.push(...(await listFiles(p)));
      // Symlinks are followed when read; one that points nowhere useful is skipped then.
      else if ((d.isFile() || d.isSymbolicLink()) && isMailFile(d.name)) out.push(p);
    }
    return out;
  }

  async function loadFile(file: string, rel: string, kind: 'eml' | 'mbox'): Promise<Entry[] | undefined> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return undefined; // vanished between listing and reading
    }
    const cached = files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.entries;
    try {
      const data = new Uint8Array(await fs.readFile(file));
      const msgs = messagesOfFile(kind, data);
      if (msgs.length === 0 && data.length > 0) log.warn('mailbox file has no messages', { file: rel });
      const entries: Entry[] = [];
      for (let index = 0; index < msgs.length; index++) {
        const h = await parseSearchHeaders(msgs[index]!);
        // Like Gmail's internal date, an undated message is dated by its arrival (the file's mtime).
        entries.push({ id: folderMessageId(rel, index), index, from: h.from, subject: h.subject, date: h.date ?? stat.mtime });
      }
      files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, entries });
      return entries;
    } catch (err) {
      files.delete(file);
      log.warn('mailbox file skipped', { file: rel, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  async function index(userId: string): Promise<Entry[]> {
    const dir = userDir(userId);
    let paths: string[];
    try {
      paths = await listFiles(dir);
    } catch (err) {
      log.error('mailbox folder unreadable', { error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    const where = new Map<string, { file: string; kind: 'eml' | 'mbox'; index: number }>();
    const all: Entry[] = [];
    for (const file of paths.sort()) {
      const rel = path.relative(dir, file);
      const kind = isMailFile(file)!;
      const entries = await loadFile(file, rel, kind);
      if (!entries) continue;
      for (const e of entries) {
        where.set(e.id, { file, kind, index: e.index });
        all.push(e);
      }
    }
    locations.set(userId, where);
    return all;
  }

  // Every failure (an unusable query included, as Gmail answers one) is a failed mailbox call.
  return guardPort('mailbox', {
    async search(userId: string, query: string) {
      const q = parseGmailQuery(query, queryOpts);
      const entries = await index(userId);
      return entries
        .filter((e) => q.matches(e))
        .sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((e) => e.id);
    },

    async getRaw(userId: string, messageId: string) {
      let loc = locations.get(userId)?.get(messageId);
      if (!loc) {
        await index(userId); // a file added since the last search
        loc = locations.get(userId)?.get(messageId);
      }
      if (!loc) throw new Error('message not found');
      const msg = messagesOfFile(loc.kind, new Uint8Array(await fs.readFile(loc.file)))[loc.index];
      if (!msg) throw new Error('message no longer in its file');
      return msg;
    },

    invalidate() {
      files.clear();
      locations.clear();
    },
  });
}
