import { after, before, describe } from 'node:test';
import { createDynamoRentalInvoices } from '../../src/adapters/aws/rental-invoices.js';
import { HELPER_KEY } from '../../src/adapters/aws/tables.js';
import { createSqliteRentalInvoices, rentalInvoicesSchema } from '../../src/adapters/local/rental-invoices.js';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { loadConfig } from '../../src/config.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';
import { rentalInvoicesContract } from './rental-invoices.contract.js';

const config = loadConfig({});

describe('SQLite RentalInvoices: contract', () => {
  rentalInvoicesContract(() => createSqliteRentalInvoices(openMemoryDatabase([rentalInvoicesSchema])));
});

describe('DynamoDB RentalInvoices (dynalite): contract', () => {
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());
  const months = { table: config.tables.helpers, hashKey: HELPER_KEY };
  // A page of 10 makes every listing and deletion in the contract span several pages.
  rentalInvoicesContract(() => createDynamoRentalInvoices({ doc: aws.clients.doc, table: config.tables.rentalInvoices, months, pageSize: 10 }));
});
