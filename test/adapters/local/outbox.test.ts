import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createOutboxNotifier, listOutbox, outboxSchema } from '../../../src/adapters/local/outbox.js';
import { openMemoryDatabase } from '../../../src/adapters/local/sqlite.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { notifierContract, notifierRetryContract } from '../../contract/notifier.contract.js';

const clock = { now: () => new Date('2026-03-01T08:30:00.000Z') };

describe('outbox Notifier without webhook: contract', () => {
  notifierContract(() => {
    const db = openMemoryDatabase([outboxSchema]);
    return {
      notifier: createOutboxNotifier(db, { log: silentLogger, clock }),
      inbox: async (userId) => listOutbox(db, userId).map(({ subject, message }) => ({ subject, message })),
    };
  });

  test('listOutbox shows the recorded rows with their time and status', async () => {
    const db = openMemoryDatabase([outboxSchema]);
    const notifier = createOutboxNotifier(db, { log: silentLogger, clock });
    await notifier.notify({ userId: 'user_a', dedupeKey: 'k1', subject: 's', message: 'm' });
    assert.deepEqual(listOutbox(db, 'user_a'), [
      { dedupeKey: 'k1', subject: 's', message: 'm', createdAt: '2026-03-01T08:30:00.000Z', webhookStatus: 'none' },
    ]);
  });
});

/** A webhook receiver that records every POST and can be told to fail the next one. */
describe('outbox Notifier with webhook: contract', () => {
  let server: Server;
  let url: string;
  const posts: { contentType?: string; body: { user_id: string; subject: string; message: string } }[] = [];
  let failNext = false;
  before(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        if (failNext) {
          failNext = false;
          res.writeHead(503).end();
          return;
        }
        posts.push({ contentType: req.headers['content-type'], body: JSON.parse(raw) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const open = () => {
    const db = openMemoryDatabase([outboxSchema]);
    return {
      db,
      notifier: createOutboxNotifier(db, { webhookUrl: url, log: silentLogger, clock }),
      inbox: async (userId: string) =>
        posts.filter((p) => p.body.user_id === userId).map(({ body: { subject, message } }) => ({ subject, message })),
      failNextDelivery: () => {
        failNext = true;
      },
    };
  };
  notifierContract(open);
  notifierRetryContract(open);

  test('posts JSON {user_id, subject, message} and records the delivery', async () => {
    const h = open();
    await h.notifier.notify({ userId: 'user_w', dedupeKey: 'k', subject: 's', message: 'm' });
    const post = posts.find((p) => p.body.user_id === 'user_w')!;
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
