import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config.js';
import { RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import { zeroCounts, type RetailBaseRow, type RetailDetailRow, type RetailInvoices } from '../../ports/retail-invoices.js';
import type { DynamoDocs } from './client/dynamodb.js';
import { batchDelete, ddb, queryPages } from './dynamo.js';
import { guardPort } from '../guard.js';

const BY_SUBTYPE_INDEX = 'sub_type-invoice_date-index';

async function queryAll<T>(doc: DynamoDocs, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  for await (const page of queryPages(doc, input)) items.push(...(page as T[]));
  return items;
}

/**
 * `RetailInvoices` and the eight detail tables with the original layout (docs/data-model.md#tables).
 *
 * DynamoDB transactions are not used (dynalite, our test server, has none), so `put` is ordered
 * and compensated: the detail row is written first and the base row last; if the base write
 * fails, the detail row is restored to what it was before (deleted if there was none). All
 * reads start from base rows, so a detail row left behind by a crash between the two writes is
 * never visible, and the retried event (deterministic InvoiceID, D6) overwrites it. `delete`
 * removes the detail row then the base row, and puts the detail row back if the base delete
 * fails, so a failed delete leaves the invoice whole and a retry finishes it. (Should the
 * compensating write fail too, DynamoDB is down; the event or request is retried, and the
 * deterministic InvoiceID makes the retry overwrite whatever was left.)
 */
export function createDynamoRetailInvoices(doc: DynamoDocs, tables: Config['tables']): RetailInvoices {
  const base = tables.retailInvoices;
  const detailTable = (s: RetailSubtype) => tables.retailDetails[s];
  const getDetail = async (subType: RetailSubtype, invoiceId: string) =>
    (await doc.get({ TableName: detailTable(subType), Key: { InvoiceID: invoiceId }, ConsistentRead: true }))
      .Item as RetailDetailRow | undefined;
  const getBase = async (userId: string, invoiceId: string) =>
    (await doc.get({ TableName: base, Key: { UserID: userId, InvoiceID: invoiceId }, ConsistentRead: true }))
      .Item as RetailBaseRow | undefined;
  const restoreDetail = async (subType: RetailSubtype, invoiceId: string, previous: RetailDetailRow | undefined) => {
    if (previous) await doc.put({ TableName: detailTable(subType), Item: previous });
    else await doc.delete({ TableName: detailTable(subType), Key: { InvoiceID: invoiceId } });
  };

  return guardPort('retailInvoices', {
    put: (row, detail) =>
      ddb(async () => {
        if (row.InvoiceID !== detail.InvoiceID) throw new Error('base and detail rows must share the InvoiceID');
        const previous = await getDetail(row.sub_type, detail.InvoiceID);
        await doc.put({ TableName: detailTable(row.sub_type), Item: detail });
        try {
          await doc.put({ TableName: base, Item: row });
        } catch (err) {
          await restoreDetail(row.sub_type, detail.InvoiceID, previous).catch(() => undefined);
          throw err;
        }
      }),
    getBase: (userId, invoiceId) => ddb(() => getBase(userId, invoiceId)),
    getDetail: (subType, invoiceId) => ddb(() => getDetail(subType, invoiceId)),
    listForUser: (userId) =>
      ddb(() =>
        queryAll<RetailBaseRow>(doc, { TableName: base, KeyConditionExpression: 'UserID = :u', ExpressionAttributeValues: { ':u': userId } }),
      ),
    listBySubType: (userId, subType) =>
      ddb(() =>
        queryAll<RetailBaseRow>(doc, {
          TableName: base,
          IndexName: BY_SUBTYPE_INDEX,
          KeyConditionExpression: 'UserID_SubType = :k',
          ExpressionAttributeValues: { ':k': `${userId}_${subType}` },
          ScanIndexForward: false,
        }),
      ),
    counts: (userId) =>
      ddb(async () => {
        const items = await queryAll<{ sub_type?: string }>(doc, {
          TableName: base,
          KeyConditionExpression: 'UserID = :u',
          ExpressionAttributeValues: { ':u': userId },
          ProjectionExpression: 'sub_type',
        });
        const out = zeroCounts(RETAIL_SUBTYPES);
        for (const { sub_type } of items) if (sub_type && sub_type in out) out[sub_type as RetailSubtype] += 1;
        return out;
      }),
    countBySubType: (userId, subType) =>
      ddb(async () =>
        // Keys only: the count is what is wanted, not the items.
        (
          await queryAll(doc, {
            TableName: base,
            IndexName: BY_SUBTYPE_INDEX,
            KeyConditionExpression: 'UserID_SubType = :k',
            ExpressionAttributeValues: { ':k': `${userId}_${subType}` },
            ProjectionExpression: 'InvoiceID',
          })
        ).length,
      ),
    delete: (userId, invoiceId) =>
      ddb(async () => {
        const row = await getBase(userId, invoiceId);
        if (!row) return undefined;
        const known = (RETAIL_SUBTYPES as readonly string[]).includes(row.sub_type);
        const previous = known ? await getDetail(row.sub_type, invoiceId) : undefined;
        if (known) await doc.delete({ TableName: detailTable(row.sub_type), Key: { InvoiceID: invoiceId } });
        try {
          await doc.delete({ TableName: base, Key: { UserID: userId, InvoiceID: invoiceId } });
        } catch (err) {
          if (previous) await restoreDetail(row.sub_type, invoiceId, previous).catch(() => undefined);
          throw err;
        }
        return row;
      }),
    deleteForUser: (userId) =>
      ddb(async () => {
        const items = await queryAll<{ InvoiceID: string }>(doc, {
          TableName: base,
          KeyConditionExpression: 'UserID = :u',
          ExpressionAttributeValues: { ':u': userId },
          ProjectionExpression: 'InvoiceID',
        });
        // Details first (every table, as D11 asks), base rows last: a retry after a failure
        // still finds every id through the remaining base rows.
        for (const s of RETAIL_SUBTYPES) await batchDelete(doc, detailTable(s), items.map(({ InvoiceID }) => ({ InvoiceID })));
        await batchDelete(doc, base, items.map(({ InvoiceID }) => ({ UserID: userId, InvoiceID })));
        return items.length;
      }),
  });
}
