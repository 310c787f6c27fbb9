/**
 * The DynamoDB side of `bench:scale`: the AWS adapters on dynalite (the DynamoDB protocol on
 * 127.0.0.1), with a request listener that records the operation of every request sent. No AWS
 * account is reachable here, so cost on AWS is shown as requests per call and their kinds: a list
 * must be Queries on a key or an index (never a Scan) and grow only with the caller's own items.
 */
import { deleteNotificationMarkers } from '../../src/adapters/aws/notification-markers.js';
import { createDynamoRentalInvoices } from '../../src/adapters/aws/rental-invoices.js';
import { createDynamoRetailInvoices } from '../../src/adapters/aws/retail-invoices.js';
import { HELPER_KEY } from '../../src/adapters/aws/tables.js';
import { listRentalInvoices } from '../../src/app/invoices/list-rental.js';
import { listRetailInvoices } from '../../src/app/invoices/list-retail.js';
import { retailQuery } from '../../src/functions/invoices/get_invoices.js';
import { loadConfig } from '../../src/config.js';
import { forEachBounded } from '../../src/domain/concurrency.js';
import type { RentalItem } from '../../src/ports/rental-invoices.js';
import type { RetailBaseRow, RetailDetailRow } from '../../src/ports/retail-invoices.js';
import { startLocalAws } from '../../test/support/aws.js';

export interface DynamoHistory {
  rental: RentalItem[];
  retail: { base: RetailBaseRow; detail: RetailDetailRow }[];
}

/** Operation name → how many requests, for one call. */
export type OpCounts = Record<string, number>;

export const totalRequests = (c: OpCounts) => Object.values(c).reduce((a, b) => a + b, 0);
export const describeOps = (c: OpCounts) =>
  Object.entries(c)
    .map(([op, n]) => `${n} ${op}`)
    .join(', ');

/**
 * Seeds `history` for `userId` (and `neighbour` for a second user) through the adapters, then runs
 * each call and returns the requests it sent; `erase` runs the DynamoDB erasers of account deletion.
 */
export async function dynamoRequestsPerCall(
  userId: string,
  history: DynamoHistory,
  neighbour: { userId: string; history: DynamoHistory },
  calls: { name: string; query?: Record<string, string>; erase?: boolean }[],
): Promise<{ name: string; ops: OpCounts }[]> {
  const config = loadConfig({});
  const aws = await startLocalAws(config);
  try {
    const doc = aws.clients.doc;
    let ops: OpCounts = {};
    aws.onDynamoRequest((op) => {
      ops[op] = (ops[op] ?? 0) + 1;
    });
    const rentalInvoices = createDynamoRentalInvoices({ doc, table: config.tables.rentalInvoices, months: { table: config.tables.helpers, hashKey: HELPER_KEY } });
    const retailInvoices = createDynamoRetailInvoices(doc, config.tables);
    for (const h of [history, neighbour.history]) {
      await forEachBounded(h.rental, 4, async (item) => void (await rentalInvoices.put(item)));
      await forEachBounded(h.retail, 8, ({ base, detail }) => retailInvoices.put(base, detail));
    }
    const out: { name: string; ops: OpCounts }[] = [];
    for (const c of calls) {
      ops = {};
      if (c.erase) {
        await rentalInvoices.deleteForUser(userId);
        await retailInvoices.deleteForUser(userId);
        await deleteNotificationMarkers(doc, config.tables.helpers, userId);
      } else if (c.query) await listRetailInvoices({ retailInvoices }, userId, retailQuery.parse(c.query));
      else await listRentalInvoices({ rentalInvoices }, userId);
      out.push({ name: c.name, ops });
    }
    return out;
  } finally {
    await aws.close();
  }
}
