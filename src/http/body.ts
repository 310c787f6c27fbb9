import { errors } from '../domain/errors.js';
import type { HttpRequest } from './types.js';

/** The raw body as text, base64-decoded when the gateway flagged it. */
export function bodyText(req: HttpRequest): string | undefined {
  if (req.body === undefined || req.body === '') return undefined;
  return req.isBase64Encoded ? Buffer.from(req.body, 'base64').toString('utf8') : req.body;
}

/** Parses a JSON object body; anything that is not a JSON object is `INVALID_JSON`. */
export function jsonObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined) throw errors.invalidJson();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.invalidJson();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidJson();
  return parsed as Record<string, unknown>;
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses `application/x-www-form-urlencoded`. Repeated keys and `key[]` keys become arrays,
 * `a[b]` keys become nested objects (the iOS app sends `scope[]` and `client_info[platform]`).
 * Names that would reach an object's prototype (`__proto__`, `constructor`, `prototype`) are
 * dropped, so a body can neither pollute `Object.prototype` nor supply a field by inheritance.
 */
export function formObject(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const arrayKey = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : undefined;
    const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(rawKey);
    const names = nested ? [nested[1]!, nested[2]!] : [arrayKey ?? rawKey];
    if (names.some((n) => RESERVED.has(n))) continue;
    if (arrayKey !== undefined) {
      const prev = Object.hasOwn(out, arrayKey) ? out[arrayKey] : undefined;
      out[arrayKey] = Array.isArray(prev) ? [...prev, value] : [value];
    } else if (nested) {
      const [, outer, inner] = nested as unknown as [string, string, string];
      const obj = (Object.hasOwn(out, outer) && typeof out[outer] === 'object' && out[outer] !== null ? out[outer] : {}) as Record<string, unknown>;
      obj[inner] = value;
      out[outer] = obj;
    } else if (Object.hasOwn(out, rawKey)) {
      const prev = out[rawKey];
      out[rawKey] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      out[rawKey] = value;
    }
  }
  return out;
}

export function isForm(req: HttpRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().includes('application/x-www-form-urlencoded');
}
