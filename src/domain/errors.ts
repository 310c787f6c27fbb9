/**
 * The one typed error family. Every failure a caller can see carries the spec's error code,
 * its HTTP status and the exact message text (docs/api.md#error-codes). `http/errors.ts` turns these into
 * responses; nothing else decides a status code.
 */
export type ErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'GMAIL_TOKEN_EXPIRED'
  | 'USER_NOT_FOUND'
  | 'USER_ALREADY_EXISTS'
  | 'JWT_ERROR'
  | 'INVALID_JSON'
  | 'MISSING_FIELDS'
  | 'INVOICE_PARSE_ERROR'
  | 'DEPENDENCY_FAILURE'
  | 'INTERNAL_SERVER_ERROR'
  | 'INVALID_REQUEST'
  | 'DATABASE_ERROR'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** Shorthands for the errors used in many places; messages are the spec's. */
export const errors = {
  invalidJson: () => new AppError('INVALID_JSON', 400, 'Invalid JSON in request body'),
  missingFields: (message: string) => new AppError('MISSING_FIELDS', 400, message),
  invalidRequest: (message: string, status = 400) => new AppError('INVALID_REQUEST', status, message),
  invalidCredentials: (message = 'Invalid Credentials', status = 401) =>
    new AppError('INVALID_CREDENTIALS', status, message),
  dependency: (message: string, cause?: unknown) => new AppError('DEPENDENCY_FAILURE', 502, message, {}, { cause }),
  userNotFound: () => new AppError('USER_NOT_FOUND', 404, 'User not found'),
  gmailReconnect: () => new AppError('GMAIL_TOKEN_EXPIRED', 502, 'Gmail account needs to be re-connected'),
  gmailNotConnected: () => new AppError('GMAIL_TOKEN_EXPIRED', 502, 'Error retrieving OAuth tokens'),
  internal: (message = 'Internal Server Error', cause?: unknown) =>
    new AppError('INTERNAL_SERVER_ERROR', 500, message, {}, { cause }),
};

/** A store or remote service failed; adapters throw this so use-cases can map it to the route's message. */
export class DependencyError extends Error {
  constructor(readonly service: string, cause?: unknown) {
    super(`${service} failed`, { cause });
    this.name = 'DependencyError';
  }
}

/** The email is already registered (raised atomically by the Users store). */
export class EmailTakenError extends Error {
  constructor() {
    super('email already registered');
    this.name = 'EmailTakenError';
  }
}
