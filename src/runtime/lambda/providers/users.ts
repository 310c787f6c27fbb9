import { createDynamoUsers } from '../../../adapters/aws/users.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('users', (ctx) => createDynamoUsers({ doc: docClient(), table: ctx.config.tables.users, clock: ctx.clock }));
