import path from 'node:path';
import { createJwtService } from '../../adapters/crypto/jwt.js';
import { createPasswordHasher } from '../../adapters/crypto/passwords.js';
import type { Deps } from '../../app/deps.js';
import { retailInvoicesEraser } from '../../app/invoices/retail-erasers.js';
import { gmailTokensEraser, invoiceObjectsEraser, notificationsEraser, rentalInvoicesEraser } from '../../app/users/erasers.js';
import { seedVendors } from '../../app/vendors/seed.js';
import { receiptLlmFromConfig } from '../../adapters/llm/from-config.js';
import { createGmailMailbox, type GmailLimits } from '../../adapters/google/gmail-mailbox.js';
import { createGoogleIdentity } from '../../adapters/google/identity.js';
import { createFolderMailbox } from '../../adapters/local/folder-mailbox.js';
import { loadOrCreateKey, readLegacyKeyFile } from '../../adapters/local/keys.js';
import { createMemoryLoginLimiter, failureLimit } from '../../adapters/local/login-limiter.js';
import { createFileObjects } from '../../adapters/local/objects.js';
import { createParsePool } from '../../adapters/local/parse-pool.js';
import type { DocumentParser } from '../../parsing/document-parser.js';
import { createOutboxNotifier, outboxSchema } from '../../adapters/local/outbox.js';
import { createSqliteRentalInvoices, rentalInvoicesSchema } from '../../adapters/local/rental-invoices.js';
import { createSqliteRetailInvoices, retailInvoicesSchema } from '../../adapters/local/retail-invoices.js';
import { createSqliteVendors, seedSqliteVendorsIfEmpty, vendorsSchema } from '../../adapters/local/vendors.js';
import { openDatabase, type Db } from '../../adapters/local/sqlite.js';
import { createTokenFile } from '../../adapters/local/token-file.js';
import { createSqliteUsers, usersSchema } from '../../adapters/local/users.js';
import type { Config } from '../../config.js';
import { loadVendorRules } from '../../parsing/retail/vendor-rules.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { utcIsoWithOffset } from '../../domain/time.js';
import { createLogger, type Logger } from '../log.js';
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

/** Where a user's folder mailbox lives on the embedded default. */
export function mailboxRoot(config: Config): string {
  return path.join(config.dataDir, 'mailboxes');
}

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
  const users = createSqliteUsers(db);
  const tokens = createTokenFile({
    file: path.join(config.dataDir, 'gmail-tokens.enc.json'),
    key: loadOrCreateKey(config.dataDir, 'token-vault', 32),
  });
  const google = createGoogleIdentity({ userinfoUrl: config.google.userinfoUrl, revokeUrl: config.google.revokeUrl });
  const rentalInvoices = createSqliteRentalInvoices(db, { onChange: (r) => events.change(r) });
  const objects = createFileObjects({ root: path.join(config.dataDir, 'objects'), bucket: config.bucket, onCreating: (e) => events.objectCreating(e) });
  const notifier = createOutboxNotifier(db, { ...(config.notificationWebhookUrl ? { webhookUrl: config.notificationWebhookUrl } : {}), log, clock });
  const retailInvoices = createSqliteRetailInvoices(db);
  const vendors = createSqliteVendors(db);
  const seeded = seedSqliteVendorsIfEmpty(db, seedVendors(utcIsoWithOffset(clock.now())));
  if (seeded > 0) log.info('vendor seed loaded', { vendors: seeded });
  const receiptLlm = receiptLlmFromConfig(config);
  const vendorRules = loadVendorRules();
  const documentParser = createParsePool({ ...config.parse, size: config.parse.workers, vendorRules, ...(receiptLlm ? { llm: receiptLlm } : {}), log });
  const mailboxSource = overrides.mailbox ?? config.mailbox;
  const mailbox =
    mailboxSource === 'gmail'
      ? createGmailMailbox({ config, tokens, clock, log, ...(overrides.gmail ? { limits: overrides.gmail } : {}) })
      : createFolderMailbox({ root: mailboxRoot(config), log });
  const deps: LocalDeps = {
    config,
    clock,
    log,
    db,
    events,
    users,
    tokens,
    google,
    rentalInvoices,
    retailInvoices,
    vendors,
    vendorRules,
    documentParser,
    ...(receiptLlm ? { receiptLlm } : {}),
    objects,
    notifier,
    mailbox,
    mailboxSource,
    loginLimiter: createMemoryLoginLimiter({
      clock,
      windowSeconds: config.loginLimits.windowSeconds,
      maxFailures: failureLimit(config.loginLimits),
    }),
    jwt: createJwtService({
      key: loadOrCreateKey(config.dataDir, 'jwt', 64),
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.ttlSeconds,
      clock,
      ...(config.jwt.legacySecretFile ? { legacyKey: readLegacyKeyFile(config.jwt.legacySecretFile) } : {}),
    }),
    passwords: createPasswordHasher(config.bcryptCost),
    // Invoices first, then their files and notifications, the Gmail grant last: a retry after a
    // failure finds the remaining steps still to do (each is idempotent).
    erasers: [
      rentalInvoicesEraser(rentalInvoices),
      retailInvoicesEraser(retailInvoices),
      invoiceObjectsEraser(objects), notificationsEraser(notifier), gmailTokensEraser(tokens, google, log)],
    close: async () => {
      await events.close();
      await documentParser.close();
      db.close();
    },
  };
  events.bind(deps, { resume: resumePending });
  return deps;
}
