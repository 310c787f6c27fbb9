import { AppError } from '../domain/errors.js';
import type { Logger } from '../ports/log.js';
import { errorBody } from './envelope.js';
import type { HttpResponse } from './types.js';

/**
 * The one place that turns a thrown error into a response. Typed errors carry their own status
 * and message; anything else is a bug or an outage and becomes a 500 without details.
 */
export function errorToResponse(err: unknown, log: Logger): HttpResponse {
  if (err instanceof AppError) {
    if (err.status >= 500) log.error('request failed', { code: err.code, error: describe(err.cause ?? err) });
    return { statusCode: err.status, headers: err.headers, body: errorBody(err.code, err.message) };
  }
  log.error('unhandled error', { error: describe(err) });
  return { statusCode: 500, body: errorBody('INTERNAL_SERVER_ERROR', 'Internal Server Error') };
}

/** Error name and message only: stacks and causes may quote request data. */
function describe(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message.slice(0, 300) };
  return { name: typeof err, message: String(err).slice(0, 300) };
}
