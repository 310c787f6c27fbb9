import { AppError, DependencyError, dependencyFailure, type Failure } from '../domain/errors.js';
import type { Logger } from '../ports/log.js';
import { errorBody } from './envelope.js';
import type { HttpResponse } from './types.js';

/** A route's own wording for failed port calls, by `<port>.<method>` or port (see `dependencyFailure`). */
export type FailureMessages = Record<string, string>;

export interface ErrorReply extends Failure {
  headers?: Record<string, string>;
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;
type ErrorHandler<E extends Error> = (err: E, messages: FailureMessages) => ErrorReply;

/**
 * Error class → the reply the API gives for it. `resolve` tries the exact class, then the nearest
 * registered ancestor, then the class name (a second copy of a class in a bundle still matches).
 */
export class ErrorRegistry {
  private readonly handlers = new Map<ErrorClass<Error>, ErrorHandler<Error>>();

  register<E extends Error>(cls: ErrorClass<E>, handler: ErrorHandler<E>): this {
    this.handlers.set(cls, handler as ErrorHandler<Error>);
    return this;
  }

  resolve(err: unknown): ErrorHandler<Error> | undefined {
    if (!(err instanceof Error)) return undefined;
    for (let proto: unknown = Object.getPrototypeOf(err); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      const handler = this.handlers.get((proto as { constructor: ErrorClass<Error> }).constructor);
      if (handler) return handler;
    }
    for (const [cls, handler] of this.handlers) if (cls.name === err.name) return handler;
    return undefined;
  }
}

/** The API's errors: typed errors carry their reply; a failed port call gets its route's message. */
export const apiErrors = new ErrorRegistry()
  .register(AppError, (err) => ({ status: err.status, code: err.code, message: err.message, headers: err.headers }))
  .register(DependencyError, (err, messages) => dependencyFailure(err, messages));

const INTERNAL: ErrorReply = { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' };

/** The reply for `err`: anything not registered is a bug and answers a 500 without details. */
export function errorReply(err: unknown, messages: FailureMessages = {}): ErrorReply {
  return apiErrors.resolve(err)?.(err as Error, messages) ?? INTERNAL;
}

/** The one place that turns a thrown error into a response (and logs what a 5xx hides). */
export function errorToResponse(err: unknown, log: Logger, messages: FailureMessages = {}): HttpResponse {
  const reply = errorReply(err, messages);
  if (reply.status >= 500) {
    const handled = apiErrors.resolve(err) !== undefined;
    log.error(handled ? 'request failed' : 'unhandled error', {
      ...(handled ? { code: reply.code } : {}),
      ...(err instanceof DependencyError ? { operation: err.operation } : {}),
      error: describe(handled ? ((err as Error).cause ?? err) : err),
    });
  }
  return { statusCode: reply.status, ...(reply.headers ? { headers: reply.headers } : {}), body: errorBody(reply.code, reply.message) };
}

/** Error name and message only: stacks and causes may quote request data. */
function describe(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message.slice(0, 300) };
  return { name: typeof err, message: String(err).slice(0, 300) };
}
