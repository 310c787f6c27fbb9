import type { Deps } from '../../app/deps.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../log.js';
import type { FunctionSpec } from '../manifest.js';
import type { PortKey } from '../ports.js';

/** Values of the startup secrets this function uses (see `startupSecrets`). */
export interface LoadedSecrets {
  jwtKey?: Uint8Array;
  /** The original backend's key, when its sessions are honoured (`config.jwt.legacySecretName`). */
  legacyJwtKey?: Uint8Array;
  googleClientId?: string;
  geminiKey?: string;
}

export interface PortContext {
  spec: FunctionSpec;
  config: Config;
  clock: Clock;
  log: Logger;
  secrets: LoadedSecrets;
  /** A port built before this one: one the port table names in this port's `uses`. */
  port<K extends PortKey>(key: K): Deps[K];
}

export type Provider<K extends PortKey = PortKey> = (ctx: PortContext) => Deps[K];

/**
 * Typed provider definition: `export default provider('users', (ctx) => …)`. A provider may ask
 * for less than the whole context (`Pick<PortContext, 'config'>`), which its tests then build.
 */
export function provider<K extends PortKey, C extends Partial<PortContext> = PortContext>(
  _port: K,
  create: (ctx: C) => Deps[K],
): (ctx: C) => Deps[K] {
  return create;
}
