import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { LoginLimiter } from '../../ports/login-limiter.js';
import { conditional, ddb } from './dynamo.js';

/** Keys come from request input: over-long ones are hashed to stay within DynamoDB's key size. */
export const loginCounterKey = (key: string) =>
  `LOGINFAIL#${Buffer.byteLength(key) > 512 ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key}`;

/**
 * Failed-login counters as items of the Users table (`LOGINFAIL#<key>`), so every Lambda
 * instance shares them. Same fixed-window semantics as the memory limiter: the window opens at
 * the first failure (`window_start`, epoch ms), `failures` grows by an atomic ADD, and
 * `expires_at_epoch` (the table's TTL attribute, epoch seconds) lets DynamoDB drop the item once
 * the window is over. TTL deletion is lazy, so reads judge expiry from `window_start` alone.
 */
export function createDynamoLoginLimiter(opts: {
  doc: DynamoDBDocumentClient;
  table: string;
  clock: Clock;
  windowSeconds: number;
  /** The allowed failures for a key, by its prefix (`account:`, `client:`). */
  maxFailures: (key: string) => number;
}): LoginLimiter {
  const { doc, table: TableName } = opts;
  const windowMs = opts.windowSeconds * 1000;

  return {
    async blockedFor(key) {
      const now = opts.clock.now().getTime();
      const res = await ddb(() =>
        doc.send(new GetCommand({ TableName, Key: { UserID: loginCounterKey(key) }, ConsistentRead: true })),
      );
      const start = Number(res.Item?.window_start);
      const failures = Number(res.Item?.failures);
      if (!res.Item || !(now - start < windowMs) || !(failures >= opts.maxFailures(key))) return 0;
      return Math.ceil((start + windowMs - now) / 1000);
    },

    async recordFailure(key) {
      const Key = { UserID: loginCounterKey(key) };
      // Count into the open window; if there is none, open one. Losing the race to open it just
      // means counting into the window another instance opened, so a few rounds always settle.
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = opts.clock.now().getTime();
        const counted = await conditional(() =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'ADD failures :one',
              ConditionExpression: 'window_start > :cutoff',
              ExpressionAttributeValues: { ':one': 1, ':cutoff': now - windowMs },
            }),
          ),
        );
        if (counted) return;
        const opened = await conditional(() =>
          doc.send(
            new PutCommand({
              TableName,
              Item: { ...Key, window_start: now, failures: 1, expires_at_epoch: Math.ceil((now + windowMs) / 1000) },
              ConditionExpression: 'attribute_not_exists(UserID) OR window_start <= :cutoff',
              ExpressionAttributeValues: { ':cutoff': now - windowMs },
            }),
          ),
        );
        if (opened) return;
      }
      throw new DependencyError('dynamodb', new Error('login counter kept changing under contention'));
    },

    async reset(key) {
      await ddb(() => doc.send(new DeleteCommand({ TableName, Key: { UserID: loginCounterKey(key) } })));
    },
  };
}
