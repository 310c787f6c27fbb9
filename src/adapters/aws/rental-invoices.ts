import { DependencyError } from '../../domain/errors.js';
import { canonicalJson } from '../../domain/json.js';
import type { RentalInvoices, RentalItem } from '../../ports/rental-invoices.js';
import type { DynamoDocs } from './client/dynamodb.js';
import { conditional, ddb, deletePartition, isConditionFailure, queryPages } from './dynamo.js';
import { guardPort } from '../guard.js';

export interface DynamoRentalInvoicesOptions {
  doc: DynamoDocs;
  /** Physical name of the original `RentalInvoices` table (`UserID` + `InvoiceID`). */
  table: string;
  /** Items per query page; unset = DynamoDB's 1 MB pages. Tests set it small to exercise paging. */
  pageSize?: number;
  /**
   * Where the per-user month claims live (one helper item `RENTALMONTHS#<user id>` with one
   * attribute per claimed month): a table with a string hash key, outside RentalInvoices, whose
   * stream and list the original backend reads.
   */
  months: { table: string; hashKey: string };
  /** A claim whose invoice was never written is taken over after this long (a writer that died). */
  staleClaimSeconds?: number;
  /** How long a writer that lost a claim waits for the winner's invoice to appear. */
  claimWaitMs?: number;
}

/** The keys of the `due_date_year-due_date_month-index`: DynamoDB refuses them as empty strings. */
const INDEX_KEYS = ['due_date_year', 'due_date_month'] as const;

/** The item as written: empty index keys omitted (a notice without a readable due date, D3). */
function encode(item: RentalItem): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const k of INDEX_KEYS) if (out[k] === '') delete out[k];
  return out;
}

/** The item as the port gives it: the omitted index keys back as empty strings. */
function decode(raw: Record<string, unknown>): RentalItem {
  const out = { ...raw };
  for (const k of INDEX_KEYS) if (typeof out[k] !== 'string') out[k] = '';
  return out as RentalItem;
}

const monthOf = (item: { due_date_year?: unknown; due_date_month?: unknown }) =>
  typeof item.due_date_year === 'string' && item.due_date_year !== '' && typeof item.due_date_month === 'string' && item.due_date_month !== ''
    ? `m_${item.due_date_year}_${item.due_date_month}`
    : undefined;

/**
 * RentalInvoices on the original table. Items are written as they are (attribute names with
 * spaces, numbers as N, the month strings unpadded); the table's stream raises the change records.
 * Reads are strongly consistent so a check right after a write sees it.
 */
export function createDynamoRentalInvoices({ doc, table, pageSize, months, staleClaimSeconds = 300, claimWaitMs = 3000 }: DynamoRentalInvoicesOptions): RentalInvoices {
  const limit = pageSize ? { Limit: pageSize } : {};
  const claimKey = (userId: string) => ({ [months.hashKey]: `RENTALMONTHS#${userId}` });
  const getItem = async (userId: string, invoiceId: string) =>
    (await ddb(() => doc.get({ TableName: table, Key: { UserID: userId, InvoiceID: invoiceId }, ConsistentRead: true }))).Item;

  /** Sets the claim of `month` to `invoiceId` if it is free, already ours, or still held by `holder`. */
  const setClaim = (userId: string, month: string, invoiceId: string, holder?: string) =>
    conditional(() =>
      doc.update({
        TableName: months.table,
        Key: claimKey(userId),
        UpdateExpression: 'SET #m = :claim',
        ConditionExpression: holder === undefined ? 'attribute_not_exists(#m) OR #m.invoice_id = :id' : '#m.invoice_id = :holder',
        ExpressionAttributeNames: { '#m': month },
        ExpressionAttributeValues: {
          ':claim': { invoice_id: invoiceId, at_epoch: Math.floor(Date.now() / 1000) },
          ...(holder === undefined ? { ':id': invoiceId } : { ':holder': holder }),
        },
      }),
    );

  /**
   * docs/compatibility.md#d7 across Lambdas: a conditional write on the user's month claim decides which
   * invoice a month belongs to (dynalite has no transactions, so no TransactWriteItems). Invoices
   * written before claims existed are found by querying the month.
   */
  async function claimMonth(item: RentalItem, month: string): Promise<boolean> {
    if (await otherInvoiceForMonth(item)) return false;
    const waitUntil = Date.now() + claimWaitMs;
    for (;;) {
      if (await setClaim(item.UserID, month, item.InvoiceID)) return true;
      const claims = (await ddb(() => doc.get({ TableName: months.table, Key: claimKey(item.UserID), ConsistentRead: true }))).Item;
      const claim = claims?.[month] as { invoice_id?: string; at_epoch?: number } | undefined;
      if (claim?.invoice_id) {
        const holder = await getItem(item.UserID, claim.invoice_id);
        if (holder && monthOf(holder) === month) return false;
        // The holder moved to another month (a re-parse), or died before writing: take the claim over.
        const stale = holder !== undefined || Date.now() / 1000 - Number(claim.at_epoch ?? 0) > staleClaimSeconds;
        if (stale && (await setClaim(item.UserID, month, item.InvoiceID, claim.invoice_id))) return true;
      }
      // The winner is between its claim and its write: wait for the item, then retry (the event runtime retries).
      if (Date.now() > waitUntil) throw new DependencyError('dynamodb', new Error('rental month claimed by a write in progress'));
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function otherInvoiceForMonth(item: RentalItem): Promise<boolean> {
    const q = byUser(item.UserID);
    for await (const page of queryPages(doc, {
      ...q,
      // A filter cannot name the sort key: the item's own id is left out here.
      FilterExpression: 'due_date_year = :y AND due_date_month = :m',
      ProjectionExpression: 'InvoiceID',
      ExpressionAttributeValues: { ...q.ExpressionAttributeValues, ':y': item.due_date_year, ':m': item.due_date_month },
    })) {
      if (page.some((i) => i.InvoiceID !== item.InvoiceID)) return true;
    }
    return false;
  }

  const byUser = (userId: string) => ({
    TableName: table,
    KeyConditionExpression: 'UserID = :u',
    ExpressionAttributeValues: { ':u': userId } as Record<string, unknown>,
    ConsistentRead: true,
    ...limit,
  });

  return guardPort('rentalInvoices', {
    async put(item) {
      // Read, compare, then write conditioned on what was read: a concurrent insert makes the
      // condition fail and the comparison runs again, so `inserted` is reported once.
      const stored = encode(item);
      const month = monthOf(item);
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await getItem(item.UserID, item.InvoiceID);
        if (current && canonicalJson(current) === canonicalJson(stored)) return 'unchanged';
        // An invoice already stored in this month keeps it (also beside a duplicate the original wrote).
        if (month && monthOf(current ?? {}) !== month && !(await claimMonth(item, month))) return 'duplicate_month';
        try {
          await doc.put({
            TableName: table,
            Item: stored,
            ConditionExpression: current ? 'attribute_exists(UserID)' : 'attribute_not_exists(UserID)',
          });
          return current ? 'replaced' : 'inserted';
        } catch (err) {
          if (!isConditionFailure(err)) throw new DependencyError('dynamodb', err);
        }
      }
      throw new DependencyError('dynamodb', new Error('rental invoice kept changing during put'));
    },

    async get(userId, invoiceId) {
      // A sort key holds at most 1024 bytes, so no stored item has a longer id; asking would
      // only fail with a ValidationException (a 500 for a request path parameter, docs/compatibility.md#d17).
      if (Buffer.byteLength(invoiceId) > 1024) return undefined;
      const item = await getItem(userId, invoiceId);
      return item && decode(item);
    },

    async listForUser(userId) {
      const items: RentalItem[] = [];
      for await (const page of queryPages(doc, byUser(userId))) items.push(...page.map(decode));
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

    async deleteForUser(userId) {
      await deletePartition(doc, table, { hash: 'UserID', range: 'InvoiceID', value: userId }, pageSize);
      await ddb(() => doc.delete({ TableName: months.table, Key: claimKey(userId) }));
    },
  });
}
