import { createDynamoRentalInvoices } from '../../../adapters/aws/rental-invoices.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('rentalInvoices', (ctx) => createDynamoRentalInvoices({ doc: docClient(), table: ctx.config.tables.rentalInvoices }));
