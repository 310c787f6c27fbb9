import { toJsonText } from '../domain/json.js';
import type { HttpResponse } from './types.js';

/** The success envelope of docs/api.md#success-envelope: `code` always equals the HTTP status. */
export function ok(statusCode: number, message: string, data: unknown = null): HttpResponse {
  return { statusCode, body: { message, code: statusCode, data } };
}

/** The error envelope of docs/api.md#error-envelope. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** 204 carries no body (docs/api.md#no-content). */
export function noContent(): HttpResponse {
  return { statusCode: 204 };
}

export function serialize(res: HttpResponse): { statusCode: number; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { ...(res.headers ?? {}) };
  if (res.body === undefined) return { statusCode: res.statusCode, headers, body: '' };
  headers['Content-Type'] = 'application/json';
  return { statusCode: res.statusCode, headers, body: toJsonText(res.body) };
}
