import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../src/config.js';

const config = loadConfig({});
export const topicArn = 'arn:aws:sns:eu-west-1:123456789012:NewInvoiceNotificationTopic';

/** SNS has no emulator here: a mocked client whose published messages we filter as a subscription would. */
export function mockedSns() {
  const sns = new SNSClient({ region: config.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(sns);
  let failures = 0;
  const accepted: PublishCommandInput[] = [];
  mock.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    if (failures > 0) {
      failures--;
      throw Object.assign(new Error('Internal error'), { name: 'InternalErrorException' });
    }
    accepted.push(input);
    return { MessageId: 'm' };
  });
  const published = () => mock.commandCalls(PublishCommand).map((c) => c.args[0].input as PublishCommandInput);
  return {
    sns,
    published,
    failNext: () => void failures++,
    /** What a subscription with FilterPolicy {"user_id": [userId]} receives from accepted publishes. */
    inbox: async (userId: string) =>
      accepted
        .filter((p) => p.MessageAttributes?.user_id?.DataType === 'String' && p.MessageAttributes.user_id.StringValue === userId)
        .map((p) => ({ subject: p.Subject!, message: p.Message! })),
  };
}
