/**
 * How each port of `Deps` is built on Lambda, and which functions get it.
 *
 * Pure data (no adapter import), read at build time: for every function the generated entry
 * imports only the provider modules whose `needs` holds for that function's manifest
 * `resources`, so a bundle carries only the adapters and SDKs it uses. A new function gets its
 * ports from its resources alone; a new port in `Deps` fails the typecheck here until it has a
 * provider (a module under `providers/` whose default export is `provider('<port>', ctx => …)`).
 */
import type { Deps } from '../../app/deps.js';
import type { Access, FunctionSpec, SecretKey, TableKey } from '../manifest.js';

/** Always present; built by the entry itself. */
export type CorePort = 'config' | 'clock' | 'log';
export type PortKey = Exclude<keyof Deps, CorePort>;

const writes = (a: Access | 'readwrite+versions') => a !== 'read';

export function usesTable(spec: FunctionSpec, table: TableKey, write = false): boolean {
  return spec.resources.some((r) => r.kind === 'table' && r.table === table && (!write || writes(r.access)));
}
export function usesSecret(spec: FunctionSpec, secret: SecretKey, write = false): boolean {
  return spec.resources.some((r) => r.kind === 'secret' && r.secret === secret && (!write || writes(r.access)));
}
export function usesBucket(spec: FunctionSpec, write = false): boolean {
  return spec.resources.some((r) => r.kind === 'bucket' && (!write || writes(r.access)));
}
export function usesTopic(spec: FunctionSpec): boolean {
  return spec.resources.some((r) => r.kind === 'topic');
}

/** What an adapter touches on AWS; the manifest entry of every function that gets it must grant it. */
export type Touch =
  | { kind: 'table'; table: TableKey; write?: boolean }
  | { kind: 'bucket'; write?: boolean }
  | { kind: 'secret'; secret: SecretKey; write?: boolean }
  | { kind: 'topic' };

/** Looks accounts up by email (the Users Email-index) and writes them: signup and login. */
export function checksCredentials(spec: FunctionSpec): boolean {
  return spec.resources.some((r) => r.kind === 'table' && r.table === 'users' && writes(r.access) && r.indexes === true);
}

export interface PortProviderInfo {
  /** Module path from the project root; its default export is the provider. */
  module: string;
  needs: (spec: FunctionSpec) => boolean;
  /** Checked by a test against every function that gets the port (so code and IAM agree). */
  touches: Touch[];
  /** Files the adapter reads at run time, copied beside the bundle (`to` relative to it). */
  assets?: { from: string; to: string }[];
}

const at = (file: string) => `src/runtime/lambda/providers/${file}`;

export const portProviders: { [K in PortKey]: PortProviderInfo } = {
  users: { module: at('users.ts'), needs: (s) => usesTable(s, 'users'), touches: [{ kind: 'table', table: 'users' }] },
  // Login attempt counters live in the helper table.
  loginLimiter: {
    module: at('login-limiter.ts'),
    needs: checksCredentials,
    touches: [{ kind: 'table', table: 'helpers', write: true }],
  },
  passwords: { module: at('passwords.ts'), needs: checksCredentials, touches: [] },
  jwt: { module: at('jwt.ts'), needs: (s) => usesSecret(s, 'jwt'), touches: [{ kind: 'secret', secret: 'jwt' }] },
  tokens: {
    module: at('tokens.ts'),
    needs: (s) => usesSecret(s, 'gmailTokens'),
    touches: [{ kind: 'secret', secret: 'gmailTokens' }],
  },
  // Google userinfo/revoke go with the Gmail grant.
  google: { module: at('google-identity.ts'), needs: (s) => usesSecret(s, 'gmailTokens'), touches: [] },
  rentalInvoices: {
    module: at('rental-invoices.ts'),
    needs: (s) => usesTable(s, 'rentalInvoices'),
    touches: [{ kind: 'table', table: 'rentalInvoices' }],
  },
  retailInvoices: {
    module: at('retail-invoices.ts'),
    needs: (s) => usesTable(s, 'retailInvoices'),
    touches: [{ kind: 'table', table: 'retailInvoices' }],
  },
  vendors: { module: at('vendors.ts'), needs: (s) => usesTable(s, 'vendorConfig'), touches: [{ kind: 'table', table: 'vendorConfig' }] },
  // The receipt extraction cascade (vendor rules first, Gemini last) runs where the Gemini key is granted.
  vendorRules: {
    module: at('vendor-rules.ts'),
    needs: (s) => usesSecret(s, 'gemini'),
    touches: [],
    assets: [{ from: 'src/parsing/retail/vendor-rules', to: 'vendor-rules' }],
  },
  receiptLlm: { module: at('receipt-llm.ts'), needs: (s) => usesSecret(s, 'gemini'), touches: [{ kind: 'secret', secret: 'gemini' }] },
  objects: { module: at('objects.ts'), needs: (s) => usesBucket(s), touches: [{ kind: 'bucket' }] },
  notifier: { module: at('notifier.ts'), needs: (s) => usesTopic(s), touches: [{ kind: 'topic' }] },
  // Reading a mailbox means refreshing Google grants, which needs the OAuth client id.
  mailbox: {
    module: at('mailbox.ts'),
    needs: (s) => usesSecret(s, 'googleClientId') && usesSecret(s, 'gmailTokens'),
    touches: [{ kind: 'secret', secret: 'gmailTokens', write: true }, { kind: 'secret', secret: 'googleClientId' }],
  },
  mailboxSource: {
    module: at('mailbox-source.ts'),
    needs: (s) => usesSecret(s, 'googleClientId') && usesSecret(s, 'gmailTokens'),
    touches: [],
  },
  // Erasers are picked inside the provider from the ports this function has.
  erasers: { module: at('erasers.ts'), needs: (s) => usesTable(s, 'users', true), touches: [] },
};

/** A manifest resource granting `t` (write access where `t.write`). */
export function grants(spec: FunctionSpec, t: Touch): boolean {
  switch (t.kind) {
    case 'table':
      return usesTable(spec, t.table, t.write);
    case 'bucket':
      return usesBucket(spec, t.write);
    case 'secret':
      return usesSecret(spec, t.secret, t.write);
    case 'topic':
      return usesTopic(spec);
  }
}

export function neededPorts(spec: FunctionSpec): PortKey[] {
  return (Object.keys(portProviders) as PortKey[]).filter((k) => portProviders[k].needs(spec));
}

export function neededAssets(spec: FunctionSpec): { from: string; to: string }[] {
  return neededPorts(spec).flatMap((k) => portProviders[k].assets ?? []);
}

/** Secrets read once at cold start (never from plain environment values; docs/compatibility.md#d12). */
export type StartupSecret = Extract<SecretKey, 'jwt' | 'googleClientId' | 'gemini'>;
export const STARTUP_SECRETS: StartupSecret[] = ['jwt', 'googleClientId', 'gemini'];
export function startupSecrets(spec: FunctionSpec): StartupSecret[] {
  return STARTUP_SECRETS.filter((s) => usesSecret(spec, s));
}
