/**
 * SNS for the notifier tests: our SNS client pointed at the Query-protocol fake on 127.0.0.1
 * (test/fakes/aws/sns.ts), which checks the signature and knows one topic. `inbox` is what a
 * subscription with FilterPolicy {"user_id": [userId]} receives from the accepted messages.
 */
import type { Sns } from '../../src/adapters/aws/client/sns.js';
import { createSnsClient } from '../../src/adapters/aws/clients.js';
import { loadConfig } from '../../src/config.js';
import { CLIENT_ATTEMPTS } from '../fakes/aws/client-attempts.js';
import { startFakeSns, type FakeSns, type PublishedMessage } from '../fakes/aws/sns.js';

const config = loadConfig({});
export const topicArn = 'arn:aws:sns:eu-west-1:123456789012:NewInvoiceNotificationTopic';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };


export interface SnsHarness {
  sns: Sns;
  fake: FakeSns;
  /** The form of every Publish request received, failed attempts included. */
  requests(): Record<string, string>[];
  /** SNS answers 500 InternalError to every attempt of the next publish, so that publish fails. */
  failNext(): void;
  inbox(userId: string): Promise<{ subject: string; message: string }[]>;
  /** Forgets the messages, requests and queued failures. */
  reset(): void;
  close(): Promise<void>;
}

const matches = (p: PublishedMessage, userId: string) => p.messageAttributes.user_id?.DataType === 'String' && p.messageAttributes.user_id.StringValue === userId;

export async function startSns(): Promise<SnsHarness> {
  const fake = await startFakeSns({ credentials, region: config.region, topics: [topicArn] });
  const sns = createSnsClient({ region: config.region, endpoints: { sns: fake.endpoint }, credentials });
  return {
    sns,
    fake,
    requests: () => fake.requests,
    failNext: () => fake.failNext({ code: 'InternalError', message: 'Internal Error', status: 500 }, CLIENT_ATTEMPTS),
    inbox: async (userId) => fake.published.filter((p) => matches(p, userId)).map((p) => ({ subject: p.subject!, message: p.message })),
    reset: () => fake.reset(),
    async close() {
      sns.destroy();
      await fake.close();
    },
  };
}
