import assert from 'node:assert/strict';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, test } from 'node:test';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createDynamoRentalInvoices } from '../../../src/adapters/aws/rental-invoices.js';
import { HELPER_KEY } from '../../../src/adapters/aws/tables.js';
import { loadConfig } from '../../../src/config.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { rentalItem } from '../../contract/rental-invoices.contract.js';
import { startLocalAws, type LocalAws } from '../../support/aws.js';

const config = loadConfig({});
const table = config.tables.rentalInvoices;
const months = { table: config.tables.helpers, hashKey: HELPER_KEY };

describe('DynamoDB RentalInvoices (dynalite)', () => {
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());

  test('the stored item has the original attribute names and DynamoDB types', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table, months });
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
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table, months });
    const item = rentalItem('user_w', 1);
    await store.put(item);
    const sent: string[] = [];
    let recording = true;
    aws.onDynamoRequest((op) => recording && sent.push(op));
    try {
      assert.equal(await store.put({ ...item }), 'unchanged');
    } finally {
      recording = false;
    }
    assert.deepEqual(sent, ['GetItem']);
  });

  const rawItem = async (userId: string, invoiceId: string) => {
    const raw = new DynamoDBClient({ region: config.region, endpoint: aws.dynamoEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const { Item } = await raw.send(new GetItemCommand({ TableName: table, Key: { UserID: { S: userId }, InvoiceID: { S: invoiceId } } }));
    raw.destroy();
    return Item;
  };

  test('the test DynamoDB refuses an empty index key as DynamoDB does (dynalite alone accepts it)', async () => {
    const item = rentalItem('user_empty', 1, { due_date_year: '', due_date_month: '' });
    await assert.rejects(aws.clients.doc.put({ TableName: table, Item: item }), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /IndexName: due_date_year-due_date_month-index, IndexKey: due_date_year/);
      return true;
    });
  });

  test('a notice without a due date is written without the index keys and reads back with them empty', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table, months });
    const item = rentalItem('user_undated', 1, { 'Due Date': '', due_date_year: '', due_date_month: '', parse_status: 'needs_review' });
    assert.equal(await store.put(item), 'inserted');
    const raw = await rawItem('user_undated', item.InvoiceID);
    assert.equal(raw!.due_date_year, undefined);
    assert.equal(raw!.due_date_month, undefined);
    assert.deepEqual(raw!['Due Date'], { S: '' });
    assert.deepEqual(await store.get('user_undated', item.InvoiceID), item);
  });

  test('writers on separate connections (separate Lambdas) store one invoice per month', async () => {
    const clients = Array.from({ length: 6 }, () =>
      createAwsClients({ region: config.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoints: { dynamodb: aws.dynamoEndpoint } }),
    );
    try {
      const outcomes = await Promise.all(
        clients.map((c, n) => createDynamoRentalInvoices({ doc: c.doc, table, months }).put(rentalItem('user_lambdas', 40 + n, { due_date_year: '2025', due_date_month: '10' }))),
      );
      assert.deepEqual(outcomes.sort(), ['duplicate_month', 'duplicate_month', 'duplicate_month', 'duplicate_month', 'duplicate_month', 'inserted']);
    } finally {
      for (const c of clients) c.doc.destroy();
    }
  });

  test("a month claim whose writer died before writing is taken over once stale, and waited for while fresh", async () => {
    const claim = (invoiceId: string, at: number) =>
      aws.clients.doc.put({ TableName: months.table, Item: { [HELPER_KEY]: 'RENTALMONTHS#user_died', m_2025_5: { invoice_id: invoiceId, at_epoch: at } } });
    const may = (n: number) => rentalItem('user_died', n, { due_date_year: '2025', due_date_month: '5' });
    await claim('Invoice_ghost', Math.floor(Date.now() / 1000));
    const impatient = createDynamoRentalInvoices({ doc: aws.clients.doc, table, months, claimWaitMs: 100 });
    await assert.rejects(impatient.put(may(1)), DependencyError);
    assert.equal(await rawItem('user_died', may(1).InvoiceID), undefined);
    await claim('Invoice_ghost', Math.floor(Date.now() / 1000) - 301);
    assert.equal(await impatient.put(may(1)), 'inserted');
    assert.equal(await impatient.put(may(2)), 'duplicate_month');
  });

  test("two invoices of one month that the original wrote stay, and each can still be re-parsed", async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table, months });
    const [a, b] = [rentalItem('user_legacy', 1), rentalItem('user_legacy', 2, { due_date_year: '2025', due_date_month: '3' })];
    for (const item of [a, b]) await aws.clients.doc.put({ TableName: table, Item: item });
    assert.equal(await store.put({ ...a, 'Total Amount': 1 }), 'replaced');
    assert.equal(await store.put({ ...b, 'Total Amount': 2 }), 'replaced');
    assert.equal(await store.put(rentalItem('user_legacy', 3, { due_date_year: '2025', due_date_month: '3' })), 'duplicate_month');
  });

  test('deleting the account removes its month claims', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table, months });
    await store.put(rentalItem('user_gone', 1));
    const claims = () => aws.clients.doc.get({ TableName: months.table, Key: { [HELPER_KEY]: 'RENTALMONTHS#user_gone' } });
    assert.ok((await claims()).Item);
    await store.deleteForUser('user_gone');
    assert.equal((await claims()).Item, undefined);
  });

  test('SDK failures surface as DependencyError', async () => {
    const store = createDynamoRentalInvoices({ doc: aws.clients.doc, table: 'NoSuchTable', months });
    await assert.rejects(store.put(rentalItem('user_x', 1)), DependencyError);
    await assert.rejects(store.get('user_x', 'Invoice_1'), DependencyError);
    await assert.rejects(store.listForUser('user_x'), DependencyError);
    await assert.rejects(store.existsForMonth('user_x', '2025', '3'), DependencyError);
    await assert.rejects(store.deleteForUser('user_x'), DependencyError);
  });
});
