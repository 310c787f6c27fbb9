/** What every Lambda event with a `Records` batch shares (S3 notifications, DynamoDB streams). */
import * as z from 'zod/mini';

const batch = z.object({ Records: z.array(z.unknown()) });
const sourced = z.object({ eventSource: z.string() });

/** The batch's records, or undefined when the event has none. */
export const recordsOf = (event: unknown): unknown[] | undefined => batch.safeParse(event).data?.Records;

/** A batch with at least one record from `source` (`aws:s3`, `aws:dynamodb`). */
export const hasRecordFrom = (event: unknown, source: string): boolean =>
  recordsOf(event)?.some((r) => sourced.safeParse(r).data?.eventSource === source) ?? false;

/** Whether a check on this top-level field failed ('' is the value itself). */
export const failedAt = (issues: readonly z.core.$ZodIssue[], field: string): boolean =>
  issues.some((i) => (i.path.length ? String(i.path[0]) : '') === field);
