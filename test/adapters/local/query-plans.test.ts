/**
 * The invoice stores' statements run per user (lists, counts, deletion): each must reach its rows
 * through a key or an index, so its cost follows the caller's history, not the whole table. A
 * full-table SCAN here made deleting a user with 5,000 receipts cost seconds (one scan of the
 * detail table per receipt).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSqliteRentalInvoices, rentalInvoicesSchema } from '../../../src/adapters/local/rental-invoices.js';
import { createSqliteRetailInvoices, retailInvoicesSchema } from '../../../src/adapters/local/retail-invoices.js';
import { openMemoryDatabase, type Db } from '../../../src/adapters/local/sqlite.js';

/** Every SQL text the store prepares. */
function preparedBy(create: (db: Db) => unknown, schema: string): { db: Db; sql: string[] } {
  const db = openMemoryDatabase([schema]);
  const sql: string[] = [];
  const spy = new Proxy(db, {
    get: (target, prop) =>
      prop === 'prepare' ? (text: string) => (sql.push(text), target.prepare(text)) : (Reflect.get(target, prop, target) as unknown),
  });
  create(spy);
  return { db, sql };
}

/** `EXPLAIN QUERY PLAN` lines of one statement, its parameters bound to NULL. */
function plan(db: Db, sql: string): string[] {
  const named = Object.fromEntries((sql.match(/@\w+/g) ?? []).map((n) => [n.slice(1), null]));
  const positional = new Array<null>((sql.match(/\?/g) ?? []).length).fill(null);
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Object.keys(named).length ? stmt.all(named) : stmt.all(...positional)) as { detail: string }[];
  return rows.map((r) => r.detail);
}

for (const [name, create, schema] of [
  ['retail', (db: Db) => createSqliteRetailInvoices(db), retailInvoicesSchema],
  ['rental', (db: Db) => createSqliteRentalInvoices(db), rentalInvoicesSchema],
] as const) {
  test(`${name} invoice store: no statement scans a whole table`, () => {
    const { db, sql } = preparedBy(create, schema);
    assert.ok(sql.length > 3, 'statements seen');
    for (const text of sql) {
      const scans = plan(db, text).filter((d) => /^SCAN /.test(d));
      assert.deepEqual(scans, [], `${text.replace(/\s+/g, ' ')}`);
    }
  });
}
