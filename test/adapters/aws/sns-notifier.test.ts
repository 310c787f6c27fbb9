import assert from 'node:assert/strict';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { after, before, describe, test } from 'node:test';
import { notificationMarkerId } from '../../../src/adapters/aws/notification-markers.js';
import { createSnsNotifier, type SnsNotifierOptions } from '../../../src/adapters/aws/sns-notifier.js';
import { HELPER_KEY } from '../../../src/adapters/aws/tables.js';
import { loadConfig } from '../../../src/config.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { startLocalAws, type LocalAws } from '../../support/aws.js';
import { mockedSns, topicArn } from '../../support/sns.js';

const config = loadConfig({});
const table = config.tables.helpers;

describe('SNS Notifier with markers in the helper table (dynalite)', () => {
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());

  const open = (extra: Partial<SnsNotifierOptions> = {}) => {
    const sns = mockedSns();
    const notifier = createSnsNotifier({ sns: sns.sns, topicArn, doc: aws.clients.doc, table, ...extra });
    return { notifier, inbox: sns.inbox, failNextDelivery: sns.failNext, published: sns.published };
  };
  test('publishes Subject/Message to the topic with a String user_id attribute', async () => {
    const h = open();
    await h.notifier.notify({ userId: 'user_p', dedupeKey: 'rental:Invoice_1', subject: 'New invoice available!', message: 'msg' });
    assert.deepEqual(h.published(), [
      {
        TopicArn: topicArn,
        Subject: 'New invoice available!',
        Message: 'msg',
        MessageAttributes: { user_id: { DataType: 'String', StringValue: 'user_p' } },
      },
    ]);
  });

  test('a claim left by a crashed attempt blocks a retry within the lease and is re-published after it', async () => {
    let now = Date.parse('2026-03-01T08:30:00Z');
    const h = open({ clock: { now: () => new Date(now) }, leaseSeconds: 60 });
    // What an attempt that crashed after claiming leaves behind.
    await aws.clients.doc.put({ TableName: table, Item: { [HELPER_KEY]: notificationMarkerId('user_c', 'k'), status: 'pending', claim: 'old', claimed_at: now - 1000 } });
    await assert.rejects(h.notifier.notify({ userId: 'user_c', dedupeKey: 'k', subject: 's', message: 'm' }), DependencyError);
    assert.equal(h.published().length, 0);
    now += 61_000;
    assert.equal(await h.notifier.notify({ userId: 'user_c', dedupeKey: 'k', subject: 's', message: 'm' }), true);
    assert.equal(await h.notifier.notify({ userId: 'user_c', dedupeKey: 'k', subject: 's', message: 'm' }), false);
    assert.equal(h.published().length, 1);
  });

  test('deleteForUser removes the user\'s markers across batches and no one else\'s', async () => {
    const h = open();
    for (let i = 0; i < 30; i++) await h.notifier.notify({ userId: 'user_d', dedupeKey: `k${i}`, subject: 's', message: 'm' });
    await h.notifier.notify({ userId: 'user_d2', dedupeKey: 'k0', subject: 's', message: 'm' });
    await h.notifier.deleteForUser('user_d');
    assert.equal(await h.notifier.notify({ userId: 'user_d2', dedupeKey: 'k0', subject: 's', message: 'm' }), false, 'other users keep theirs');
    assert.equal(await h.notifier.notify({ userId: 'user_d', dedupeKey: 'k29', subject: 's', message: 'm' }), true);
  });

  test('a marker store failure is a DependencyError and publishes nothing', async () => {
    const h = open({ table: 'NoSuchTable' });
    await assert.rejects(h.notifier.notify({ userId: 'user_e', dedupeKey: 'k', subject: 's', message: 'm' }), DependencyError);
    assert.equal(h.published().length, 0);
  });
});

test('without a marker table every notify publishes (no de-duplication)', async () => {
  const sns = mockedSns();
  const notifier = createSnsNotifier({ sns: sns.sns, topicArn });
  const n = { userId: 'user_n', dedupeKey: 'k', subject: 's', message: 'm' };
  assert.equal(await notifier.notify(n), true);
  assert.equal(await notifier.notify(n), true);
  assert.equal(sns.published().length, 2);
  sns.failNext();
  await assert.rejects(notifier.notify(n), DependencyError);
});
