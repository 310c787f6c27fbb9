import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { link, mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { forEachBounded } from '../../domain/concurrency.js';
import { checkObjectKey, checkObjectPrefix } from '../../domain/object-key.js';
import type { Objects, StoredObject } from '../../ports/objects.js';
import type { ObjectCreatedEvent } from '../../ports/triggers.js';
import { guardPort } from '../guard.js';

export interface FileObjectsOptions {
  /** Directory that holds the objects: `<root>/<key>`. */
  root: string;
  /** Called after each successful write. */
  onCreated?: (event: ObjectCreatedEvent) => void;
  /**
   * Called before each write becomes visible, with `written` after it (the local runtime records
   * the object-created event durably first, so a crash never leaves an object without its event).
   */
  onCreating?: (event: ObjectCreatedEvent) => (written: boolean) => void;
  /** Bucket name reported in the events (the configured bucket, so handlers see what S3 would send). */
  bucket?: string;
}

interface Sidecar {
  contentType?: string;
  lastModified: string;
}

// Keys never begin with '.', so these names can't clash with an object.
const META = '.meta';
const TMP = '.tmp';

const isMissing = (err: unknown) => {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** Whether a process with this id runs (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Temporary files left by processes that died mid-write (their names start with the writer's pid). */
function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    // Ours (another store on this root in this process) and other live writers' are in use.
    if (!(Number.isInteger(pid) && pid > 0 && alive(pid))) rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * Objects as files under `root`, with a JSON sidecar per object (`<root>/.meta/<key>.json`) for the
 * content type and last-modified time. Files are written to `<root>/.tmp` and renamed (or, for
 * `create`, hard-linked) into place, so a reader never sees half an object; temporary files of
 * processes that died are removed when the store opens. One version per key: deleting is final.
 */
export function createFileObjects(opts: FileObjectsOptions): Objects {
  const root = path.resolve(opts.root);
  const bucket = opts.bucket ?? 'local';
  const dataPath = (key: string) => path.join(root, ...key.split('/'));
  const metaPath = (key: string) => `${path.join(root, META, ...key.split('/'))}.json`;
  removeStaleTemps(path.join(root, TMP));
  // Temporary names: the pid (for removeStaleTemps), this store, then a counter (cheaper than random bytes per write).
  const tmpPrefix = `${process.pid}-${randomBytes(6).toString('hex')}`;
  let tmpCount = 0;

  /**
   * Writes `content` to `file` atomically; with `exclusive`, false (and nothing written) when `file` exists.
   * Directories are made only when a write finds one missing: a mkdir before every write was most
   * of a back-fill's file-system calls.
   */
  async function atomicWrite(file: string, content: Uint8Array | string, exclusive = false): Promise<boolean> {
    const tmp = path.join(root, TMP, `${tmpPrefix}-${++tmpCount}`);
    let renamed = false;
    try {
      await withDir(path.join(root, TMP), () => writeFile(tmp, content));
      if (!exclusive) {
        await withDir(path.dirname(file), () => rename(tmp, file));
        renamed = true;
        return true;
      }
      // link() fails with EEXIST instead of replacing: the atomic "create if absent".
      await withDir(path.dirname(file), () => link(tmp, file));
      return true;
    } catch (err) {
      if (exclusive && (err as { code?: string }).code === 'EEXIST') return false;
      throw err;
    } finally {
      if (!renamed) await unlink(tmp).catch((err: unknown) => {
        if (!isMissing(err)) throw err;
      });
    }
  }

  async function write(key: string, body: Uint8Array, contentType: string | undefined, exclusive: boolean): Promise<boolean> {
    checkObjectKey(key);
    const lastModified = new Date();
    const event: ObjectCreatedEvent = { bucket, key, size: body.byteLength, eventTime: lastModified.toISOString() };
    const release = opts.onCreating?.(event);
    let written = false;
    try {
      written = await atomicWrite(dataPath(key), body, exclusive);
      if (written) {
        const sidecar: Sidecar = { lastModified: lastModified.toISOString(), ...(contentType ? { contentType } : {}) };
        await atomicWrite(metaPath(key), JSON.stringify(sidecar));
      }
    } finally {
      // The object is in place even if its sidecar failed: its event must run.
      release?.(written);
    }
    if (written) opts.onCreated?.(event);
    return written;
  }

  async function readSidecar(key: string): Promise<Sidecar | undefined> {
    try {
      return JSON.parse(await readFile(metaPath(key), 'utf8')) as Sidecar;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async function removeOne(key: string): Promise<void> {
    await rm(dataPath(key), { force: true });
    await rm(metaPath(key), { force: true });
    await pruneEmptyDirs(path.dirname(dataPath(key)), root);
    await pruneEmptyDirs(path.dirname(metaPath(key)), path.join(root, META));
  }

  /** Every key stored under `dir` (a directory inside root), depth first. */
  async function* keysUnder(dir: string): AsyncGenerator<string> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (dir === root && e.name.startsWith('.')) continue;
      if (e.isDirectory()) yield* keysUnder(full);
      else if (e.isFile()) yield path.relative(root, full).split(path.sep).join('/');
    }
  }

  return guardPort('objects', {
    async put(key, body, contentType) {
      await write(key, body, contentType, false);
    },
    create(key, body, contentType) {
      return write(key, body, contentType, true);
    },
    async get(key): Promise<StoredObject | undefined> {
      checkObjectKey(key);
      let body: Buffer;
      try {
        body = await readFile(dataPath(key));
      } catch (err) {
        // EISDIR: the key is a "folder" of other objects, not an object.
        if (isMissing(err) || (err as { code?: string }).code === 'EISDIR') return undefined;
        throw err;
      }
      const meta = await readSidecar(key);
      const lastModified = meta ? new Date(meta.lastModified) : (await stat(dataPath(key))).mtime;
      return {
        body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        lastModified,
        ...(meta?.contentType ? { contentType: meta.contentType } : {}),
      };
    },
    async exists(key) {
      checkObjectKey(key);
      try {
        return (await stat(dataPath(key))).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },
    async delete(key) {
      checkObjectKey(key);
      await removeOne(key);
    },
    async deletePrefix(prefix) {
      checkObjectPrefix(prefix);
      // S3 prefixes are plain string prefixes ('invoices/u1' also matches 'invoices/u10/…'), so
      // walk from the last complete directory and compare whole keys.
      const slash = prefix.lastIndexOf('/');
      const dir = slash < 0 ? root : path.join(root, ...prefix.slice(0, slash).split('/'));
      const keys: string[] = [];
      for await (const key of keysUnder(dir)) if (key.startsWith(prefix)) keys.push(key);
      // Files a few at a time, then each emptied directory once (deepest first): pruning after
      // every key made deleting a long history cost seconds.
      await forEachBounded(keys, 16, async (key) => {
        await rm(dataPath(key), { force: true });
        await rm(metaPath(key), { force: true });
      });
      const dirs = (f: (key: string) => string) => [...new Set(keys.map((k) => path.dirname(f(k))))].sort().reverse();
      for (const d of dirs(dataPath)) await pruneEmptyDirs(d, root);
      for (const d of dirs(metaPath)) await pruneEmptyDirs(d, path.join(root, META));
    },
  });
}

/**
 * Runs `op`, which writes into `dir`; when `dir` is missing, makes it and runs `op` again (a few
 * times: a concurrent delete may prune the emptied directory in between).
 */
async function withDir<T>(dir: string, op: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await op();
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT' || tries >= 3) throw err;
      await mkdir(dir, { recursive: true });
    }
  }
}

/** Removes empty directories from `dir` up to (not including) `stop`. */
async function pruneEmptyDirs(dir: string, stop: string): Promise<void> {
  while (dir.startsWith(stop + path.sep)) {
    try {
      await rmdir(dir);
    } catch (err) {
      // Gone already (a concurrent delete): its parent may still be empty. Otherwise not empty.
      if ((err as { code?: string }).code !== 'ENOENT') return;
    }
    dir = path.dirname(dir);
  }
}
