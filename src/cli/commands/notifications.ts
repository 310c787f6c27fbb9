import { listOutbox, outboxSchema } from '../../adapters/local/outbox.js';
import { openDatabase } from '../../adapters/local/sqlite.js';
import { loadConfig } from '../../config.js';

/** `paypulse notifications <user_id>`: the user's local outbox, oldest first, as JSON lines. */
export async function notificationsCommand(args: string[], out: (s: string) => void): Promise<number> {
  const [userId] = args;
  if (!userId) {
    process.stderr.write('usage: paypulse notifications <user_id>\n');
    return 2;
  }
  const db = openDatabase(loadConfig().dataDir, [outboxSchema]);
  try {
    const entries = listOutbox(db, userId);
    for (const e of entries) out(JSON.stringify(e));
    if (entries.length === 0) process.stderr.write(`no notifications for ${userId}\n`);
    return 0;
  } finally {
    db.close();
  }
}
