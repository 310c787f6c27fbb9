/**
 * A small SNS endpoint on 127.0.0.1 speaking the Query protocol for `Publish`, for tests of the
 * built bundles (their SDK copy is out of aws-sdk-client-mock's reach). Records every message
 * with its attributes.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, string>;
}

export interface FakeSns {
  endpoint: string;
  published: PublishedMessage[];
  close(): Promise<void>;
}

export async function startFakeSns(): Promise<FakeSns> {
  const published: PublishedMessage[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('Action') !== 'Publish' || !form.get('TopicArn') || !form.get('Message')) {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>unsupported</Message></Error></ErrorResponse>');
        return;
      }
      const attributes: Record<string, string> = {};
      for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
        attributes[form.get(`MessageAttributes.entry.${i}.Name`)!] = form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
      }
      published.push({
        topicArn: form.get('TopicArn')!,
        ...(form.get('Subject') ? { subject: form.get('Subject')! } : {}),
        message: form.get('Message')!,
        attributes,
      });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    published,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
