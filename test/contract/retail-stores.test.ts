import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDocs } from '../../src/adapters/aws/client/dynamodb.js';
import { DependencyError } from '../../src/domain/errors.js';
import { createDynamoRetailInvoices } from '../../src/adapters/aws/retail-invoices.js';
import { createDynamoVendors } from '../../src/adapters/aws/vendors.js';
import { createSqliteRetailInvoices, retailInvoicesSchema } from '../../src/adapters/local/retail-invoices.js';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { createSqliteVendors, vendorsSchema } from '../../src/adapters/local/vendors.js';
import { loadConfig, type Config } from '../../src/config.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';
import { baseRow, detailRow, vendor } from '../support/retail.js';
import { retailInvoicesContract } from './retail-invoices.contract.js';
import { vendorsContract } from './vendors.contract.js';

retailInvoicesContract('sqlite', async () => createSqliteRetailInvoices(openMemoryDatabase([retailInvoicesSchema])));
vendorsContract('sqlite', async () => createSqliteVendors(openMemoryDatabase([vendorsSchema])));

// One dynalite for the file; each case starts from empty retail and vendor tables.
const config = loadConfig({});
let aws: LocalAws | undefined;
async function freshAws(): Promise<{ aws: LocalAws; config: Config }> {
  aws ??= await startLocalAws(config);
  const t = config.tables;
  for (const table of [t.retailInvoices, t.vendorConfig, ...Object.values(t.retailDetails)]) {
    const keys = table === t.retailInvoices ? ['UserID', 'InvoiceID'] : table === t.vendorConfig ? ['vendor_id'] : ['InvoiceID'];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await aws.clients.doc.scan({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) });
      for (const item of page.Items ?? []) {
        await aws.clients.doc.delete({ TableName: table, Key: Object.fromEntries(keys.map((k) => [k, item[k]])) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return { aws, config };
}
after(async () => {
  await aws?.close();
});

retailInvoicesContract('dynamodb', async () => {
  const { aws, config } = await freshAws();
  return createDynamoRetailInvoices(aws.clients.doc, config.tables);
});
vendorsContract('dynamodb', async () => {
  const { aws, config } = await freshAws();
  return createDynamoVendors(aws.clients.doc, config.tables.vendorConfig);
});

test('dynamodb: VendorConfig items use the original attribute types (SS for senders and phrases, BOOL flags)', async () => {
  const { aws, config } = await freshAws();
  await createDynamoVendors(aws.clients.doc, config.tables.vendorConfig).add(
    vendor('dominos', 'food-delivery', { default_email_patterns: ['domino@dominos.se'], default_subject_keywords: ['Tack for din beställning'] }),
  );
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const raw = new DynamoDBClient({ region: config.region, endpoint: aws.dynamoEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    const { Item } = await raw.send(new GetItemCommand({ TableName: config.tables.vendorConfig, Key: { vendor_id: { S: 'dominos' } } }));
    assert.deepEqual(Item?.default_email_patterns, { SS: ['domino@dominos.se'] });
    assert.deepEqual(Item?.default_subject_keywords, { SS: ['Tack for din beställning'] });
    assert.deepEqual(Item?.active, { BOOL: true });
    assert.deepEqual(Item?.invoice_sub_type, { S: 'food-delivery' });
  } finally {
    raw.destroy();
  }
});

/** The real client, except that writes to `table` with the given command fail like an outage. */
function failingWrites(doc: DynamoDocs, table: string, op: 'put' | 'delete'): DynamoDocs {
  const real = doc[op] as (input: { TableName?: string }) => Promise<never>;
  return { ...doc, [op]: (input: { TableName?: string }) => (input.TableName === table ? Promise.reject(new Error('injected outage')) : real(input)) };
}

test('dynamodb: a failed base write restores the previous detail row (no half-written invoice)', async () => {
  const { aws, config } = await freshAws();
  const store = createDynamoRetailInvoices(aws.clients.doc, config.tables);
  await store.put(baseRow('u1', 'r1', 'food-delivery', '2026-01-01'), detailRow('r1'));
  const broken = createDynamoRetailInvoices(failingWrites(aws.clients.doc, config.tables.retailInvoices, 'put'), config.tables);
  await assert.rejects(broken.put(baseRow('u1', 'r1', 'food-delivery', '2026-01-02', { total_amount: 1 }), detailRow('r1', { delivery_fee: 999 })), DependencyError);
  assert.equal((await store.getDetail('food-delivery', 'r1'))?.delivery_fee, 39, 'previous detail restored');
  assert.equal((await store.getBase('u1', 'r1'))?.total_amount, 289.5);

  await assert.rejects(broken.put(baseRow('u1', 'r2', 'travel', '2026-01-02'), detailRow('r2')), DependencyError);
  assert.equal(await store.getDetail('travel', 'r2'), undefined, 'new detail removed');
  assert.equal(await store.getBase('u1', 'r2'), undefined);
});

test('dynamodb: a failed base delete puts the detail row back (the invoice stays whole)', async () => {
  const { aws, config } = await freshAws();
  const store = createDynamoRetailInvoices(aws.clients.doc, config.tables);
  await store.put(baseRow('u1', 'r1', 'food-delivery', '2026-01-01'), detailRow('r1'));
  const broken = createDynamoRetailInvoices(failingWrites(aws.clients.doc, config.tables.retailInvoices, 'delete'), config.tables);
  await assert.rejects(broken.delete('u1', 'r1'), DependencyError);
  assert.deepEqual(await store.getDetail('food-delivery', 'r1'), detailRow('r1'));
  assert.ok(await store.getBase('u1', 'r1'));
  assert.equal((await store.delete('u1', 'r1'))?.InvoiceID, 'r1', 'a retry finishes the job');
});

test('dynamodb: deleteForUser also clears a detail row left in another sub-type table', async () => {
  const { aws, config } = await freshAws();
  const store = createDynamoRetailInvoices(aws.clients.doc, config.tables);
  await store.put(baseRow('u1', 'r1', 'food-delivery', '2026-01-01'), detailRow('r1'));
  await store.put(baseRow('u1', 'r1', 'clothing', '2026-01-01'), detailRow('r1'));
  await store.deleteForUser('u1');
  assert.equal(await store.getDetail('food-delivery', 'r1'), undefined);
  assert.equal(await store.getDetail('clothing', 'r1'), undefined);
});

