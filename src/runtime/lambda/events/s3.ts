/**
 * S3 event notifications → `ObjectCreatedEvent`s. Keys arrive URL-encoded with `+` for spaces
 * (docs/data-model.md#invoice-bucket, docs/compatibility.md#d4); they are decoded here, once.
 */
import * as z from 'zod/mini';
import type { ObjectCreatedEvent } from '../../function.js';
import type { ObjectCreatedTrigger } from '../../manifest.js';
import { failedAt, hasRecordFrom, recordsOf } from './records.js';

const nonEmpty = z.string().check(z.minLength(1));
const s3Record = z.object({
  eventSource: z.literal('aws:s3'),
  s3: z.object({
    bucket: z.object({ name: nonEmpty }),
    // Size and time are informative: a record without them is still processed.
    object: z.object({ key: nonEmpty, size: z.catch(z.optional(z.number()), undefined) }),
  }),
  eventName: z.string().check(z.startsWith('ObjectCreated:')),
  eventTime: z.catch(z.string(), new Date(0).toISOString()),
});
/** The key alone, to name a record that fails. */
const keyOnly = z.object({ s3: z.object({ object: z.object({ key: z.string() }) }) });

export function looksLikeS3Event(event: unknown): boolean {
  return hasRecordFrom(event, 'aws:s3');
}

/** One record's outcome: the decoded event, or why it cannot be processed. */
export type S3Decoded =
  | { ok: true; index: number; event: ObjectCreatedEvent }
  | { ok: false; index: number; rawKey: string; reason: string };

export function decodeS3Key(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

/** Why a record is refused, in the order the checks run: source, event name, bucket, key. */
function reason(r: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const s3NotAnObject = issues.some((i) => i.path.length === 1 && i.path[0] === 's3');
  if (s3NotAnObject || failedAt(issues, '') || failedAt(issues, 'eventSource')) return 'not an S3 record';
  if (failedAt(issues, 'eventName')) return `unexpected event ${String((r as { eventName?: unknown }).eventName)}`;
  return issues.some((i) => i.path[1] === 'bucket') ? 'record without bucket name' : 'record without object key';
}

/** Decodes every record; a record outside the function's prefix/suffix filters is an error, not a skip. */
export function decodeS3Event(event: unknown, triggers: ObjectCreatedTrigger[]): S3Decoded[] {
  const records = recordsOf(event);
  if (!records) throw new Error('S3 event without Records');
  return records.map((r, index): S3Decoded => {
    const rawKey = keyOnly.safeParse(r).data?.s3.object.key ?? '';
    const fail = (why: string): S3Decoded => ({ ok: false, index, rawKey, reason: why });
    const decoded = s3Record.safeParse(r);
    if (!decoded.success) return fail(reason(r, decoded.error.issues));
    const { s3, eventTime } = decoded.data;
    let key: string;
    try {
      key = decodeS3Key(s3.object.key);
    } catch {
      return fail('object key is not valid URL encoding');
    }
    if (!triggers.some((t) => key.startsWith(t.prefix) && key.endsWith(t.suffix))) {
      return fail("object key outside the function's prefix/suffix filters");
    }
    const size = s3.object.size;
    return { ok: true, index, event: { bucket: s3.bucket.name, key, ...(size !== undefined ? { size } : {}), eventTime } };
  });
}
