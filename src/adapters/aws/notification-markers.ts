import type { DynamoDocs } from './client/dynamodb.js';
import { batchDelete, conditional, ddb, queryPages } from './dynamo.js';
import { HELPER_KEY, MARKER_OWNER, MARKER_OWNER_INDEX } from './tables.js';

/**
 * The SNS notifier's de-duplication markers live in the helper table as
 * `NOTIFY#<user id>#<dedupe key>`, beside the email locks and login counters, so the original
 * twelve tables hold only what the original wrote. (Markers in RentalInvoices would raise stream
 * records and show up in the invoice list.) They expire through `expires_at_epoch`.
 */
export const notificationMarkerId = (userId: string, dedupeKey: string) => `NOTIFY#${userId}#${dedupeKey}`;

/** The user a marker key names (`NOTIFY#<user id>#<dedupe key>`); user ids hold no `#`. */
export function markerOwnerOf(helperId: string): string | undefined {
  if (!helperId.startsWith('NOTIFY#')) return undefined;
  const end = helperId.indexOf('#', 7);
  return end > 7 ? helperId.slice(7, end) : undefined;
}

/** Removes every marker of the user (account deletion, docs/compatibility.md#d11): a Query on the owner index. */
export async function deleteNotificationMarkers(doc: DynamoDocs, table: string, userId: string): Promise<void> {
  for await (const items of queryPages(doc, {
    TableName: table,
    IndexName: MARKER_OWNER_INDEX,
    KeyConditionExpression: '#o = :u',
    ProjectionExpression: '#k',
    ExpressionAttributeNames: { '#o': MARKER_OWNER, '#k': HELPER_KEY },
    ExpressionAttributeValues: { ':u': userId },
  })) {
    await batchDelete(doc, table, items);
  }
}

/**
 * Gives markers written before they carried their owner (by an earlier release) the owner
 * attribute, so account deletion finds them through the index. One Scan, run by
 * `paypulse migrate helpers`; idempotent.
 */
export async function tagNotificationMarkers(doc: DynamoDocs, table: string): Promise<number> {
  let tagged = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb(() =>
      doc.scan({
        TableName: table,
        FilterExpression: 'begins_with(#k, :p) AND attribute_not_exists(#o)',
        ProjectionExpression: '#k',
        ExpressionAttributeNames: { '#k': HELPER_KEY, '#o': MARKER_OWNER },
        ExpressionAttributeValues: { ':p': 'NOTIFY#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const id = item[HELPER_KEY] as string;
      const owner = markerOwnerOf(id);
      if (!owner) continue;
      // Only an existing marker: one that expired meanwhile is not written back.
      const done = await conditional(() =>
        doc.update({
          TableName: table,
          Key: { [HELPER_KEY]: id },
          UpdateExpression: 'SET #o = :u',
          ConditionExpression: 'attribute_exists(#k)',
          ExpressionAttributeNames: { '#o': MARKER_OWNER, '#k': HELPER_KEY },
          ExpressionAttributeValues: { ':u': owner },
        }),
      );
      if (done) tagged++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return tagged;
}
