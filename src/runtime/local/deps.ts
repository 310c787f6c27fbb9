import type { Deps } from '../../app/deps.js';
import { seedVendors } from '../../app/vendors/seed.js';
import type { GmailLimits } from '../../adapters/google/gmail-mailbox.js';
import { createParsePool } from '../../adapters/local/parse-pool.js';
import type { DocumentParser } from '../../parsing/document-parser.js';
import { outboxSchema } from '../../adapters/local/outbox.js';
import { rentalInvoicesSchema } from '../../adapters/local/rental-invoices.js';
import { retailInvoicesSchema } from '../../adapters/local/retail-invoices.js';
import { seedSqliteVendorsIfEmpty, vendorsSchema } from '../../adapters/local/vendors.js';
import { openDatabase, type Db } from '../../adapters/local/sqlite.js';
import { usersSchema } from '../../adapters/local/users.js';
import type { Config } from '../../config.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { utcIsoWithOffset } from '../../domain/time.js';
import { createLogger, type Logger } from '../log.js';
import { manifest } from '../manifest.js';
import { checkPorts, PORT_KEYS, portTable, type LocalPortContext, type PortKey } from '../ports.js';
import { createLocalEvents, eventsSchema, type LocalEvents, type LocalEventsOptions } from './events.js';

export interface LocalDeps extends Deps {
  db: Db;
  events: LocalEvents;
  /** Parses stored documents on worker threads (see `adapters/local/parse-pool.ts`). */
  documentParser: DocumentParser;
  /** Waits for the events in flight (and those they raise), then closes the database. */
  close(): Promise<void>;
}

export interface LocalOverrides {
  clock?: Clock;
  log?: Logger;
  /**
   * `folder` (the default without a Google client id): each user's mailbox is the folder
   * `<dataDir>/mailboxes/<user_id>/` of `.eml`/mbox files, no Gmail connection needed.
   * `gmail`: the user's Gmail through the tokens stored by store-tokens.
   */
  mailbox?: 'gmail' | 'folder';
  /** Gmail client tuning (tests use small pages to exercise paging). */
  gmail?: Partial<GmailLimits>;
  /** Retry tuning of the event runtime (tests make the backoff short). */
  events?: Pick<LocalEventsOptions, 'attempts' | 'backoffMs' | 'concurrency'> & {
    /** Run the jobs a previous process left queued (default); the CLI's one-off commands do not. */
    resumePending?: boolean;
  };
}

export { mailboxRoot } from '../ports.js';

/**
 * The embedded default: SQLite, files under the data directory, keys generated on first start,
 * events delivered in-process. `overrides` lets tests swap the clock, the logger or the mailbox.
 */
export function createLocalDeps(config: Config, overrides: LocalOverrides = {}): LocalDeps {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger({ level: config.logLevel });
  const db = openDatabase(config.dataDir, [usersSchema, rentalInvoicesSchema, retailInvoicesSchema, vendorsSchema, outboxSchema, eventsSchema]);
  const { resumePending = true, ...eventTuning } = overrides.events ?? {};
  const events = createLocalEvents({ db, config, clock, log: log.child({ component: 'events' }), ...eventTuning });
  const ports = buildLocalPorts({
    config,
    clock,
    log,
    db,
    events,
    mailbox: overrides.mailbox ?? config.mailbox,
    ...(overrides.gmail ? { gmail: overrides.gmail } : {}),
  });
  const seeded = seedSqliteVendorsIfEmpty(db, seedVendors(utcIsoWithOffset(clock.now())));
  if (seeded > 0) log.info('vendor seed loaded', { vendors: seeded });
  const documentParser = createParsePool({
    ...config.parse,
    size: config.parse.workers,
    vendorRules: ports.vendorRules,
    ...(ports.receiptLlm ? { llm: ports.receiptLlm } : {}),
    log,
  });
  const deps: LocalDeps = {
    ...ports,
    db,
    events,
    documentParser,
    close: async () => {
      await events.close();
      await documentParser.close();
      db.close();
    },
  };
  events.bind(deps, { resume: resumePending });
  return deps;
}

/**
 * Every port some function of the manifest lists, from the port table's local factories, in
 * table order. A port whose `uses` no function lists fails here, at start.
 */
function buildLocalPorts(base: Omit<LocalPortContext, 'port'>): Deps {
  const listed = new Set(manifest.flatMap((f) => f.ports));
  const wanted = PORT_KEYS.filter((k) => listed.has(k));
  checkPorts({ name: 'the local runtime', ports: wanted }, 'local');
  const built: Partial<Deps> = { config: base.config, clock: base.clock, log: base.log };
  const ctx: LocalPortContext = {
    ...base,
    port: (key) => {
      if (!(key in built)) throw new Error(`local runtime: port '${key}' is used before it is built (list it in its \`uses\`)`);
      return built[key] as Deps[typeof key];
    },
  };
  for (const key of wanted) (built as Record<PortKey, unknown>)[key] = portTable[key].local.create(ctx);
  return built as Deps;
}
