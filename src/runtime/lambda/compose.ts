import type { Deps } from '../../app/deps.js';
import type { PortKey } from './ports.js';
import type { PortContext, Provider } from './provider.js';

/**
 * The Lambda composition root for one function: core values plus the ports its bundle carries,
 * each built on first use and then kept for the process. Touching a port the function's
 * manifest resources do not grant fails loudly instead of returning undefined.
 */
export function composeDeps(
  base: Omit<PortContext, 'deps' | 'has'>,
  providers: Partial<Record<PortKey, Provider>>,
): Deps {
  const built = new Map<string, unknown>();
  const building = new Set<string>();
  const core: Record<string, unknown> = { config: base.config, clock: base.clock, log: base.log };
  const ctx = { ...base, has: (p: PortKey) => p in providers } as PortContext;
  const deps = new Proxy({} as Deps, {
    get(_t, prop) {
      if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return undefined;
      if (prop in core) return core[prop];
      if (built.has(prop)) return built.get(prop);
      const create = providers[prop as PortKey];
      if (!create) {
        throw new Error(`port '${prop}' is not available to ${base.spec.name}: its manifest resources do not grant it`);
      }
      if (building.has(prop)) throw new Error(`port '${prop}' depends on itself`);
      building.add(prop);
      try {
        const port = create(ctx);
        built.set(prop, port);
        return port;
      } finally {
        building.delete(prop);
      }
    },
    has: (_t, prop) => typeof prop === 'string' && (prop in core || prop in providers),
  });
  ctx.deps = deps;
  return deps;
}
