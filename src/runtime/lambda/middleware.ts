/**
 * The invocation-wide concerns of a Lambda handler, each a small middleware (Middy's shape, as
 * plain functions): `use(handler, a, b, c)` runs `a` outermost. Trigger-specific work is in
 * `trigger-handlers.ts`; `handler.ts` composes both in one place.
 */
import type { Logger } from '../log.js';

export type Invoke = (event: unknown, context?: unknown) => Promise<unknown>;
export type Middleware = (next: Invoke) => Invoke;

/** The first middleware wraps all others. */
export function use(handler: Invoke, ...middlewares: Middleware[]): Invoke {
  return middlewares.reduceRight((next, mw) => mw(next), handler);
}

/** Every log line of the invocation carries the Lambda context (request id, cold start). */
export const lambdaContext =
  (logger: { addContext(context: never): void }): Middleware =>
  (next) =>
  async (event, context) => {
    if (context && typeof context === 'object' && 'awsRequestId' in context) logger.addContext(context as never);
    return next(event, context);
  };

/** The invocation's metrics are published whatever happens. */
export const flushMetrics =
  (metrics: { flush(): void }): Middleware =>
  (next) =>
  async (event, context) => {
    try {
      return await next(event, context);
    } finally {
      metrics.flush();
    }
  };

/** A failed invocation is logged before the platform retries it (or answers 502). */
export const logFailure =
  (log: Pick<Logger, 'error'>): Middleware =>
  (next) =>
  async (event, context) => {
    try {
      return await next(event, context);
    } catch (err) {
      log.error('invocation failed', { error: err });
      throw err;
    }
  };

/** Builds a value once per cold start; a failed build is retried on the next invocation. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let ready: Promise<T> | undefined;
  return () =>
    (ready ??= build().catch((err: unknown) => {
      ready = undefined;
      throw err;
    }));
}
