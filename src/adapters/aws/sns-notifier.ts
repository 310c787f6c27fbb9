import { randomUUID } from 'node:crypto';
import { DependencyError } from '../../domain/errors.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { NotificationLog, Notifier } from '../../ports/notifier.js';
import { silentLogger, type Logger } from '../../ports/log.js';
import type { DynamoDocs } from './client/dynamodb.js';
import type { Sns } from './client/sns.js';
import { ddb, isConditionFailure } from './dynamo.js';
import { deleteNotificationMarkers, notificationMarkerId } from './notification-markers.js';
import { HELPER_KEY, MARKER_OWNER } from './tables.js';
import { guardPort } from '../guard.js';

export interface SnsNotifierOptions {
  sns: Sns;
  topicArn: string;
  /** The helper table, which holds the markers; without it every call publishes (no de-duplication). */
  doc?: DynamoDocs;
  table?: string;
  clock?: Clock;
  log?: Logger;
  /** How long an unfinished attempt holds its claim before a retry may publish again. */
  leaseSeconds?: number;
  /** How long markers are kept (DynamoDB TTL); far beyond the stream's 24 h retry window. */
  retentionDays?: number;
}

/**
 * Publishes each notification to the one topic with a `user_id` message attribute; every user's
 * subscriptions carry the filter policy `{"user_id": ["<id>"]}`, so a message reaches its owner
 * only (docs/compatibility.md#d10).
 *
 * De-duplication is at-least-once: a marker is claimed (`pending`) with a conditional write, then
 * the message is published, then the marker is set to `sent`. A retry finds `sent` and returns
 * false. If publishing fails the claim is released and the error thrown, so the retried event
 * publishes. Only a crash between publishing and marking `sent` can repeat a message: once the
 * lease has run out, a retry publishes again. (Claiming after publishing would instead lose the
 * message in that window; a duplicate "new invoice" notice is the lesser harm.) A claim still
 * within its lease means another attempt is in flight: `notify` throws so the event is retried
 * later rather than dropped.
 */
export function createSnsNotifier(opts: SnsNotifierOptions): Notifier & NotificationLog {
  const { sns, topicArn, doc, table } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const leaseMs = (opts.leaseSeconds ?? 300) * 1000;
  const retentionSeconds = (opts.retentionDays ?? 90) * 86400;
  const key = (userId: string, dedupeKey: string) => ({ [HELPER_KEY]: notificationMarkerId(userId, dedupeKey) });

  async function publish(userId: string, subject: string, message: string): Promise<void> {
    await sns.publish({
      TopicArn: topicArn,
      Subject: subject,
      Message: message,
      MessageAttributes: { user_id: { DataType: 'String', StringValue: userId } },
    });
  }

  /** Claims the marker; false when the notification was already sent. */
  async function claim(userId: string, dedupeKey: string, token: string, now: number): Promise<boolean> {
    try {
      await doc!.put({
        TableName: table,
        Item: { ...key(userId, dedupeKey), [MARKER_OWNER]: userId, status: 'pending', claim: token, claimed_at: now, expires_at_epoch: Math.floor(now / 1000) + retentionSeconds },
        ConditionExpression: `attribute_not_exists(${HELPER_KEY}) OR (#s = :pending AND claimed_at < :stale)`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':stale': now - leaseMs },
      });
      return true;
    } catch (err) {
      if (!isConditionFailure(err)) throw new DependencyError('dynamodb', err);
    }
    const existing = (await ddb(() => doc!.get({ TableName: table, Key: key(userId, dedupeKey), ConsistentRead: true }))).Item;
    if (existing?.status === 'sent') return false;
    throw new DependencyError('sns', new Error('another attempt holds this notification; retry later'));
  }

  return guardPort('notifier', {
    async notify(n) {
      if (!n.userId || !n.dedupeKey) throw new Error('a notification needs a user id and a dedupe key');
      if (!doc || !table) {
        await publish(n.userId, n.subject, n.message).catch((err: unknown) => {
          throw new DependencyError('sns', err);
        });
        return true;
      }
      const token = randomUUID();
      if (!(await claim(n.userId, n.dedupeKey, token, clock.now().getTime()))) return false;
      try {
        await publish(n.userId, n.subject, n.message);
      } catch (err) {
        // Release the claim so the retried event publishes; if this fails too, the lease expires.
        await doc
          .delete({ TableName: table, Key: key(n.userId, n.dedupeKey), ConditionExpression: 'claim = :c', ExpressionAttributeValues: { ':c': token } })
          .catch(() => undefined);
        throw new DependencyError('sns', err);
      }
      try {
        await doc.update({
          TableName: table,
          Key: key(n.userId, n.dedupeKey),
          UpdateExpression: 'SET #s = :sent, sent_at = :now REMOVE claim',
          ConditionExpression: 'claim = :c',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':now': clock.now().toISOString(), ':c': token },
        });
      } catch (err) {
        // Published already: failing now would make the retry publish a second time.
        log.warn('notification sent but not marked', { user_id: n.userId, error: err as Error });
      }
      return true;
    },

    async deleteForUser(userId) {
      if (doc && table) await deleteNotificationMarkers(doc, table, userId);
    },
  });
}


