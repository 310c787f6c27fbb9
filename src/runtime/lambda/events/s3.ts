/**
 * S3 event notifications → `ObjectCreatedEvent`s. Keys arrive URL-encoded with `+` for spaces
 * (docs/data-model.md#invoice-bucket, docs/compatibility.md#d4); they are decoded here, once.
 */
import type { ObjectCreatedEvent } from '../../function.js';
import type { ObjectCreatedTrigger } from '../../manifest.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function looksLikeS3Event(event: unknown): boolean {
  return isObj(event) && Array.isArray(event.Records) && event.Records.some((r) => isObj(r) && r.eventSource === 'aws:s3');
}

/** One record's outcome: the decoded event, or why it cannot be processed. */
export type S3Decoded =
  | { ok: true; index: number; event: ObjectCreatedEvent }
  | { ok: false; index: number; rawKey: string; reason: string };

export function decodeS3Key(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

/** Decodes every record; a record outside the function's prefix/suffix filters is an error, not a skip. */
export function decodeS3Event(event: unknown, triggers: ObjectCreatedTrigger[]): S3Decoded[] {
  if (!isObj(event) || !Array.isArray(event.Records)) throw new Error('S3 event without Records');
  return event.Records.map((r, index): S3Decoded => {
    const rawKey = isObj(r) && isObj(r.s3) && isObj(r.s3.object) && typeof r.s3.object.key === 'string' ? r.s3.object.key : '';
    const fail = (reason: string): S3Decoded => ({ ok: false, index, rawKey, reason });
    if (!isObj(r) || r.eventSource !== 'aws:s3' || !isObj(r.s3)) return fail('not an S3 record');
    if (typeof r.eventName !== 'string' || !r.eventName.startsWith('ObjectCreated:')) return fail(`unexpected event ${String(r.eventName)}`);
    const bucket = isObj(r.s3.bucket) ? r.s3.bucket.name : undefined;
    if (typeof bucket !== 'string' || !bucket) return fail('record without bucket name');
    if (!rawKey) return fail('record without object key');
    let key: string;
    try {
      key = decodeS3Key(rawKey);
    } catch {
      return fail('object key is not valid URL encoding');
    }
    if (!triggers.some((t) => key.startsWith(t.prefix) && key.endsWith(t.suffix))) {
      return fail('object key outside the function\'s prefix/suffix filters');
    }
    const size = isObj(r.s3.object) && typeof r.s3.object.size === 'number' ? r.s3.object.size : undefined;
    return {
      ok: true,
      index,
      event: {
        bucket,
        key,
        ...(size !== undefined ? { size } : {}),
        eventTime: typeof r.eventTime === 'string' ? r.eventTime : new Date(0).toISOString(),
      },
    };
  });
}
