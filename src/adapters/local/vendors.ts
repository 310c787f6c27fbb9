import { activeOf, type VendorConfig, type Vendors } from '../../ports/vendors.js';
import type { Db } from './sqlite.js';
import { guardPort } from '../guard.js';

export const vendorsSchema = `
CREATE TABLE IF NOT EXISTS vendor_config (
  vendor_id TEXT PRIMARY KEY,
  sub_type TEXT NOT NULL,
  active INTEGER NOT NULL,
  item TEXT NOT NULL
);`;

export function createSqliteVendors(db: Db): Vendors {
  const all = db.prepare('SELECT item FROM vendor_config ORDER BY vendor_id');
  const one = db.prepare('SELECT item FROM vendor_config WHERE vendor_id = ?');
  const insert = db.prepare(
    'INSERT INTO vendor_config (vendor_id, sub_type, active, item) VALUES (?, ?, ?, ?) ON CONFLICT (vendor_id) DO NOTHING',
  );
  const upsert = db.prepare(
    'INSERT INTO vendor_config (vendor_id, sub_type, active, item) VALUES (?, ?, ?, ?) ON CONFLICT (vendor_id) DO UPDATE SET sub_type = excluded.sub_type, active = excluded.active, item = excluded.item',
  );
  const update = db.prepare('UPDATE vendor_config SET active = ?, item = ? WHERE vendor_id = ?');
  const rows = () => (all.all() as { item: string }[]).map((r) => JSON.parse(r.item) as VendorConfig);
  const get = (id: string) => {
    const r = one.get(id) as { item: string } | undefined;
    return r ? (JSON.parse(r.item) as VendorConfig) : undefined;
  };
  return guardPort('vendors', {
    async list() {
      return rows();
    },
    async listActive(subType) {
      return rows().filter(activeOf(subType));
    },
    async get(vendorId) {
      return get(vendorId);
    },
    async add(vendor) {
      return insert.run(vendor.vendor_id, vendor.invoice_sub_type, vendor.active ? 1 : 0, JSON.stringify(vendor)).changes === 1;
    },
    async replace(vendor) {
      upsert.run(vendor.vendor_id, vendor.invoice_sub_type, vendor.active ? 1 : 0, JSON.stringify(vendor));
    },
    async setActive(vendorId, active, updatedAt) {
      const v = get(vendorId);
      if (!v) return false;
      update.run(active ? 1 : 0, JSON.stringify({ ...v, active, updated_at: updatedAt }), vendorId);
      return true;
    },
  });
}

/**
 * Loads the seed into an empty table (the first start); afterwards the table is the operator's
 * and is never re-seeded. Synchronous so the local runtime has its vendors before it serves.
 */
export function seedSqliteVendorsIfEmpty(db: Db, seed: VendorConfig[]): number {
  if ((db.prepare('SELECT COUNT(*) AS n FROM vendor_config').get() as { n: number }).n > 0) return 0;
  const insert = db.prepare('INSERT INTO vendor_config (vendor_id, sub_type, active, item) VALUES (?, ?, ?, ?) ON CONFLICT (vendor_id) DO NOTHING');
  return db.transaction(() => seed.reduce((n, v) => n + insert.run(v.vendor_id, v.invoice_sub_type, v.active ? 1 : 0, JSON.stringify(v)).changes, 0))();
}
