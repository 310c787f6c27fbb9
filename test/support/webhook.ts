import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboxNotifier, outboxSchema } from '../../src/adapters/local/outbox.js';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import type { Clock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/runtime/log.js';

export interface WebhookReceiver {
  url: string;
  posts: { contentType?: string; body: { user_id: string; subject: string; message: string } }[];
  /** The next POST is answered 503. */
  failNext(): void;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that records every POST and can be told to fail the next one. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: WebhookReceiver['posts'] = [];
  let failNext = false;
  const server = createServer((req, res) => {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts,
    failNext: () => void (failNext = true),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An outbox notifier that posts to `hook`, shaped as the Notifier contract's harness. */
export function outboxWithWebhook(hook: WebhookReceiver, clock: Clock) {
  const db = openMemoryDatabase([outboxSchema]);
  return {
    db,
    notifier: createOutboxNotifier(db, { webhookUrl: hook.url, log: silentLogger, clock }),
    inbox: async (userId: string) =>
      hook.posts.filter((p) => p.body.user_id === userId).map(({ body: { subject, message } }) => ({ subject, message })),
    failNextDelivery: hook.failNext,
  };
}
