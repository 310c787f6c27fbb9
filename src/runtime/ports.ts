/**
 * The port table: how each port of `Deps` is built in each runtime. Every function lists the ports
 * it uses (`ports` in the manifest) and both runtimes build exactly those from this table:
 *
 * - `local`: a factory run once per process; the local runtime builds the ports listed by any
 *   function, in table order (a port's `uses` come before it).
 * - `aws`: a module whose default export is `provider('<port>', ctx => …)`. A generated Lambda
 *   entry imports only the modules of its function's ports, so a bundle carries only the adapters
 *   and SDKs it uses. `touches` is what the adapter needs on AWS: the function's manifest
 *   `resources` (from which `infra/policies.ts` derives IAM) must grant it, and every resource must
 *   be touched by a listed port (a test checks both).
 *
 * A listed port whose `uses` are not listed fails the build and the start (`checkPorts`), not the
 * first request. A new port is one line in `Deps`, one entry here and one provider module.
 */
import path from 'node:path';
import { createJwtService } from '../adapters/crypto/jwt.js';
import { createPasswordHasher } from '../adapters/crypto/passwords.js';
import type { Deps } from '../app/deps.js';
import { retailInvoicesEraser } from '../app/invoices/retail-erasers.js';
import { gmailTokensEraser, invoiceObjectsEraser, notificationsEraser, rentalInvoicesEraser } from '../app/users/erasers.js';
import { receiptLlmFromConfig } from '../adapters/llm/from-config.js';
import { createGmailMailbox, type GmailLimits } from '../adapters/google/gmail-mailbox.js';
import { createGoogleIdentity } from '../adapters/google/identity.js';
import { createFolderMailbox } from '../adapters/local/folder-mailbox.js';
import { loadOrCreateKey, readLegacyKeyFile } from '../adapters/local/keys.js';
import { createMemoryLoginLimiter, failureLimit } from '../adapters/local/login-limiter.js';
import { createFileObjects } from '../adapters/local/objects.js';
import { createOutboxNotifier } from '../adapters/local/outbox.js';
import { createSqliteRentalInvoices } from '../adapters/local/rental-invoices.js';
import { createSqliteRetailInvoices } from '../adapters/local/retail-invoices.js';
import type { Db } from '../adapters/local/sqlite.js';
import { createTokenFile } from '../adapters/local/token-file.js';
import { createSqliteUsers } from '../adapters/local/users.js';
import { createSqliteVendors } from '../adapters/local/vendors.js';
import type { Config } from '../config.js';
import { loadVendorRules } from '../parsing/retail/vendor-rules.js';
import type { Clock } from '../ports/clock.js';
import type { NotificationLog, Notifier } from '../ports/notifier.js';
import type { LocalEvents } from './local/events.js';
import type { Logger } from './log.js';
import { guardPorts } from './port-guard.js';
import type { FunctionSpec, SecretKey, TableKey } from './manifest.js';

/** Always present; built by each runtime itself. */
export type CorePort = 'config' | 'clock' | 'log';
export type PortKey = Exclude<keyof Deps, CorePort>;

/** Something an adapter touches on AWS (write access where `write`). */
export type Touch =
  | { kind: 'table'; table: TableKey; write?: boolean }
  | { kind: 'bucket'; write?: boolean }
  | { kind: 'secret'; secret: SecretKey; write?: boolean }
  | { kind: 'topic' };

/** Secrets read once at cold start (never from plain environment values; docs/compatibility.md#d12). */
export type StartupSecret = Extract<SecretKey, 'jwt' | 'googleClientId' | 'gemini'>;

export interface AwsPort {
  /** Module path from the project root; its default export is the provider. */
  module: string;
  /** Always used: the function's manifest resources must grant each. */
  touches: Touch[];
  /** Used only where the function's resources grant it (the provider checks `usesTable`). */
  optional?: Touch[];
  /** Other ports the provider reads from `ctx.port(…)`; they must be listed too. */
  uses?: PortKey[];
  /** Startup secrets the provider reads from `ctx.secrets`. */
  secrets?: StartupSecret[];
  /** Files the adapter reads at run time, copied beside the bundle (`to` relative to it). */
  assets?: { from: string; to: string }[];
}

export interface LocalPortContext {
  config: Config;
  clock: Clock;
  log: Logger;
  db: Db;
  events: LocalEvents;
  /** `gmail` or `folder` (see `LocalOverrides.mailbox`). */
  mailbox: 'gmail' | 'folder';
  gmail?: Partial<GmailLimits>;
  /** A port built before this one (named in its `uses`). */
  port<K extends PortKey>(key: K): Deps[K];
}

export interface LocalPort<K extends PortKey> {
  uses?: PortKey[];
  create: (ctx: LocalPortContext) => Deps[K];
}

export interface PortEntry<K extends PortKey> {
  local: LocalPort<K>;
  aws: AwsPort;
}

/** Where a user's folder mailbox lives on the embedded default. */
export function mailboxRoot(config: Config): string {
  return path.join(config.dataDir, 'mailboxes');
}

const at = (file: string) => `src/runtime/lambda/providers/${file}`;
const helpersWrite: Touch = { kind: 'table', table: 'helpers', write: true };

/** In dependency order: a port's `uses` come before it. */
export const portTable: { [K in PortKey]: PortEntry<K> } = {
  users: {
    local: { create: (c) => createSqliteUsers(c.db) },
    // The email locks live in the helper table: used by the functions that create or delete accounts.
    aws: { module: at('users.ts'), touches: [{ kind: 'table', table: 'users' }], optional: [helpersWrite] },
  },
  loginLimiter: {
    local: {
      create: (c) =>
        createMemoryLoginLimiter({ clock: c.clock, windowSeconds: c.config.loginLimits.windowSeconds, maxFailures: failureLimit(c.config.loginLimits) }),
    },
    // Login attempt counters live in the helper table.
    aws: { module: at('login-limiter.ts'), touches: [helpersWrite] },
  },
  passwords: {
    local: { create: (c) => createPasswordHasher(c.config.bcryptCost) },
    aws: { module: at('passwords.ts'), touches: [] },
  },
  jwt: {
    local: {
      create: (c) =>
        createJwtService({
          key: loadOrCreateKey(c.config.dataDir, 'jwt', 64),
          issuer: c.config.jwt.issuer,
          audience: c.config.jwt.audience,
          ttlSeconds: c.config.jwt.ttlSeconds,
          clock: c.clock,
          ...(c.config.jwt.legacySecretFile ? { legacyKey: readLegacyKeyFile(c.config.jwt.legacySecretFile) } : {}),
        }),
    },
    aws: { module: at('jwt.ts'), touches: [{ kind: 'secret', secret: 'jwt' }], secrets: ['jwt'] },
  },
  tokens: {
    local: {
      create: (c) =>
        createTokenFile({ file: path.join(c.config.dataDir, 'gmail-tokens.enc.json'), key: loadOrCreateKey(c.config.dataDir, 'token-vault', 32) }),
    },
    aws: { module: at('tokens.ts'), touches: [{ kind: 'secret', secret: 'gmailTokens' }] },
  },
  google: {
    local: { create: (c) => createGoogleIdentity({ userinfoUrl: c.config.google.userinfoUrl, revokeUrl: c.config.google.revokeUrl }) },
    aws: { module: at('google-identity.ts'), touches: [] },
  },
  rentalInvoices: {
    local: { create: (c) => createSqliteRentalInvoices(c.db, { onChange: (r) => c.events.change(r) }) },
    // One invoice per user and month is claimed in a helper item where the function stores invoices.
    aws: { module: at('rental-invoices.ts'), touches: [{ kind: 'table', table: 'rentalInvoices' }], optional: [helpersWrite] },
  },
  retailInvoices: {
    local: { create: (c) => createSqliteRetailInvoices(c.db) },
    aws: {
      module: at('retail-invoices.ts'),
      touches: [
        { kind: 'table', table: 'retailInvoices' },
        { kind: 'table', table: 'retailDetails' },
      ],
    },
  },
  vendors: {
    local: { create: (c) => createSqliteVendors(c.db) },
    aws: { module: at('vendors.ts'), touches: [{ kind: 'table', table: 'vendorConfig' }] },
  },
  vendorRules: {
    local: { create: () => loadVendorRules() },
    aws: { module: at('vendor-rules.ts'), touches: [], assets: [{ from: 'src/parsing/retail/vendor-rules', to: 'vendor-rules' }] },
  },
  receiptLlm: {
    local: { create: (c) => receiptLlmFromConfig(c.config) },
    aws: { module: at('receipt-llm.ts'), touches: [{ kind: 'secret', secret: 'gemini' }], secrets: ['gemini'] },
  },
  objects: {
    local: {
      create: (c) =>
        createFileObjects({ root: path.join(c.config.dataDir, 'objects'), bucket: c.config.bucket, onCreating: (e) => c.events.objectCreating(e) }),
    },
    aws: { module: at('objects.ts'), touches: [{ kind: 'bucket' }] },
  },
  notifier: {
    local: {
      create: (c) =>
        createOutboxNotifier(c.db, { ...(c.config.notificationWebhookUrl ? { webhookUrl: c.config.notificationWebhookUrl } : {}), log: c.log, clock: c.clock }),
    },
    // The de-duplication markers live in the helper table.
    aws: { module: at('notifier.ts'), touches: [{ kind: 'topic' }], optional: [helpersWrite] },
  },
  mailbox: {
    local: {
      uses: ['tokens'],
      create: (c) =>
        c.mailbox === 'gmail'
          ? createGmailMailbox({ config: c.config, tokens: c.port('tokens'), clock: c.clock, log: c.log, ...(c.gmail ? { limits: c.gmail } : {}) })
          : createFolderMailbox({ root: mailboxRoot(c.config), log: c.log }),
    },
    // Reading a mailbox means refreshing Google grants, which needs the OAuth client id.
    aws: {
      module: at('mailbox.ts'),
      uses: ['tokens'],
      touches: [{ kind: 'secret', secret: 'gmailTokens', write: true }, { kind: 'secret', secret: 'googleClientId' }],
      secrets: ['googleClientId'],
    },
  },
  mailboxSource: {
    local: { create: (c) => c.mailbox },
    aws: { module: at('mailbox-source.ts'), touches: [] },
  },
  erasers: {
    // Invoices first, then their files and notifications, the Gmail grant last: a retry after a
    // failure finds the remaining steps still to do (each is idempotent).
    local: {
      uses: ['rentalInvoices', 'retailInvoices', 'objects', 'notifier', 'tokens', 'google'],
      create: (c) => [
        rentalInvoicesEraser(c.port('rentalInvoices')),
        retailInvoicesEraser(c.port('retailInvoices')),
        invoiceObjectsEraser(c.port('objects')),
        // The local outbox is also the notification log.
        notificationsEraser(c.port('notifier') as Notifier & NotificationLog),
        gmailTokensEraser(c.port('tokens'), c.port('google'), c.log),
      ],
    },
    // On AWS the notification markers are erased from the helper table directly.
    aws: {
      module: at('erasers.ts'),
      uses: ['rentalInvoices', 'retailInvoices', 'objects', 'tokens', 'google'],
      touches: [helpersWrite],
    },
  },
};

export const PORT_KEYS = Object.keys(portTable) as PortKey[];
const isPort = (prop: string): prop is PortKey => Object.hasOwn(portTable, prop);

/** The deps as one function sees them: only the ports it lists (the local runtime serves all functions from one set). */
export function depsFor<D extends object>(spec: Pick<FunctionSpec, 'name' | 'ports'>, deps: D): D {
  return guardPorts(spec.name, deps, (prop) => isPort(prop) && !spec.ports.includes(prop));
}

/**
 * Fails when a function lists a port whose `uses` it does not list (checked at build and at
 * cold start), or lists a port twice.
 */
export function checkPorts(spec: Pick<FunctionSpec, 'name' | 'ports'>, runtime: 'aws' | 'local' = 'aws'): void {
  const listed = new Set(spec.ports);
  if (listed.size !== spec.ports.length) throw new Error(`${spec.name}: a port is listed twice in the manifest`);
  for (const port of spec.ports) {
    const entry = portTable[port];
    if (!entry) throw new Error(`${spec.name}: port '${String(port)}' has no entry in the port table`);
    for (const used of entry[runtime].uses ?? []) {
      if (!listed.has(used)) throw new Error(`${spec.name}: port '${port}' needs port '${used}', which its manifest entry does not list`);
    }
  }
}

/** The function's ports in build order (the table's). */
export function portsOf(spec: Pick<FunctionSpec, 'ports'>): PortKey[] {
  return PORT_KEYS.filter((k) => spec.ports.includes(k));
}

export function startupSecrets(spec: Pick<FunctionSpec, 'ports'>): StartupSecret[] {
  const wanted = new Set(portsOf(spec).flatMap((p) => portTable[p].aws.secrets ?? []));
  return (['jwt', 'googleClientId', 'gemini'] as const).filter((s) => wanted.has(s));
}

export function neededAssets(spec: Pick<FunctionSpec, 'ports'>): { from: string; to: string }[] {
  return portsOf(spec).flatMap((k) => portTable[k].aws.assets ?? []);
}
