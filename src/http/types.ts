/**
 * The runtime-neutral shape of an HTTP call. The local server (Hono) and the Lambda entry
 * (API Gateway HTTP API payload 2.0) both translate to and from these, so a function never
 * knows which runtime it is in.
 */
export interface HttpRequest {
  method: string;
  path: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Raw body as received; `undefined` when there is none. */
  body?: string;
  isBase64Encoded: boolean;
  /** The caller's address, for rate limits; never logged together with identities. */
  sourceIp: string;
}

export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** Serialised as JSON; `undefined` means an empty body (204). */
  body?: unknown;
}
