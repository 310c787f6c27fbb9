import { createDynamoRentalInvoices } from '../../../adapters/aws/rental-invoices.js';
import { HELPER_KEY } from '../../../adapters/aws/tables.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('rentalInvoices', (ctx) =>
  createDynamoRentalInvoices({
    doc: docClient(),
    table: ctx.config.tables.rentalInvoices,
    // The month claims are helper items, like the email locks: never in Users.
    months: { table: ctx.config.tables.helpers, hashKey: HELPER_KEY },
  }),
);
