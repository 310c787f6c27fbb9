import { createSnsNotifier } from '../../../adapters/aws/sns-notifier.js';
import { docClient, snsClient } from '../aws.js';
import { provider } from '../provider.js';
import { usesTable } from '../grants.js';

/**
 * SNS with the `user_id` attribute (D10). The de-duplication markers live in the helper table, so
 * they are used only when the manifest grants this function write access to it: code and IAM
 * policy never disagree.
 */
export default provider('notifier', (ctx) => {
  const topicArn = process.env.SNS_TOPIC_ARN;
  if (!topicArn) throw new Error(`${ctx.spec.name}: SNS_TOPIC_ARN is not set`);
  const markers = usesTable(ctx.spec, 'helpers', true) ? { doc: docClient(), table: ctx.config.tables.helpers } : {};
  return createSnsNotifier({ sns: snsClient(), topicArn, ...markers, clock: ctx.clock, log: ctx.log });
});
