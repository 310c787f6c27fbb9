/**
 * `paypulse <command>`: the operator's and developer's command line. Each command lives in
 * `commands/` and returns its exit code; output goes to stdout, diagnostics to stderr.
 */
import { demoCommand } from './commands/demo.js';
import { eventsCommand } from './commands/events.js';
import { notificationsCommand } from './commands/notifications.js';

type Command = { summary: string; run: (args: string[], out: (s: string) => void) => Promise<number> };

const commands: Record<string, Command> = {
  help: { summary: 'show this help', run: async (_a, out) => (out(usage()), 0) },
  demo: { summary: 'run the whole rental chain offline in a temporary data directory [--keep]', run: demoCommand },
  notifications: { summary: "<user_id>: the user's notification outbox", run: notificationsCommand },
  events: { summary: 'failed | replay <id>: the local dead-letter table, and running an event again', run: eventsCommand },
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
