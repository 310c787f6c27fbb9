import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '../../domain/errors.js';
import { canonicalJson } from '../../domain/json.js';
import type { RentalInvoices, RentalItem } from '../../ports/rental-invoices.js';
import { ddb, deletePartition, isConditionFailure, queryPages } from './dynamo.js';

export interface DynamoRentalInvoicesOptions {
  doc: DynamoDBDocumentClient;
  /** Physical name of the original `RentalInvoices` table (`UserID` + `InvoiceID`). */
  table: string;
  /** Items per query page; unset = DynamoDB's 1 MB pages. Tests set it small to exercise paging. */
  pageSize?: number;
}

/**
 * RentalInvoices on the original table. Items are written as they are (attribute names with
 * spaces, numbers as N, the month strings unpadded); the table's stream raises the change records.
 * Reads are strongly consistent so a check right after a write sees it.
 */
export function createDynamoRentalInvoices({ doc, table, pageSize }: DynamoRentalInvoicesOptions): RentalInvoices {
  const limit = pageSize ? { Limit: pageSize } : {};
  const byUser = (userId: string) => ({
    TableName: table,
    KeyConditionExpression: 'UserID = :u',
    ExpressionAttributeValues: { ':u': userId } as Record<string, unknown>,
    ConsistentRead: true,
    ...limit,
  });

  return {
    async put(item) {
      // Read, compare, then write conditioned on what was read: a concurrent insert makes the
      // condition fail and the comparison runs again, so `inserted` is reported once.
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = (
          await ddb(() => doc.send(new GetCommand({ TableName: table, Key: { UserID: item.UserID, InvoiceID: item.InvoiceID }, ConsistentRead: true })))
        ).Item;
        if (current && canonicalJson(current) === canonicalJson(item)) return 'unchanged';
        try {
          await doc.send(
            new PutCommand({
              TableName: table,
              Item: item,
              ConditionExpression: current ? 'attribute_exists(UserID)' : 'attribute_not_exists(UserID)',
            }),
          );
          return current ? 'replaced' : 'inserted';
        } catch (err) {
          if (!isConditionFailure(err)) throw new DependencyError('dynamodb', err);
        }
      }
      throw new DependencyError('dynamodb', new Error('rental invoice kept changing during put'));
    },

    async get(userId, invoiceId) {
      // A sort key holds at most 1024 bytes, so no stored item has a longer id; asking would
      // only fail with a ValidationException (a 500 for a request path parameter, DECISIONS D17).
      if (Buffer.byteLength(invoiceId) > 1024) return undefined;
      const out = await ddb(() => doc.send(new GetCommand({ TableName: table, Key: { UserID: userId, InvoiceID: invoiceId }, ConsistentRead: true })));
      return out.Item as RentalItem | undefined;
    },

    async listForUser(userId) {
      const items: RentalItem[] = [];
      for await (const page of queryPages(doc, byUser(userId))) items.push(...(page as RentalItem[]));
      return items;
    },

    async existsForMonth(userId, year, month) {
      // The filter runs after each page is read, so an empty page does not mean "none": read on.
      const q = byUser(userId);
      for await (const page of queryPages(doc, {
        ...q,
        FilterExpression: 'due_date_year = :y AND due_date_month = :m',
        ProjectionExpression: 'InvoiceID',
        ExpressionAttributeValues: { ...q.ExpressionAttributeValues, ':y': year, ':m': month },
      })) {
        if (page.length > 0) return true;
      }
      return false;
    },

    deleteForUser: (userId) => deletePartition(doc, table, { hash: 'UserID', range: 'InvoiceID', value: userId }, pageSize),
  };
}
