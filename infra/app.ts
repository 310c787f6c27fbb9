/**
 * `cdk synth` / `cdk deploy` entry. Environment-agnostic unless CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION are set (the CLI sets them when credentials exist), so synthesis works
 * offline. Bundles must exist beforehand (`npm run build`); CDK only zips them.
 */
import { App } from 'aws-cdk-lib';
import { loadInfraSettings } from './settings.js';
import { PayPulseStack } from './stack.js';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new PayPulseStack(app, process.env.PAYPULSE_STACK_NAME ?? 'PayPulse', {
  settings: loadInfraSettings(),
  ...(account && region ? { env: { account, region } } : {}),
  description: 'PayPulse Cloud: API, functions, tables, bucket, schedules and notifications',
});
app.synth();
