import { RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import { zeroCounts, type RetailBaseRow, type RetailDetailRow, type RetailInvoices } from '../../ports/retail-invoices.js';
import type { Db } from './sqlite.js';
import { guardPort } from '../guard.js';

/**
 * Base rows keep the columns the queries need (the two GSIs of docs/data-model.md#tables) beside the full item
 * as JSON; detail rows are keyed by (sub_type, InvoiceID) like the eight detail tables.
 */
export const retailInvoicesSchema = `
CREATE TABLE IF NOT EXISTS retail_invoices (
  user_id TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  sub_type TEXT NOT NULL,
  invoice_date TEXT NOT NULL,
  item TEXT NOT NULL,
  PRIMARY KEY (user_id, invoice_id)
);
CREATE INDEX IF NOT EXISTS retail_invoices_by_subtype ON retail_invoices (user_id, sub_type, invoice_date);
CREATE TABLE IF NOT EXISTS retail_invoice_details (
  sub_type TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  item TEXT NOT NULL,
  PRIMARY KEY (sub_type, invoice_id)
);
-- Deletion looks detail rows up by id in every sub-type (a row left by an earlier classification).
CREATE INDEX IF NOT EXISTS retail_invoice_details_by_id ON retail_invoice_details (invoice_id);`;

const parse = <T>(row: { item: string } | undefined): T | undefined => (row ? (JSON.parse(row.item) as T) : undefined);

/** SQLite transactions make put and delete all-or-nothing here. */
export function createSqliteRetailInvoices(db: Db): RetailInvoices {
  const upsertBase = db.prepare(
    `INSERT INTO retail_invoices (user_id, invoice_id, sub_type, invoice_date, item) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, invoice_id) DO UPDATE SET sub_type = excluded.sub_type, invoice_date = excluded.invoice_date, item = excluded.item`,
  );
  const upsertDetail = db.prepare(
    `INSERT INTO retail_invoice_details (sub_type, invoice_id, item) VALUES (?, ?, ?)
     ON CONFLICT (sub_type, invoice_id) DO UPDATE SET item = excluded.item`,
  );
  const getBase = db.prepare('SELECT item FROM retail_invoices WHERE user_id = ? AND invoice_id = ?');
  const getDetail = db.prepare('SELECT item FROM retail_invoice_details WHERE sub_type = ? AND invoice_id = ?');
  const byUser = db.prepare('SELECT item FROM retail_invoices WHERE user_id = ? ORDER BY invoice_id');
  const bySubType = db.prepare(
    'SELECT item FROM retail_invoices WHERE user_id = ? AND sub_type = ? ORDER BY invoice_date DESC, invoice_id DESC',
  );
  const countAll = db.prepare('SELECT sub_type, COUNT(*) AS n FROM retail_invoices WHERE user_id = ? GROUP BY sub_type');
  const countOne = db.prepare('SELECT COUNT(*) AS n FROM retail_invoices WHERE user_id = ? AND sub_type = ?');
  const delBase = db.prepare('DELETE FROM retail_invoices WHERE user_id = ? AND invoice_id = ?');
  const delDetailAnyType = db.prepare('DELETE FROM retail_invoice_details WHERE invoice_id = ?');
  const idsOfUser = db.prepare('SELECT invoice_id FROM retail_invoices WHERE user_id = ?');
  const delAllBase = db.prepare('DELETE FROM retail_invoices WHERE user_id = ?');

  const put = db.transaction((base: RetailBaseRow, detail: RetailDetailRow) => {
    upsertDetail.run(base.sub_type, detail.InvoiceID, JSON.stringify(detail));
    upsertBase.run(base.UserID, base.InvoiceID, base.sub_type, base.invoice_date ?? '', JSON.stringify(base));
  });
  const remove = db.transaction((userId: string, invoiceId: string) => {
    const base = parse<RetailBaseRow>(getBase.get(userId, invoiceId) as { item: string } | undefined);
    if (!base) return undefined;
    delDetailAnyType.run(invoiceId);
    delBase.run(userId, invoiceId);
    return base;
  });
  const removeAll = db.transaction((userId: string) => {
    const ids = (idsOfUser.all(userId) as { invoice_id: string }[]).map((r) => r.invoice_id);
    for (const id of ids) delDetailAnyType.run(id);
    delAllBase.run(userId);
    return ids.length;
  });

  return guardPort('retailInvoices', {
    async put(base, detail) {
      if (base.InvoiceID !== detail.InvoiceID) throw new Error('base and detail rows must share the InvoiceID');
      put(base, detail);
    },
    async getBase(userId, invoiceId) {
      return parse(getBase.get(userId, invoiceId) as { item: string } | undefined);
    },
    async getDetail(subType, invoiceId) {
      return parse(getDetail.get(subType, invoiceId) as { item: string } | undefined);
    },
    async listForUser(userId) {
      return (byUser.all(userId) as { item: string }[]).map((r) => JSON.parse(r.item) as RetailBaseRow);
    },
    async listBySubType(userId, subType) {
      return (bySubType.all(userId, subType) as { item: string }[]).map((r) => JSON.parse(r.item) as RetailBaseRow);
    },
    async counts(userId) {
      const out = zeroCounts(RETAIL_SUBTYPES);
      for (const r of countAll.all(userId) as { sub_type: string; n: number }[]) {
        if ((RETAIL_SUBTYPES as readonly string[]).includes(r.sub_type)) out[r.sub_type as RetailSubtype] = r.n;
      }
      return out;
    },
    async countBySubType(userId, subType) {
      return (countOne.get(userId, subType) as { n: number }).n;
    },
    async delete(userId, invoiceId) {
      return remove(userId, invoiceId);
    },
    async deleteForUser(userId) {
      return removeAll(userId);
    },
  });
}
