import { openDatabase } from '../../adapters/local/sqlite.js';
import { loadConfig } from '../../config.js';
import { silentLogger } from '../../runtime/log.js';
import { createLocalDeps } from '../../runtime/local/deps.js';
import { createLocalEvents, eventsSchema } from '../../runtime/local/events.js';
import { systemClock } from '../../ports/clock.js';

const USAGE = 'usage: paypulse events failed | paypulse events replay <id>\n';

/**
 * `paypulse events failed`: the local dead-letter table. `paypulse events replay <id>`: runs that
 * event again (with retries) in this process, against the same data directory; handlers are
 * idempotent, so replaying while the server runs is safe.
 */
export async function eventsCommand(args: string[], out: (s: string) => void): Promise<number> {
  const [sub, idRaw] = args;
  const config = loadConfig();
  if (sub === 'failed') {
    const db = openDatabase(config.dataDir, [eventsSchema]);
    try {
      const failed = createLocalEvents({ db, config, clock: systemClock, log: silentLogger }).failed();
      for (const f of failed) out(JSON.stringify(f));
      if (failed.length === 0) process.stderr.write('no failed events\n');
      return 0;
    } finally {
      db.close();
    }
  }
  if (sub === 'replay' && idRaw && /^\d+$/.test(idRaw)) {
    const deps = createLocalDeps(config, { events: { resumePending: false } });
    try {
      const ok = await deps.events.replay(Number(idRaw));
      await deps.events.drain();
      out(ok ? `event ${idRaw} replayed successfully` : `event ${idRaw} failed again; see 'paypulse events failed'`);
      return ok ? 0 : 1;
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n`);
      return 1;
    } finally {
      await deps.close();
    }
  }
  process.stderr.write(USAGE);
  return 2;
}
