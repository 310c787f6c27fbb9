import { createDynamoUsers } from '../../../adapters/aws/users.js';
import { docClient } from '../aws.js';
import { usesTable } from '../grants.js';
import { provider } from '../provider.js';

/** The email locks are in the helper table, used only where the manifest grants it. */
export default provider('users', (ctx) =>
  createDynamoUsers({
    doc: docClient(),
    table: ctx.config.tables.users,
    ...(usesTable(ctx.spec, 'helpers', true) ? { helpers: ctx.config.tables.helpers } : {}),
    clock: ctx.clock,
  }),
);
