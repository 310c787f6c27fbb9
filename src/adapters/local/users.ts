import { emailKey } from '../../domain/email.js';
import { EmailTakenError } from '../../domain/errors.js';
import type { UserRecord, Users } from '../../ports/users.js';
import type { Db } from './sqlite.js';
import { guardPort } from '../guard.js';

export const usersSchema = `
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_retail_invoice_fetch TEXT
);`;

interface Row {
  user_id: string;
  email: string;
  name: string;
  password_hash: string;
  created_on: string;
  created_at: string;
  last_retail_invoice_fetch: string | null;
}

const toUser = (r: Row): UserRecord => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  createdOn: r.created_on,
  createdAt: r.created_at,
  ...(r.last_retail_invoice_fetch ? { lastRetailInvoiceFetch: r.last_retail_invoice_fetch } : {}),
});

export { emailKey };

/** Users in SQLite; the UNIQUE email key makes concurrent signups with one email yield one account. */
export function createSqliteUsers(db: Db): Users {
  const insert = db.prepare(
    `INSERT INTO users (user_id, email, email_key, name, password_hash, created_on, created_at)
     VALUES (@userId, @email, @emailKey, @name, @passwordHash, @createdOn, @createdAt)`,
  );
  const byId = db.prepare('SELECT * FROM users WHERE user_id = ?');
  const byEmail = db.prepare('SELECT * FROM users WHERE email_key = ?');
  const setFetch = db.prepare('UPDATE users SET last_retail_invoice_fetch = ? WHERE user_id = ?');
  const page = db.prepare('SELECT * FROM users WHERE user_id > ? ORDER BY user_id LIMIT 100');
  const del = db.prepare('DELETE FROM users WHERE user_id = ?');
  return guardPort('users', {
    async create(user) {
      try {
        insert.run({ ...user, emailKey: emailKey(user.email) });
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new EmailTakenError();
        throw err;
      }
    },
    async getById(userId) {
      const row = byId.get(userId) as Row | undefined;
      return row && toUser(row);
    },
    async getByEmail(email) {
      const row = byEmail.get(emailKey(email)) as Row | undefined;
      return row && toUser(row);
    },
    async setLastRetailInvoiceFetch(userId, iso) {
      setFetch.run(iso, userId);
    },
    async *list() {
      let after = '';
      for (;;) {
        const rows = page.all(after) as Row[];
        for (const r of rows) yield toUser(r);
        if (rows.length < 100) return;
        after = rows[rows.length - 1]!.user_id;
      }
    },
    async delete(userId) {
      del.run(userId);
    },
  });
}
