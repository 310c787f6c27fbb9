import { createDynamoRetailInvoices } from '../../../adapters/aws/retail-invoices.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('retailInvoices', (ctx) => createDynamoRetailInvoices(docClient(), ctx.config.tables));
