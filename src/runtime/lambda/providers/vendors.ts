import { createDynamoVendors } from '../../../adapters/aws/vendors.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('vendors', (ctx) => createDynamoVendors(docClient(), ctx.config.tables.vendorConfig));
