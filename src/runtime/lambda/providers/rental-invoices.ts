import { createDynamoRentalInvoices } from '../../../adapters/aws/rental-invoices.js';
import { docClient } from '../aws.js';
import { provider } from '../provider.js';

export default provider('rentalInvoices', (ctx) =>
  createDynamoRentalInvoices({
    doc: docClient(),
    table: ctx.config.tables.rentalInvoices,
    // The month claims are helper items of Users, like the email locks (a `#` key no user has).
    months: { table: ctx.config.tables.users, hashKey: 'UserID' },
  }),
);
