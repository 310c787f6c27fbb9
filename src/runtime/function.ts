import type { Deps } from '../app/deps.js';
import { errorToResponse, type FailureMessages } from '../http/errors.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { ChangeRecord, ObjectCreatedEvent, ScheduledEvent } from '../ports/triggers.js';

export type { ChangeRecord, ObjectCreatedEvent, ScheduledEvent } from '../ports/triggers.js';

/**
 * A function decodes its trigger, calls one use-case and encodes the result. A function module's
 * default export is a `PayPulseFunction`: one handler per trigger kind it has in the manifest.
 *
 * - HTTP handlers never throw: every error becomes a response through the one error table.
 * - Event handlers (object created, change feed, schedule) THROW on failure, so the platform
 *   retries and finally dead-letters the event (docs/compatibility.md#d5). They must be idempotent.
 */
export interface PayPulseFunction<D = Deps> {
  http?: (req: HttpRequest, deps: D) => Promise<HttpResponse>;
  objectCreated?: (event: ObjectCreatedEvent, deps: D) => Promise<void>;
  changeFeed?: (record: ChangeRecord, deps: D) => Promise<void>;
  schedule?: (event: ScheduledEvent, deps: D) => Promise<unknown>;
}

/**
 * Wraps an HTTP handler so that any thrown error is answered through the error registry;
 * `failures` is the route's own wording for failed port calls, where it differs.
 */
export function httpHandler<D extends Pick<Deps, 'log'> = Deps>(
  handle: (req: HttpRequest, deps: D) => Promise<HttpResponse>,
  failures: FailureMessages = {},
): (req: HttpRequest, deps: D) => Promise<HttpResponse> {
  return async (req, deps) => {
    try {
      return await handle(req, deps);
    } catch (err) {
      return errorToResponse(err, deps.log, failures);
    }
  };
}

/** A function with only an HTTP trigger. */
export function httpFunction<D extends Pick<Deps, 'log'> = Deps>(
  handle: (req: HttpRequest, deps: D) => Promise<HttpResponse>,
  failures: FailureMessages = {},
): PayPulseFunction<D> {
  return { http: httpHandler(handle, failures) };
}
