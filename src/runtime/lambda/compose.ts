import type { Deps } from '../../app/deps.js';
import { guardPorts } from '../port-guard.js';
import type { PortKey } from '../ports.js';
import type { PortContext, Provider } from './provider.js';

/**
 * The Lambda composition root for one function: core values plus exactly the ports its manifest
 * entry lists, all built now (at cold start) in the given order. A port that cannot be built fails
 * the cold start; reading one the function does not list throws, naming it, instead of returning
 * undefined (`in` still answers false, for optional capabilities such as `documentParser`).
 */
export function composeDeps(base: Omit<PortContext, 'port'>, providers: [PortKey, Provider][]): Deps {
  const built: Record<string, unknown> = { config: base.config, clock: base.clock, log: base.log };
  const ctx: PortContext = {
    ...base,
    port: (key) => {
      if (!(key in built)) throw new Error(`${base.spec.name}: port '${key}' is used before it is built (list it, and earlier, in the manifest)`);
      return built[key] as never;
    },
  };
  for (const [key, create] of providers) built[key] = create(ctx);
  // Only what was built exists; `then` is probed when a promise resolves to the deps.
  return guardPorts(base.spec.name, built, (prop) => !(prop in built) && prop !== 'then' && prop !== 'toJSON') as unknown as Deps;
}
