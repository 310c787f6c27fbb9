import { createHash } from 'node:crypto';
import { DependencyError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { LoginLimiter } from '../../ports/login-limiter.js';
import type { DynamoDocs } from './client/dynamodb.js';
import { conditional, ddb } from './dynamo.js';
import { HELPER_KEY } from './tables.js';
import { guardPort } from '../guard.js';

/** Keys come from request input: over-long ones are hashed to stay within DynamoDB's key size. */
export const loginCounterKey = (key: string) =>
  `LOGINFAIL#${Buffer.byteLength(key) > 512 ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key}`;

/**
 * Login attempt counters as items of the helper table (`LOGINFAIL#<key>`), so every Lambda
 * instance shares them. Same fixed-window semantics as the memory limiter: the window opens at
 * the first attempt (`window_start`, epoch ms) and `expires_at_epoch` (the table's TTL
 * attribute, epoch seconds) lets DynamoDB drop the item once the window is over. TTL deletion is
 * lazy, so every condition judges expiry from `window_start` alone. Each reservation is one
 * conditional write (`failures < limit`), so concurrent attempts never pass the limit.
 */
export function createDynamoLoginLimiter(opts: {
  doc: DynamoDocs;
  /** The helper table (`config.tables.helpers`). */
  table: string;
  clock: Clock;
  windowSeconds: number;
  /** The allowed failures for a key, by its prefix (`account:`, `client:`). */
  maxFailures: (key: string) => number;
}): LoginLimiter {
  const { doc, table: TableName } = opts;
  const windowMs = opts.windowSeconds * 1000;
  const keyOf = (key: string) => ({ [HELPER_KEY]: loginCounterKey(key) });

  return guardPort('loginLimiter', {
    async reserve(key) {
      const Key = keyOf(key);
      const max = opts.maxFailures(key);
      // Count into the open window if it has room; if there is none, open one; if it is full,
      // say for how long. Losing a race only means another round, so a few rounds always settle.
      for (let attempt = 0; attempt < 5; attempt++) {
        const now = opts.clock.now().getTime();
        const cutoff = now - windowMs;
        const counted = await conditional(() =>
          doc.update({
            TableName,
            Key,
            UpdateExpression: 'ADD failures :one',
            ConditionExpression: 'window_start > :cutoff AND failures < :max',
            ExpressionAttributeValues: { ':one': 1, ':cutoff': cutoff, ':max': max },
          }),
        );
        if (counted) return 0;
        const opened = await conditional(() =>
          doc.put({
            TableName,
            Item: { ...Key, window_start: now, failures: 1, expires_at_epoch: Math.ceil((now + windowMs) / 1000) },
            ConditionExpression: `attribute_not_exists(${HELPER_KEY}) OR window_start <= :cutoff`,
            ExpressionAttributeValues: { ':cutoff': cutoff },
          }),
        );
        if (opened) return 0;
        const item = (await ddb(() => doc.get({ TableName, Key, ConsistentRead: true }))).Item;
        const start = Number(item?.window_start);
        if (item && start > cutoff && Number(item.failures) >= max) return Math.ceil((start + windowMs - now) / 1000);
      }
      throw new DependencyError('dynamodb', new Error('login counter kept changing under contention'));
    },

    async release(key) {
      const cutoff = opts.clock.now().getTime() - windowMs;
      await conditional(() =>
        doc.update({
          TableName,
          Key: keyOf(key),
          UpdateExpression: 'ADD failures :minus',
          ConditionExpression: 'window_start > :cutoff AND failures > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':cutoff': cutoff, ':zero': 0 },
        }),
      );
    },

    async reset(key) {
      await ddb(() => doc.delete({ TableName, Key: keyOf(key) }));
    },
  });
}
