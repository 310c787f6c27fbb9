/**
 * `npm start`: PayPulse on one machine, on the embedded default (SQLite and files under the data
 * directory; no AWS account, no internet needed).
 */
import { loadConfig } from '../../config.js';
import { createLocalDeps, mailboxRoot } from './deps.js';
import { startServer } from './server.js';

const config = loadConfig();
const deps = createLocalDeps(config);
const server = await startServer(deps, { host: config.host, port: config.port });
deps.events.startSchedules();

deps.log.info('paypulse listening', { url: server.url, data_dir: config.dataDir });
process.stderr.write(
  [
    '',
    `PayPulse is running at ${server.url} (data in ${config.dataDir})`,
    deps.mailboxSource === 'folder'
      ? `  Mailboxes: folders of .eml/mbox files, one per user: ${mailboxRoot(config)}/<user_id>/`
      : '  Mailboxes: Gmail, connected per user with POST /v1/auth/gmail/store-tokens',
    `  API description: ${server.url}/v1/openapi.json`,
    '  Try it:',
    `    curl -s -X POST ${server.url}/v1/auth/signup -H 'Content-Type: application/json' \\`,
    `      -d '{"name":"Maja Berg","email":"maja@example.se","password":"correct horse battery"}'`,
    `    curl -s ${server.url}/v1/user/me -H "Authorization: Bearer <access_token from above>"`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.log.info('shutting down', { signal });
  // Stop accepting requests and let the ones in flight finish; then let the events in flight
  // (and those they raise) finish, and close the database. Events not started stay queued in
  // SQLite for the next start.
  await server.close();
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
