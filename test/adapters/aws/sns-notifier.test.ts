import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { notificationMarkerId } from '../../../src/adapters/aws/notification-markers.js';
import { createSnsNotifier, type SnsNotifierOptions } from '../../../src/adapters/aws/sns-notifier.js';
import { HELPER_KEY } from '../../../src/adapters/aws/tables.js';
import { loadConfig } from '../../../src/config.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { CLIENT_ATTEMPTS } from '../../fakes/aws/client-attempts.js';
import { startLocalAws, type LocalAws } from '../../support/aws.js';
import { startSns, topicArn, type SnsHarness } from '../../support/sns.js';

const config = loadConfig({});
const table = config.tables.helpers;

describe('SNS Notifier with markers in the helper table (dynalite, SNS over HTTP)', () => {
  let aws: LocalAws;
  let sns: SnsHarness;
  before(async () => {
    aws = await startLocalAws(config);
    sns = await startSns();
  });
  after(async () => {
    await sns.close();
    await aws.close();
  });

  // Tests run one at a time; each starts from an empty SNS.
  const open = (extra: Partial<SnsNotifierOptions> = {}) => {
    sns.reset();
    const notifier = createSnsNotifier({ sns: sns.sns, topicArn, doc: aws.clients.doc, table, ...extra });
    return { notifier, inbox: sns.inbox, failNextDelivery: sns.failNext, published: sns.requests };
  };

  test('publishes Subject/Message to the topic with a String user_id attribute', async () => {
    const h = open();
    await h.notifier.notify({ userId: 'user_p', dedupeKey: 'rental:Invoice_1', subject: 'New invoice available!', message: 'msg' });
    assert.deepEqual(h.published(), [
      {
        Action: 'Publish',
        Version: '2010-03-31',
        TopicArn: topicArn,
        Subject: 'New invoice available!',
        Message: 'msg',
        'MessageAttributes.entry.1.Name': 'user_id',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': 'user_p',
      },
    ]);
    assert.deepEqual(sns.fake.published.map((p) => p.messageAttributes), [{ user_id: { DataType: 'String', StringValue: 'user_p' } }]);
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

  test("deleteForUser removes the user's markers across batches and no one else's", async () => {
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

  test('a single 500 from SNS is retried by the client: one message, marked sent', async () => {
    const h = open();
    sns.fake.failNext({ code: 'InternalError', message: 'Internal Error', status: 500 });
    assert.equal(await h.notifier.notify({ userId: 'user_r', dedupeKey: 'k', subject: 's', message: 'm' }), true);
    assert.equal(h.published().length, 2, 'the failed attempt and its retry');
    assert.deepEqual(await h.inbox('user_r'), [{ subject: 's', message: 'm' }]);
    assert.equal(await h.notifier.notify({ userId: 'user_r', dedupeKey: 'k', subject: 's', message: 'm' }), false);
  });

  test('SNS refusing the publish (not retried) is a DependencyError carrying its code; the claim is released', async () => {
    const h = open();
    sns.fake.failNext({ code: 'AuthorizationError', message: 'User is not authorized to perform: SNS:Publish', status: 403 });
    await assert.rejects(
      h.notifier.notify({ userId: 'user_a', dedupeKey: 'k', subject: 's', message: 'm' }),
      (e: unknown) => e instanceof DependencyError && (e.cause as Error).name === 'AuthorizationError',
    );
    assert.equal(h.published().length, 1);
    assert.equal(await h.notifier.notify({ userId: 'user_a', dedupeKey: 'k', subject: 's', message: 'm' }), true);
    assert.deepEqual(await h.inbox('user_a'), [{ subject: 's', message: 'm' }]);
  });
});

test('without a marker table every notify publishes (no de-duplication)', async () => {
  const sns = await startSns();
  try {
    const notifier = createSnsNotifier({ sns: sns.sns, topicArn });
    const n = { userId: 'user_n', dedupeKey: 'k', subject: 's', message: 'm' };
    assert.equal(await notifier.notify(n), true);
    assert.equal(await notifier.notify(n), true);
    assert.equal(sns.requests().length, 2);
    sns.failNext();
    await assert.rejects(notifier.notify(n), DependencyError);
    assert.equal(sns.requests().length, 2 + CLIENT_ATTEMPTS);
    assert.equal((await sns.inbox('user_n')).length, 2);
  } finally {
    await sns.close();
  }
});

test('a publish to a topic SNS does not know is a DependencyError (404 NotFound)', async () => {
  const sns = await startSns();
  try {
    const notifier = createSnsNotifier({ sns: sns.sns, topicArn: 'arn:aws:sns:eu-west-1:123456789012:Other' });
    await assert.rejects(
      notifier.notify({ userId: 'user_n', dedupeKey: 'k', subject: 's', message: 'm' }),
      (e: unknown) => e instanceof DependencyError && (e.cause as Error).name === 'NotFound' && (e.cause as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode === 404,
    );
  } finally {
    await sns.close();
  }
});
