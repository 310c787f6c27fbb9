import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { RETAIL_SUBTYPES, type Config, type RetailSubtype } from '../../config.js';
import { DependencyError } from '../../domain/errors.js';
import { zeroCounts, type RetailBaseRow, type RetailDetailRow, type RetailInvoices } from '../../ports/retail-invoices.js';

const BY_SUBTYPE_INDEX = 'sub_type-invoice_date-index';

/** Every page of a query (the original read one page only). */
async function queryAll<T>(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<{ items: T[]; count: number }> {
  const items: T[] = [];
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((page.Items ?? []) as T[]));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, count };
}

/** BatchWriteItem in chunks of 25, resending unprocessed requests with backoff. */
async function batchDelete(doc: DynamoDBDocumentClient, requests: { table: string; key: Record<string, string> }[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Record<string, { DeleteRequest: { Key: Record<string, string> } }[]> = {};
    for (const r of requests.slice(i, i + 25)) (pending[r.table] ??= []).push({ DeleteRequest: { Key: r.key } });
    for (let attempt = 0; Object.keys(pending).length > 0; attempt++) {
      if (attempt > 8) throw new Error('unprocessed deletes remained after retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const res = await doc.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = (res.UnprocessedItems ?? {}) as typeof pending;
    }
  }
}

/**
 * `RetailInvoices` and the eight detail tables with the original layout (DATA.md §1, §4, §5).
 *
 * DynamoDB transactions are not used (dynalite, our test server, has none), so `put` is ordered
 * and compensated: the detail row is written first and the base row last; if the base write
 * fails, the detail row is restored to what it was before (deleted if there was none). All
 * reads start from base rows, so a detail row left behind by a crash between the two writes is
 * never visible, and the retried event (deterministic InvoiceID, D6) overwrites it. `delete`
 * removes the detail row then the base row, and puts the detail row back if the base delete
 * fails, so a failed delete leaves the invoice whole and a retry finishes it.
 */
export function createDynamoRetailInvoices(doc: DynamoDBDocumentClient, tables: Config['tables']): RetailInvoices {
  const base = tables.retailInvoices;
  const detailTable = (s: RetailSubtype) => tables.retailDetails[s];
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof DependencyError ? err : new DependencyError(`DynamoDB ${what}`, err);
    }
  };
  const getDetail = async (subType: RetailSubtype, invoiceId: string) =>
    (await doc.send(new GetCommand({ TableName: detailTable(subType), Key: { InvoiceID: invoiceId }, ConsistentRead: true })))
      .Item as RetailDetailRow | undefined;
  const getBase = async (userId: string, invoiceId: string) =>
    (await doc.send(new GetCommand({ TableName: base, Key: { UserID: userId, InvoiceID: invoiceId }, ConsistentRead: true })))
      .Item as RetailBaseRow | undefined;
  const restoreDetail = async (subType: RetailSubtype, invoiceId: string, previous: RetailDetailRow | undefined) => {
    if (previous) await doc.send(new PutCommand({ TableName: detailTable(subType), Item: previous }));
    else await doc.send(new DeleteCommand({ TableName: detailTable(subType), Key: { InvoiceID: invoiceId } }));
  };

  return {
    put: (row, detail) =>
      wrap('put', async () => {
        if (row.InvoiceID !== detail.InvoiceID) throw new Error('base and detail rows must share the InvoiceID');
        const previous = await getDetail(row.sub_type, detail.InvoiceID);
        await doc.send(new PutCommand({ TableName: detailTable(row.sub_type), Item: detail }));
        try {
          await doc.send(new PutCommand({ TableName: base, Item: row }));
        } catch (err) {
          await restoreDetail(row.sub_type, detail.InvoiceID, previous).catch(() => undefined);
          throw err;
        }
      }),
    getBase: (userId, invoiceId) => wrap('get', () => getBase(userId, invoiceId)),
    getDetail: (subType, invoiceId) => wrap('get', () => getDetail(subType, invoiceId)),
    listForUser: (userId) =>
      wrap('query', async () =>
        (
          await queryAll<RetailBaseRow>(doc, {
            TableName: base,
            KeyConditionExpression: 'UserID = :u',
            ExpressionAttributeValues: { ':u': userId },
          })
        ).items,
      ),
    listBySubType: (userId, subType) =>
      wrap('query', async () =>
        (
          await queryAll<RetailBaseRow>(doc, {
            TableName: base,
            IndexName: BY_SUBTYPE_INDEX,
            KeyConditionExpression: 'UserID_SubType = :k',
            ExpressionAttributeValues: { ':k': `${userId}_${subType}` },
            ScanIndexForward: false,
          })
        ).items,
      ),
    counts: (userId) =>
      wrap('query', async () => {
        const { items } = await queryAll<{ sub_type?: string }>(doc, {
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
      wrap('query', async () =>
        (
          await queryAll(doc, {
            TableName: base,
            IndexName: BY_SUBTYPE_INDEX,
            KeyConditionExpression: 'UserID_SubType = :k',
            ExpressionAttributeValues: { ':k': `${userId}_${subType}` },
            Select: 'COUNT',
          })
        ).count,
      ),
    delete: (userId, invoiceId) =>
      wrap('delete', async () => {
        const row = await getBase(userId, invoiceId);
        if (!row) return undefined;
        const known = (RETAIL_SUBTYPES as readonly string[]).includes(row.sub_type);
        const previous = known ? await getDetail(row.sub_type, invoiceId) : undefined;
        if (known) await doc.send(new DeleteCommand({ TableName: detailTable(row.sub_type), Key: { InvoiceID: invoiceId } }));
        try {
          await doc.send(new DeleteCommand({ TableName: base, Key: { UserID: userId, InvoiceID: invoiceId } }));
        } catch (err) {
          if (previous) await restoreDetail(row.sub_type, invoiceId, previous).catch(() => undefined);
          throw err;
        }
        return row;
      }),
    deleteForUser: (userId) =>
      wrap('delete', async () => {
        const { items } = await queryAll<{ InvoiceID: string }>(doc, {
          TableName: base,
          KeyConditionExpression: 'UserID = :u',
          ExpressionAttributeValues: { ':u': userId },
          ProjectionExpression: 'InvoiceID',
        });
        // Details first (every table, as D11 asks), base rows last: a retry after a failure
        // still finds every id through the remaining base rows.
        await batchDelete(
          doc,
          items.flatMap(({ InvoiceID }) => RETAIL_SUBTYPES.map((s) => ({ table: detailTable(s), key: { InvoiceID } }))),
        );
        await batchDelete(doc, items.map(({ InvoiceID }) => ({ table: base, key: { UserID: userId, InvoiceID } })));
        return items.length;
      }),
  };
}
