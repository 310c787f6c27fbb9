/**
 * DynamoDB stream batches → `ChangeRecord`s (images unmarshalled to plain values), and the
 * partial-batch response Lambda understands (`batchItemFailures` by sequence number).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ChangeRecord } from '../../function.js';
import type { TableKey } from '../../manifest.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export function looksLikeStreamEvent(event: unknown): boolean {
  return isObj(event) && Array.isArray(event.Records) && event.Records.some((r) => isObj(r) && r.eventSource === 'aws:dynamodb');
}

export type StreamDecoded =
  | { ok: true; sequenceNumber: string; record: ChangeRecord }
  | { ok: false; sequenceNumber?: string; eventId?: string; reason: string };

const EVENT_NAMES = new Set(['INSERT', 'MODIFY', 'REMOVE']);

/** `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>` → `<name>`. */
export function tableNameFromStreamArn(arn: string): string | undefined {
  return /:table\/([^/]+)\/stream\//.exec(arn)?.[1];
}

/** `tableKeys` maps physical table names to manifest keys (from configuration). */
export function decodeStreamRecord(r: unknown, tableKeys: Map<string, TableKey>): StreamDecoded {
  if (!isObj(r)) return { ok: false, reason: 'record is not an object' };
  const ddb = isObj(r.dynamodb) ? r.dynamodb : undefined;
  const sequenceNumber = typeof ddb?.SequenceNumber === 'string' ? ddb.SequenceNumber : undefined;
  const eventId = typeof r.eventID === 'string' ? r.eventID : undefined;
  const fail = (reason: string): StreamDecoded => ({
    ok: false,
    ...(sequenceNumber ? { sequenceNumber } : {}),
    ...(eventId ? { eventId } : {}),
    reason,
  });
  if (r.eventSource !== 'aws:dynamodb') return fail('not a DynamoDB stream record');
  if (!ddb || !sequenceNumber) return fail('record without dynamodb.SequenceNumber');
  if (!eventId) return fail('record without eventID');
  if (typeof r.eventName !== 'string' || !EVENT_NAMES.has(r.eventName)) return fail(`unknown eventName ${String(r.eventName)}`);
  const tableName = typeof r.eventSourceARN === 'string' ? tableNameFromStreamArn(r.eventSourceARN) : undefined;
  const table = tableName ? tableKeys.get(tableName) : undefined;
  if (!table) return fail('stream of an unknown table');
  let newImage: Obj | undefined;
  let oldImage: Obj | undefined;
  try {
    if (ddb.NewImage !== undefined) newImage = image(ddb.NewImage);
    if (ddb.OldImage !== undefined) oldImage = image(ddb.OldImage);
  } catch {
    return fail('image is not in DynamoDB attribute-value format');
  }
  const name = r.eventName as ChangeRecord['eventName'];
  if (name !== 'REMOVE' && !newImage) return fail(`${name} record without NewImage`);
  return {
    ok: true,
    sequenceNumber,
    record: { eventId, eventName: name, table, ...(newImage ? { newImage } : {}), ...(oldImage ? { oldImage } : {}) },
  };
}

function image(v: unknown): Obj {
  if (!isObj(v)) throw new Error('image');
  // Numbers become JS numbers (the notifier accepts number or string; docs/compatibility.md#q8).
  return unmarshall(v as Record<string, AttributeValue>, { wrapNumbers: false });
}
