/**
 * API Gateway HTTP API, payload format 2.0 ⇄ `HttpRequest`/`HttpResponse`. Malformed events and
 * oversized bodies are answered here with the error envelope (docs/compatibility.md#d17); they never reach a
 * function.
 */
import * as z from 'zod/mini';
import { AppError, errors } from '../../../domain/errors.js';
import { serialize } from '../../../http/envelope.js';
import type { HttpRequest, HttpResponse } from '../../../http/types.js';
import { failedAt } from './records.js';

export interface ApiGatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

const stringMap = z.optional(z.nullable(z.record(z.string(), z.string())));
const httpEvent = z.object({
  version: z.literal('2.0'),
  requestContext: z.object({ http: z.object({ method: z.string(), sourceIp: z.catch(z.string(), 'unknown') }) }),
  rawPath: z.string(),
  headers: stringMap,
  // Payload 2.0 moves Cookie headers into `cookies`; functions see them as one header again.
  cookies: z.catch(z.optional(z.array(z.string())), undefined),
  body: z.optional(z.nullable(z.string())),
  isBase64Encoded: z.optional(z.unknown()),
  pathParameters: stringMap,
  queryStringParameters: stringMap,
});
const anyObject = z.record(z.string(), z.unknown());
const shape = z.object({ version: z.literal('2.0'), requestContext: z.object({ http: z.object({}) }) });

/** The shape test used by the dispatcher: an HTTP API 2.0 event, well-formed or not. */
export function looksLikeHttpEvent(event: unknown): boolean {
  const e = anyObject.safeParse(event).data;
  const context = anyObject.safeParse(e?.requestContext).data;
  return e !== undefined && (e.version === '2.0' || (context !== undefined && 'http' in context));
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const malformed = (what: string) => errors.invalidRequest(`Malformed request: ${what}`);

/** Throws `AppError` (400 malformed, 413 too large); the caller answers it with the envelope. */
export function decodeHttpEvent(event: unknown, maxBodyBytes: number): HttpRequest {
  if (!shape.safeParse(event).success) throw malformed('not an HTTP API 2.0 event');
  const decoded = httpEvent.safeParse(event);
  const issues = decoded.error?.issues ?? [];
  // In the order the checks run: the request line, headers and body, the body's size, then parameters.
  if (failedAt(issues, 'requestContext') || failedAt(issues, 'rawPath')) throw malformed('method or path missing');
  if (failedAt(issues, 'headers')) throw malformed('headers');
  if (failedAt(issues, 'body')) throw malformed('body');
  const e = event as { body?: string | null; isBase64Encoded?: unknown };
  const isBase64Encoded = e.isBase64Encoded === true;
  const body = e.body ?? undefined;
  if (body !== undefined) {
    if (isBase64Encoded && !BASE64.test(body)) throw malformed('body is not base64');
    const bytes = isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
    if (bytes > maxBodyBytes) throw new AppError('PAYLOAD_TOO_LARGE', 413, 'Request body exceeds 1 MiB');
  }
  if (failedAt(issues, 'pathParameters')) throw malformed('path parameters');
  if (!decoded.success) throw malformed('query string');
  const { requestContext, rawPath, headers, cookies, pathParameters, queryStringParameters } = decoded.data;
  const lowered = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (cookies?.length) lowered.cookie = cookies.join('; ');
  return {
    method: requestContext.http.method.toUpperCase(),
    path: rawPath,
    pathParameters: pathParameters ?? {},
    query: queryStringParameters ?? {},
    headers: lowered,
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
    sourceIp: requestContext.http.sourceIp,
  };
}

export function encodeHttpResponse(res: HttpResponse): ApiGatewayResult {
  const { statusCode, headers, body } = serialize(res);
  return { statusCode, headers, body, isBase64Encoded: false };
}
