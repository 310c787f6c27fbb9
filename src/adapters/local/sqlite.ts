import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * The embedded database. Each store declares its own tables in `migrations` (idempotent DDL);
 * WAL keeps readers and the single writer from blocking each other, and every write is
 * committed before the call returns, so a shutdown never loses an acknowledged write.
 */
export function openDatabase(dataDir: string, migrations: string[]): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'paypulse.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  for (const ddl of migrations) db.exec(ddl);
  return db;
}

/** An in-memory database with the same schema, for tests. */
export function openMemoryDatabase(migrations: string[]): Db {
  const db = new Database(':memory:');
  for (const ddl of migrations) db.exec(ddl);
  return db;
}
