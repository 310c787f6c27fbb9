/**
 * A function's view of its deps: reading a port its manifest entry does not list throws, naming
 * the port and the function, instead of returning undefined or a port it was never meant to use.
 * `in` answers false for such a port (optional capabilities are probed with `in`).
 */
export function guardPorts<T extends object>(fnName: string, deps: T, refused: (prop: string) => boolean): T {
  return new Proxy(deps, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && refused(prop)) {
        throw new Error(`port '${prop}' is not available to ${fnName}: its manifest entry does not list it`);
      }
      return Reflect.get(target, prop, receiver);
    },
    has: (target, prop) => !(typeof prop === 'string' && refused(prop)) && Reflect.has(target, prop),
  });
}
