/**
 * `paypulse <command>`: the operator's and developer's command line. Each command lives in
 * `commands/` and returns its exit code; output goes to stdout, diagnostics to stderr.
 */
import { demoCommand } from './commands/demo.js';
import { evalCommand } from './commands/eval.js';
import { eventsCommand } from './commands/events.js';
import { migrateCommand } from './commands/migrate.js';
import { notificationsCommand } from './commands/notifications.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../adapters/local/sqlite.js';
import { createSqliteVendors, seedSqliteVendorsIfEmpty, vendorsSchema } from '../adapters/local/vendors.js';
import { seedVendors } from '../app/vendors/seed.js';
import { utcIsoWithOffset } from '../domain/time.js';
import { vendorsCommand } from './commands/vendors.js';
import { parseRentalCommand } from './commands/parse-rental.js';
import { parseRetailCommand } from './commands/parse-retail.js';

type Command = { summary: string; run: (args: string[], out: (s: string) => void) => Promise<number> };

const commands: Record<string, Command> = {
  help: { summary: 'show this help', run: async (_a, out) => (out(usage()), 0) },
  demo: { summary: 'run the whole rental chain offline in a temporary data directory [--keep]', run: demoCommand },
  notifications: { summary: "<user_id>: the user's notification outbox", run: notificationsCommand },
  events: { summary: 'failed | replay <id>: the local dead-letter table, and running an event again', run: eventsCommand },
  vendors: {
    summary: 'list, add, enable or disable retail vendors (local database)',
    run: async (args, out) => {
      const db = openDatabase(loadConfig().dataDir, [vendorsSchema]);
      try {
        seedSqliteVendorsIfEmpty(db, seedVendors(utcIsoWithOffset(new Date())));
        return await vendorsCommand(args, out, createSqliteVendors(db));
      } finally {
        db.close();
      }
    },
  },
  parse: {
    summary: 'parse rental FILE.pdf | parse retail FILE [--vendor ID] [--subtype S]: print what would be stored',
    run: (args, out) => {
      if (args[0] === 'rental') return parseRentalCommand(args.slice(1), out);
      if (args[0] === 'retail') return parseRetailCommand(args.slice(1), out);
      process.stderr.write('usage: paypulse parse rental FILE.pdf | paypulse parse retail FILE\n');
      return Promise.resolve(2);
    },
  },
  eval: { summary: 'eval CORPUS_DIR: per-field accuracy on an evaluation corpus', run: evalCommand },
  migrate: { summary: 'helpers | email-locks | legacy-jwt: the steps of moving from the original backend', run: (a, out) => migrateCommand(a, out) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return ['Usage: paypulse <command> [args]', '', ...Object.entries(commands).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`)].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const command = commands[name ?? 'help'];
if (!command) {
  process.stderr.write(`unknown command '${name}'\n${usage()}\n`);
  process.exit(2);
}
const out = (s: string) => process.stdout.write(`${s}\n`);
process.exitCode = await command.run(args, out);
