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

export interface PortProviderInfo {
  /** Module path from the project root; its default export is the provider. */
  module: string;
  needs: (spec: FunctionSpec) => boolean;
}

const at = (file: string) => `src/runtime/lambda/providers/${file}`;

export const portProviders: { [K in PortKey]: PortProviderInfo } = {
  users: { module: at('users.ts'), needs: (s) => usesTable(s, 'users') },
  // Failed-login counters live in the Users table (manifest: login_user).
  loginLimiter: { module: at('login-limiter.ts'), needs: (s) => usesTable(s, 'users', true) },
  passwords: { module: at('passwords.ts'), needs: (s) => usesTable(s, 'users', true) },
  jwt: { module: at('jwt.ts'), needs: (s) => usesSecret(s, 'jwt') },
  tokens: { module: at('tokens.ts'), needs: (s) => usesSecret(s, 'gmailTokens') },
  // Google userinfo/revoke go with the Gmail grant.
  google: { module: at('google-identity.ts'), needs: (s) => usesSecret(s, 'gmailTokens') },
  // Erasers are picked inside the provider from the ports this function has.
  erasers: { module: at('erasers.ts'), needs: (s) => usesTable(s, 'users', true) },
};

export function neededPorts(spec: FunctionSpec): PortKey[] {
  return (Object.keys(portProviders) as PortKey[]).filter((k) => portProviders[k].needs(spec));
}

/** Secrets read once at cold start (never from plain environment values; DECISIONS D12). */
export type StartupSecret = Extract<SecretKey, 'jwt' | 'googleClientId' | 'gemini'>;
export const STARTUP_SECRETS: StartupSecret[] = ['jwt', 'googleClientId', 'gemini'];
export function startupSecrets(spec: FunctionSpec): StartupSecret[] {
  return STARTUP_SECRETS.filter((s) => usesSecret(spec, s));
}
