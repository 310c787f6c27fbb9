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

/**
 * A store or remote service failed. Adapters throw it (and the domain errors of their port) and
 * nothing else; `operation` names the port call, `<port>.<method>` (`users.create`,
 * `mailbox.search`), from which the edge picks the route's status, code and message.
 */
export class DependencyError extends Error {
  constructor(readonly operation: string, cause?: unknown) {
    super(`${operation} failed`, { cause });
    this.name = 'DependencyError';
  }

  get port(): string {
    return this.operation.split('.')[0]!;
  }
}

export interface Failure {
  status: number;
  code: ErrorCode;
  message: string;
}

const dependency = (message: string): Failure => ({ status: 502, code: 'DEPENDENCY_FAILURE', message });

/**
 * What the API says when a port call fails (the route tables of API.md), by `<port>.<method>`
 * first, then by port. A call with no entry is a 500: every call a route makes is listed here.
 */
const DEPENDENCY_FAILURES: Record<string, Failure> = {
  'users.create': dependency('Database error during signup'),
  'users.getByEmail': dependency('Database error during login'),
  loginLimiter: dependency('Database error during login'),
  'users.getById': dependency('Database error during user retrieval'),
  'users.delete': dependency('Database error during user deletion'),
  // The retail ingest answers its database failures with the newer code (§4.5).
  'users.setLastRetailInvoiceFetch': { status: 500, code: 'DATABASE_ERROR', message: 'Database error' },
  vendors: { status: 500, code: 'DATABASE_ERROR', message: 'Database error' },
  'google.userinfo': dependency('Network error communicating with Google'),
  'tokens.put': dependency('Error storing OAuth tokens'),
  rentalInvoices: dependency('Database error during invoice retrieval'),
  retailInvoices: dependency('Database error during invoice retrieval'),
  'objects.get': dependency('Error reading invoice storage'),
  'objects.put': dependency('Error uploading invoice to S3'),
  'objects.create': dependency('Error uploading invoice to S3'),
  'objects.delete': dependency('Error deleting invoice file from S3'),
  mailbox: dependency('Gmail API error'),
};

/** The failure a caller sees for a failed port call; `overrides` are a route's own wording. */
export function dependencyFailure(err: DependencyError, overrides: Record<string, string> = {}): Failure {
  const message = overrides[err.operation] ?? overrides[err.port];
  const known = DEPENDENCY_FAILURES[err.operation] ?? DEPENDENCY_FAILURES[err.port];
  if (message !== undefined) return { ...(known ?? dependency(message)), message };
  return known ?? { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' };
}

/** The failure a caller would see for `err`, for summaries that list failures (schedules, retail ingest). */
export function publicFailure(err: unknown): Failure | undefined {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof DependencyError) return dependencyFailure(err);
  return undefined;
}

/** The email is already registered (raised atomically by the Users store). */
export class EmailTakenError extends Error {
  constructor() {
    super('email already registered');
    this.name = 'EmailTakenError';
  }
}
