import { DependencyError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { NotificationLog, Notifier } from '../../ports/notifier.js';
import type { Logger } from '../../ports/log.js';
import type { Db } from './sqlite.js';
import { guardPort } from '../guard.js';

/**
 * The local stand-in for SNS (docs/compatibility.md#d10): one outbox row per (user, dedupe key), read per user
 * with `paypulse` or forwarded to a webhook. The UNIQUE pair is the de-duplication record.
 * `webhook_status`: `none` (no webhook configured), `pending`, `delivered` or `failed`.
 */
export const outboxSchema = `
CREATE TABLE IF NOT EXISTS notification_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  webhook_status TEXT NOT NULL,
  webhook_attempts INTEGER NOT NULL DEFAULT 0,
  webhook_error TEXT,
  delivered_at TEXT,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX IF NOT EXISTS notification_outbox_user ON notification_outbox (user_id, id);`;

export type WebhookStatus = 'none' | 'pending' | 'delivered' | 'failed';

export interface OutboxEntry {
  dedupeKey: string;
  subject: string;
  message: string;
  createdAt: string;
  webhookStatus: WebhookStatus;
  deliveredAt?: string;
}

export interface OutboxOptions {
  /** When set, each new notification is POSTed here as JSON `{user_id, subject, message}`. */
  webhookUrl?: string;
  log: Logger;
  clock: Clock;
  /** Webhook request timeout. */
  timeoutMs?: number;
}

interface Row {
  dedupe_key: string;
  subject: string;
  message: string;
  created_at: string;
  webhook_status: WebhookStatus;
  delivered_at: string | null;
}

/**
 * Webhook delivery is at-least-once: the row is recorded first; if the POST fails the row is
 * marked `failed` and `notify` throws, so the change-feed event is retried and the retry POSTs
 * again (it returns false only once a notification was delivered, or recorded with no webhook).
 * A crash between a successful POST and marking it `delivered` can repeat one POST.
 */
export function createOutboxNotifier(db: Db, opts: OutboxOptions): Notifier & NotificationLog {
  const insert = db.prepare(
    `INSERT INTO notification_outbox (user_id, dedupe_key, subject, message, created_at, webhook_status)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
  );
  const byKey = db.prepare('SELECT * FROM notification_outbox WHERE user_id = ? AND dedupe_key = ?');
  const markDelivered = db.prepare(
    `UPDATE notification_outbox SET webhook_status = 'delivered', webhook_attempts = webhook_attempts + 1,
       webhook_error = NULL, delivered_at = ? WHERE user_id = ? AND dedupe_key = ?`,
  );
  const markFailed = db.prepare(
    `UPDATE notification_outbox SET webhook_status = 'failed', webhook_attempts = webhook_attempts + 1,
       webhook_error = ? WHERE user_id = ? AND dedupe_key = ?`,
  );
  const delForUser = db.prepare('DELETE FROM notification_outbox WHERE user_id = ?');
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function post(userId: string, subject: string, message: string): Promise<string | undefined> {
    try {
      const res = await fetch(opts.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: userId, subject, message }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (err) {
      return (err as Error).name;
    }
  }

  return guardPort('notifier', {
    async notify(n) {
      if (!n.userId || !n.dedupeKey) throw new Error('a notification needs a user id and a dedupe key');
      const created = insert.run(
        n.userId,
        n.dedupeKey,
        n.subject,
        n.message,
        opts.clock.now().toISOString(),
        opts.webhookUrl ? 'pending' : 'none',
      ).changes === 1;
      if (!created) {
        const row = byKey.get(n.userId, n.dedupeKey) as Row;
        const undelivered = row.webhook_status === 'pending' || row.webhook_status === 'failed';
        if (!(undelivered && opts.webhookUrl)) return false;
      }
      if (!opts.webhookUrl) return true;
      // The stored text is what was announced first; a retry re-sends exactly that.
      const row = byKey.get(n.userId, n.dedupeKey) as Row;
      const failure = await post(n.userId, row.subject, row.message);
      if (failure === undefined) {
        markDelivered.run(opts.clock.now().toISOString(), n.userId, n.dedupeKey);
        return true;
      }
      markFailed.run(failure, n.userId, n.dedupeKey);
      opts.log.warn('notification webhook failed', { user_id: n.userId, failure });
      throw new DependencyError('notification webhook', new Error(failure));
    },
    async deleteForUser(userId) {
      delForUser.run(userId);
    },
  });
}

/** A user's outbox, oldest first (for the CLI). */
export function listOutbox(db: Db, userId: string): OutboxEntry[] {
  const rows = db
    .prepare('SELECT * FROM notification_outbox WHERE user_id = ? ORDER BY id')
    .all(userId) as Row[];
  return rows.map((r) => ({
    dedupeKey: r.dedupe_key,
    subject: r.subject,
    message: r.message,
    createdAt: r.created_at,
    webhookStatus: r.webhook_status,
    ...(r.delivered_at ? { deliveredAt: r.delivered_at } : {}),
  }));
}
