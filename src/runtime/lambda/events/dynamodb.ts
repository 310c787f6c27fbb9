/**
 * DynamoDB stream batches → `ChangeRecord`s (images unmarshalled to plain values), and the
 * partial-batch response Lambda understands (`batchItemFailures` by sequence number).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { ChangeRecord } from '../../function.js';
import type { TableKey } from '../../manifest.js';
import { failedAt, hasRecordFrom } from './records.js';

export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export function looksLikeStreamEvent(event: unknown): boolean {
  return hasRecordFrom(event, 'aws:dynamodb');
}

export type StreamDecoded =
  | { ok: true; sequenceNumber: string; record: ChangeRecord }
  | { ok: false; sequenceNumber?: string; eventId?: string; reason: string };

/** `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>` → `<name>`. */
export function tableNameFromStreamArn(arn: string): string | undefined {
  return /:table\/([^/]+)\/stream\//.exec(arn)?.[1];
}

const nonEmpty = z.string().check(z.minLength(1));
const streamRecord = z.object({
  eventSource: z.literal('aws:dynamodb'),
  dynamodb: z.object({ SequenceNumber: nonEmpty, NewImage: z.optional(z.unknown()), OldImage: z.optional(z.unknown()) }),
  eventID: nonEmpty,
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  eventSourceARN: z.catch(z.string(), ''),
});
/** The ids alone, to name a record that fails (each may be missing). */
const lenient = <T extends z.ZodMiniType>(s: T) => z.catch(z.optional(s), undefined);
const ids = z.object({ eventID: lenient(nonEmpty), dynamodb: lenient(z.object({ SequenceNumber: lenient(nonEmpty) })) });
const attributeMap = z.record(z.string(), z.unknown());

/** Why a record is refused, in the order the checks run. */
const REASONS: [string, (r: Record<string, unknown>) => string][] = [
  ['eventSource', () => 'not a DynamoDB stream record'],
  ['dynamodb', () => 'record without dynamodb.SequenceNumber'],
  ['eventID', () => 'record without eventID'],
  ['eventName', (r) => `unknown eventName ${String(r.eventName)}`],
];

/** `tableKeys` maps physical table names to manifest keys (from configuration). */
export function decodeStreamRecord(r: unknown, tableKeys: Map<string, TableKey>): StreamDecoded {
  if (!attributeMap.safeParse(r).success) return { ok: false, reason: 'record is not an object' };
  const { eventID: eventId, dynamodb } = ids.parse(r);
  const sequenceNumber = dynamodb?.SequenceNumber;
  const fail = (reason: string): StreamDecoded => ({
    ok: false,
    ...(sequenceNumber ? { sequenceNumber } : {}),
    ...(eventId ? { eventId } : {}),
    reason,
  });
  const decoded = streamRecord.safeParse(r);
  if (!decoded.success) {
    const [, why] = REASONS.find(([f]) => failedAt(decoded.error.issues, f))!;
    return fail(why(r as Record<string, unknown>));
  }
  const { eventName, eventSourceARN, dynamodb: ddb } = decoded.data;
  const tableName = tableNameFromStreamArn(eventSourceARN);
  const table = tableName ? tableKeys.get(tableName) : undefined;
  if (!table) return fail('stream of an unknown table');
  let newImage: Record<string, unknown> | undefined;
  let oldImage: Record<string, unknown> | undefined;
  try {
    if (ddb.NewImage !== undefined) newImage = image(ddb.NewImage);
    if (ddb.OldImage !== undefined) oldImage = image(ddb.OldImage);
  } catch {
    return fail('image is not in DynamoDB attribute-value format');
  }
  if (eventName !== 'REMOVE' && !newImage) return fail(`${eventName} record without NewImage`);
  return {
    ok: true,
    sequenceNumber: ddb.SequenceNumber,
    record: { eventId: decoded.data.eventID, eventName, table, ...(newImage ? { newImage } : {}), ...(oldImage ? { oldImage } : {}) },
  };
}

function image(v: unknown): Record<string, unknown> {
  // Numbers become JS numbers (the notifier accepts number or string; docs/compatibility.md#q8).
  return unmarshall(attributeMap.parse(v) as Record<string, AttributeValue>, { wrapNumbers: false });
}
