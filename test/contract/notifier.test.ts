import { after, before, describe } from 'node:test';
import { createSnsNotifier } from '../../src/adapters/aws/sns-notifier.js';
import { createOutboxNotifier, listOutbox, outboxSchema } from '../../src/adapters/local/outbox.js';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/runtime/log.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';
import { startSns, topicArn, type SnsHarness } from '../support/sns.js';
import { outboxWithWebhook, startWebhookReceiver, type WebhookReceiver } from '../support/webhook.js';
import { notifierContract, notifierRetryContract } from './notifier.contract.js';

const config = loadConfig({});
const clock = { now: () => new Date('2026-03-01T08:30:00.000Z') };

describe('outbox Notifier without webhook: contract', () => {
  notifierContract(() => {
    const db = openMemoryDatabase([outboxSchema]);
    return {
      notifier: createOutboxNotifier(db, { log: silentLogger, clock }),
      inbox: async (userId) => listOutbox(db, userId).map(({ subject, message }) => ({ subject, message })),
    };
  });
});

describe('outbox Notifier with webhook: contract', () => {
  let hook: WebhookReceiver;
  before(async () => {
    hook = await startWebhookReceiver();
  });
  after(() => hook.close());
  notifierContract(() => outboxWithWebhook(hook, clock));
  notifierRetryContract(() => outboxWithWebhook(hook, clock));
});

describe('SNS Notifier with markers in the helper table (dynalite): contract', () => {
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
  const open = () => {
    sns.reset();
    const notifier = createSnsNotifier({ sns: sns.sns, topicArn, doc: aws.clients.doc, table: config.tables.helpers });
    return { notifier, inbox: sns.inbox, failNextDelivery: sns.failNext };
  };
  notifierContract(open);
  notifierRetryContract(open);
});
