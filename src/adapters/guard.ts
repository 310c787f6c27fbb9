import { AppError, DependencyError, EmailTakenError } from '../domain/errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The one place an adapter's failures are translated. Every method of `impl` rethrows its port's
 * own errors (the `AppError` family, `EmailTakenError` and the classes in `passes`) unchanged and
 * anything else as a `DependencyError` naming the call (`users.create`); the edge then gives the
 * route's status and message. Async iterables (`users.list()`) are guarded while iterated.
 */
export function guardPort<T extends object>(port: string, impl: T, passes: readonly ErrorClass[] = []): T {
  const translate = (method: string, err: unknown): unknown => {
    if (err instanceof AppError || err instanceof EmailTakenError || passes.some((c) => err instanceof c)) return err;
    // An adapter's own DependencyError names the service; the call it failed is named here.
    return new DependencyError(`${port}.${method}`, err instanceof DependencyError ? (err.cause ?? err) : err);
  };
  async function* iterate(method: string, it: AsyncIterable<unknown>) {
    try {
      yield* it;
    } catch (err) {
      throw translate(method, err);
    }
  }
  const guarded: Record<string, unknown> = {};
  for (const [method, value] of Object.entries(impl)) {
    if (typeof value !== 'function') {
      guarded[method] = value;
      continue;
    }
    guarded[method] = (...args: unknown[]) => {
      let out: unknown;
      try {
        out = (value as (...a: unknown[]) => unknown).apply(impl, args);
      } catch (err) {
        throw translate(method, err);
      }
      if (out instanceof Promise) return out.catch((err: unknown) => Promise.reject(translate(method, err)));
      if (out && typeof out === 'object' && Symbol.asyncIterator in out) return iterate(method, out as AsyncIterable<unknown>);
      return out;
    };
  }
  return guarded as T;
}
