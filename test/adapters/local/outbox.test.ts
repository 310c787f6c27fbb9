import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOutboxNotifier, listOutbox, outboxSchema } from '../../../src/adapters/local/outbox.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { outboxWithWebhook, startWebhookReceiver, type WebhookReceiver } from '../../support/webhook.js';

const clock = { now: () => new Date('2026-03-01T08:30:00.000Z') };

describe('outbox Notifier without webhook', () => {
  test('listOutbox shows the recorded rows with their time and status', async () => {
    const db = openMemoryDatabase([outboxSchema]);
    const notifier = createOutboxNotifier(db, { log: silentLogger, clock });
    await notifier.notify({ userId: 'user_a', dedupeKey: 'k1', subject: 's', message: 'm' });
    assert.deepEqual(listOutbox(db, 'user_a'), [
      { dedupeKey: 'k1', subject: 's', message: 'm', createdAt: '2026-03-01T08:30:00.000Z', webhookStatus: 'none' },
    ]);
  });
});

describe('outbox Notifier with webhook', () => {
  let hook: WebhookReceiver;
  before(async () => {
    hook = await startWebhookReceiver();
  });
  after(() => hook.close());
  const open = () => outboxWithWebhook(hook, clock);

  test('posts JSON {user_id, subject, message} and records the delivery', async () => {
    const h = open();
    await h.notifier.notify({ userId: 'user_w', dedupeKey: 'k', subject: 's', message: 'm' });
    const post = hook.posts.find((p) => p.body.user_id === 'user_w')!;
    assert.equal(post.contentType, 'application/json');
    assert.deepEqual(post.body, { user_id: 'user_w', subject: 's', message: 'm' });
    const [row] = listOutbox(h.db, 'user_w');
    assert.equal(row!.webhookStatus, 'delivered');
    assert.equal(row!.deliveredAt, '2026-03-01T08:30:00.000Z');
  });

  test('a failed post is recorded as failed, and an unreachable webhook fails too', async () => {
    const h = open();
    h.failNextDelivery();
    await assert.rejects(h.notifier.notify({ userId: 'user_f', dedupeKey: 'k', subject: 's', message: 'm' }));
    assert.equal(listOutbox(h.db, 'user_f')[0]!.webhookStatus, 'failed');
    const db = openMemoryDatabase([outboxSchema]);
    const dead = createOutboxNotifier(db, { webhookUrl: 'http://127.0.0.1:1/hook', log: silentLogger, clock, timeoutMs: 2000 });
    await assert.rejects(dead.notify({ userId: 'user_f', dedupeKey: 'k', subject: 's', message: 'm' }));
    assert.equal(listOutbox(db, 'user_f')[0]!.webhookStatus, 'failed');
  });
});
