import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '../../domain/errors.js';
import type { DynamoDocs } from './client/dynamodb.js';

/** Runs one DynamoDB call; any failure becomes a `DependencyError` (the use-case picks the message). */
export async function ddb<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof DependencyError ? err : new DependencyError('dynamodb', err);
  }
}

export const isConditionFailure = (err: unknown) => (err as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * Runs a write carrying a ConditionExpression: `true` if it was applied, `false` if its
 * condition did not hold; any other failure is a `DependencyError`.
 */
export async function conditional(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw new DependencyError('dynamodb', err);
  }
}

/**
 * Helper items (email locks, login counters, notification markers) carry a `#` in their key; a
 * user id (`user_<uuid>`) never does. They live in the helper table; earlier releases kept them
 * in `Users`, where they are skipped until `paypulse migrate helpers` has moved them.
 */
export const isHelperKey = (key: string) => key.includes('#');

/** Every page of a query, one page at a time (`Limit` is the page size). */
export async function* queryPages(
  doc: DynamoDocs,
  input: QueryCommandInput,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb(() => doc.query({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}

const BATCH = 25; // BatchWriteItem's limit
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deletes the keys in batches of 25, resubmitting unprocessed ones (throttling) with backoff. */
export async function batchDelete(doc: DynamoDocs, table: string, keys: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    let requests = keys.slice(i, i + BATCH).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > 8) throw new DependencyError('dynamodb', new Error('batch delete left unprocessed items'));
        await sleep(Math.min(1000, 25 * 2 ** attempt));
      }
      const out = await ddb(() => doc.batchWrite({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

/** Deletes every item of one partition (hash key value), page by page. */
export async function deletePartition(
  doc: DynamoDocs,
  table: string,
  key: { hash: string; range: string; value: string },
  pageSize?: number,
): Promise<void> {
  for await (const items of queryPages(doc, {
    TableName: table,
    KeyConditionExpression: '#h = :v',
    ProjectionExpression: '#h, #r',
    ExpressionAttributeNames: { '#h': key.hash, '#r': key.range },
    ExpressionAttributeValues: { ':v': key.value },
    ...(pageSize ? { Limit: pageSize } : {}),
  })) {
    await batchDelete(doc, table, items);
  }
}
