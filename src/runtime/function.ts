import type { Deps } from '../app/deps.js';
import { errorToResponse } from '../http/errors.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';

/**
 * A function decodes its trigger, calls one use-case and encodes the result. HTTP functions
 * never throw: every error becomes a response through the one error table.
 */
export interface HttpFunction<D = Deps> {
  readonly kind: 'http';
  handle(req: HttpRequest, deps: D): Promise<HttpResponse>;
}

export function httpFunction<D extends Pick<Deps, 'log'> = Deps>(
  handle: (req: HttpRequest, deps: D) => Promise<HttpResponse>,
): HttpFunction<D> {
  return {
    kind: 'http',
    async handle(req, deps) {
      try {
        return await handle(req, deps);
      } catch (err) {
        return errorToResponse(err, deps.log);
      }
    },
  };
}
