import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../domain/json.js';
import type { PutOutcome, RentalInvoices, RentalItem } from '../../ports/rental-invoices.js';
import type { ChangeRecord } from '../../ports/triggers.js';
import type { Db } from './sqlite.js';
import { guardPort } from '../guard.js';

/**
 * The item is kept whole as canonical JSON (original attribute names, numbers as numbers); the due
 * year/month are copied into columns so the month check is an index lookup.
 */
export const rentalInvoicesSchema = `
CREATE TABLE IF NOT EXISTS rental_invoices (
  user_id TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  due_date_year TEXT NOT NULL,
  due_date_month TEXT NOT NULL,
  item TEXT NOT NULL,
  PRIMARY KEY (user_id, invoice_id)
);
CREATE INDEX IF NOT EXISTS rental_invoices_due ON rental_invoices (user_id, due_date_year, due_date_month);`;

export interface SqliteRentalInvoicesOptions {
  /**
   * The local change feed (the DynamoDB stream's role on AWS): called for an `inserted`/`replaced`
   * write inside its transaction, so the write and its change record commit together (a crash
   * never leaves a new invoice without its notification). It should only enqueue; if it throws,
   * the write is rolled back and `put` rejects.
   */
  onChange?: (record: ChangeRecord) => void;
}

export function createSqliteRentalInvoices(db: Db, opts: SqliteRentalInvoicesOptions = {}): RentalInvoices {
  const byKey = db.prepare('SELECT item FROM rental_invoices WHERE user_id = ? AND invoice_id = ?');
  const upsert = db.prepare(
    `INSERT INTO rental_invoices (user_id, invoice_id, due_date_year, due_date_month, item)
     VALUES (@userId, @invoiceId, @year, @month, @item)
     ON CONFLICT (user_id, invoice_id) DO UPDATE SET
       due_date_year = excluded.due_date_year, due_date_month = excluded.due_date_month, item = excluded.item`,
  );
  const forUser = db.prepare('SELECT item FROM rental_invoices WHERE user_id = ? ORDER BY invoice_id');
  const forMonth = db.prepare(
    'SELECT 1 FROM rental_invoices WHERE user_id = ? AND due_date_year = ? AND due_date_month = ? LIMIT 1',
  );
  const otherForMonth = db.prepare(
    'SELECT 1 FROM rental_invoices WHERE user_id = ? AND due_date_year = ? AND due_date_month = ? AND invoice_id <> ? LIMIT 1',
  );
  const delForUser = db.prepare('DELETE FROM rental_invoices WHERE user_id = ?');

  // Read, compare, write and record the change in one transaction: exact under concurrent writers.
  const write = db.transaction((item: RentalItem): PutOutcome => {
    const json = canonicalJson(item);
    const old = (byKey.get(item.UserID, item.InvoiceID) as { item: string } | undefined)?.item;
    if (old === json) return 'unchanged';
    // D7: a month another invoice has is refused; an invoice already stored in this month keeps it.
    const prev = old === undefined ? undefined : (JSON.parse(old) as RentalItem);
    const sameMonth = prev?.due_date_year === item.due_date_year && prev.due_date_month === item.due_date_month;
    if (!sameMonth && item.due_date_year !== '' && item.due_date_month !== '' && otherForMonth.get(item.UserID, item.due_date_year, item.due_date_month, item.InvoiceID)) {
      return 'duplicate_month';
    }
    upsert.run({ userId: item.UserID, invoiceId: item.InvoiceID, year: item.due_date_year, month: item.due_date_month, item: json });
    opts.onChange?.({
      eventId: randomUUID(),
      eventName: old === undefined ? 'INSERT' : 'MODIFY',
      table: 'rentalInvoices',
      // Fresh copies: the consumer must not see later changes to the caller's object.
      newImage: JSON.parse(json) as Record<string, unknown>,
      ...(old === undefined ? {} : { oldImage: JSON.parse(old) as Record<string, unknown> }),
    });
    return old === undefined ? 'inserted' : 'replaced';
  });

  return guardPort('rentalInvoices', {
    async put(item) {
      return write(item);
    },
    async get(userId, invoiceId) {
      const row = byKey.get(userId, invoiceId) as { item: string } | undefined;
      return row && (JSON.parse(row.item) as RentalItem);
    },
    async listForUser(userId) {
      return (forUser.all(userId) as { item: string }[]).map((r) => JSON.parse(r.item) as RentalItem);
    },
    async existsForMonth(userId, year, month) {
      return forMonth.get(userId, year, month) !== undefined;
    },
    async deleteForUser(userId) {
      delForUser.run(userId);
    },
  });
}
