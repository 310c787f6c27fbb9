import assert from 'node:assert/strict';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, test } from 'node:test';
import { createDynamoRentalInvoices } from '../../../src/adapters/aws/rental-invoices.js';
import { loadConfig } from '../../../src/config.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { rentalInvoicesContract, rentalItem } from '../../contract/rental-invoices.contract.js';
import { startLocalAws, type LocalAws } from '../../support/aws.js';

const config = loadConfig({});
const table = config.tables.rentalInvoices;

describe('DynamoDB RentalInvoices (dynalite)', () => {
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());

  // A page of 10 makes every listing and deletion in the contract span several pages.
  rentalInvoicesContract(() => createDynamoRentalInvoices({ doc: aws.clients.doc, table, pageSize: 10 }));

  test('the stored item has the original attribute names and DynamoDB types', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table });
    await store.put(rentalItem('user_raw', 1));
    const raw = new DynamoDBClient({ region: config.region, endpoint: aws.dynamoEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const { Item } = await raw.send(new GetItemCommand({ TableName: table, Key: { UserID: { S: 'user_raw' }, InvoiceID: { S: 'Invoice_1306798101' } } }));
    raw.destroy();
    assert.deepEqual(Item!['Total Amount'], { N: '9815' });
    assert.deepEqual(Item!.Hyra, { N: '8920' });
    assert.deepEqual(Item!['Due Date'], { S: '31-03-2025' });
    assert.deepEqual(Item!.due_date_month, { S: '3' });
    assert.deepEqual(Item!.due_date_year, { S: '2025' });
    assert.deepEqual(Item!.OCR, { S: '1306798101' });
    assert.deepEqual(Item!.line_items, { L: [{ M: { label: { S: 'Hyra' }, amount: { N: '8920' } } }, { M: { label: { S: 'El' }, amount: { N: '412.5' } } }] });
  });

  test('an unchanged re-put writes nothing (the stream sees no record)', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table });
    const item = rentalItem('user_w', 1);
    await store.put(item);
    const sent: string[] = [];
    const spy = aws.clients.doc.middlewareStack;
    spy.add((next, ctx) => async (args) => {
      sent.push(ctx.commandName as string);
      return next(args);
    }, { step: 'initialize', name: 'record-commands' });
    try {
      assert.equal(await store.put({ ...item }), 'unchanged');
    } finally {
      spy.remove('record-commands');
    }
    // The document client runs its commands through the base client's stack.
    assert.deepEqual(sent, ['GetItemCommand']);
  });

  test('SDK failures surface as DependencyError', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table: 'NoSuchTable' });
    await assert.rejects(store.put(rentalItem('user_x', 1)), DependencyError);
    await assert.rejects(store.get('user_x', 'Invoice_1'), DependencyError);
    await assert.rejects(store.listForUser('user_x'), DependencyError);
    await assert.rejects(store.existsForMonth('user_x', '2025', '3'), DependencyError);
    await assert.rejects(store.deleteForUser('user_x'), DependencyError);
  });
});
