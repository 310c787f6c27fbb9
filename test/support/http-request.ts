import type { HttpRequest } from '../../src/http/types.js';

/** A runtime-neutral request as both runtimes hand it to a function. */
export function httpRequest(r: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', path: '/', pathParameters: {}, query: {}, headers: {}, isBase64Encoded: false, sourceIp: '127.0.0.1', ...r };
}
