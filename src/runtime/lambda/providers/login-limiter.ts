import { createDynamoLoginLimiter } from '../../../adapters/aws/login-limiter.js';
import { failureLimit } from '../../../adapters/local/login-limiter.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('loginLimiter', (ctx) =>
  createDynamoLoginLimiter({
    doc: docClient(),
    table: ctx.config.tables.helpers,
    clock: ctx.clock,
    windowSeconds: ctx.config.loginLimits.windowSeconds,
    maxFailures: failureLimit(ctx.config.loginLimits),
  }),
);
