/** Reading a failed Google call: an HTTP status, Gmail's reasons, an OAuth error body, `Retry-After`. */

/** What gaxios (and a plain network error) may carry. */
export interface HttpishError {
  code?: string | number;
  message?: string;
  name?: string;
  status?: number;
  config?: { url?: string | URL };
  response?: { status?: number; data?: unknown; headers?: unknown };
}

const RETRY_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, unknown>;
  const v = rec[name] ?? rec[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date). */
export function retryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** An OAuth error body is `{error: "invalid_grant", error_description}`; a Gmail one has an object. */
export function oauthError(e: HttpishError): { error: string; description: string } | undefined {
  const data = e.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (data && typeof data.error === 'string') {
    return { error: data.error, description: typeof data.error_description === 'string' ? data.error_description : '' };
  }
  return undefined;
}

export function gmailReasons(e: HttpishError): string[] {
  const data = e.response?.data as { error?: { errors?: { reason?: unknown }[] } } | undefined;
  const list = data && typeof data.error === 'object' ? (data.error?.errors ?? []) : [];
  return list.map((x) => (typeof x.reason === 'string' ? x.reason : '')).filter(Boolean);
}

export function statusOf(e: HttpishError): number | undefined {
  const s = e.response?.status ?? e.status;
  return typeof s === 'number' ? s : undefined;
}

/** 429, rate-limit 403s, 5xx and no answer at all (timeout, reset, refused) are worth another try. */
export function isRetryable(e: HttpishError): boolean {
  const status = statusOf(e);
  if (status === undefined) return true;
  if (status === 429 || status >= 500) return true;
  return status === 403 && gmailReasons(e).some((r) => RETRY_REASONS.has(r));
}
