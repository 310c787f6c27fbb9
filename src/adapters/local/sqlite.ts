import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * The embedded database. Each store declares its own tables in `migrations` (idempotent DDL);
 * WAL keeps readers and the single writer from blocking each other, and every write is
 * committed before the call returns, so a shutdown never loses an acknowledged write.
 */
export function openDatabase(dataDir: string, migrations: string[]): Db {
  ownerOnly(dataDir);
  const db = new Database(path.join(dataDir, 'paypulse.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  for (const ddl of migrations) db.exec(ddl);
  return db;
}

/**
 * The data directory holds accounts, documents and keys: owner-only. The process creates
 * everything with umask 077 (files 0600, directories 0700: the database and its WAL, stored
 * documents, outboxes), and a directory or database left readable by an earlier version is
 * tightened on start. (Worker threads cannot set the umask; they share the main thread's.)
 */
function ownerOnly(dataDir: string): void {
  if (isMainThread) process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const f of ['paypulse.db', 'paypulse.db-wal', 'paypulse.db-shm']) {
    const file = path.join(dataDir, f);
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** An in-memory database with the same schema, for tests. */
export function openMemoryDatabase(migrations: string[]): Db {
  const db = new Database(':memory:');
  for (const ddl of migrations) db.exec(ddl);
  return db;
}
