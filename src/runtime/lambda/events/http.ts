/**
 * API Gateway HTTP API, payload format 2.0 ⇄ `HttpRequest`/`HttpResponse`. Malformed events and
 * oversized bodies are answered here with the error envelope (docs/compatibility.md#d17); they never reach a
 * function.
 */
import { AppError, errors } from '../../../domain/errors.js';
import { serialize } from '../../../http/envelope.js';
import type { HttpRequest, HttpResponse } from '../../../http/types.js';

export interface ApiGatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape test used by the dispatcher: an HTTP API 2.0 event, well-formed or not. */
export function looksLikeHttpEvent(event: unknown): boolean {
  return isObj(event) && (event.version === '2.0' || (isObj(event.requestContext) && 'http' in event.requestContext));
}

function stringMap(v: unknown, what: string, lower = false): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw errors.invalidRequest(`Malformed request: ${what}`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw errors.invalidRequest(`Malformed request: ${what}`);
    out[lower ? k.toLowerCase() : k] = val;
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Throws `AppError` (400 malformed, 413 too large); the caller answers it with the envelope. */
export function decodeHttpEvent(event: unknown, maxBodyBytes: number): HttpRequest {
  if (!isObj(event) || event.version !== '2.0' || !isObj(event.requestContext) || !isObj(event.requestContext.http)) {
    throw errors.invalidRequest('Malformed request: not an HTTP API 2.0 event');
  }
  const http = event.requestContext.http;
  if (typeof http.method !== 'string' || typeof event.rawPath !== 'string') {
    throw errors.invalidRequest('Malformed request: method or path missing');
  }
  const headers = stringMap(event.headers, 'headers', true);
  // Payload 2.0 moves Cookie headers into `cookies`; functions see them as one header again.
  if (Array.isArray(event.cookies) && event.cookies.every((c) => typeof c === 'string') && event.cookies.length) {
    headers.cookie = event.cookies.join('; ');
  }
  const isBase64Encoded = event.isBase64Encoded === true;
  let body: string | undefined;
  if (event.body !== undefined && event.body !== null) {
    if (typeof event.body !== 'string') throw errors.invalidRequest('Malformed request: body');
    body = event.body;
  }
  if (body !== undefined) {
    if (isBase64Encoded && !BASE64.test(body)) throw errors.invalidRequest('Malformed request: body is not base64');
    const bytes = isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
    if (bytes > maxBodyBytes) throw new AppError('PAYLOAD_TOO_LARGE', 413, 'Request body exceeds 1 MiB');
  }
  return {
    method: http.method.toUpperCase(),
    path: event.rawPath,
    pathParameters: stringMap(event.pathParameters, 'path parameters'),
    query: stringMap(event.queryStringParameters, 'query string'),
    headers,
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
    sourceIp: typeof http.sourceIp === 'string' ? http.sourceIp : 'unknown',
  };
}

export function encodeHttpResponse(res: HttpResponse): ApiGatewayResult {
  const { statusCode, headers, body } = serialize(res);
  return { statusCode, headers, body, isBase64Encoded: false };
}
