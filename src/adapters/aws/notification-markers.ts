import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDelete, ddb } from './dynamo.js';
import { HELPER_KEY } from './tables.js';

/**
 * The SNS notifier's de-duplication markers live in the helper table as
 * `NOTIFY#<user id>#<dedupe key>`, beside the email locks and login counters, so the original
 * twelve tables hold only what the original wrote. (Markers in RentalInvoices would raise stream
 * records and show up in the invoice list.) They expire through `expires_at_epoch`.
 */
export const notificationMarkerId = (userId: string, dedupeKey: string) => `NOTIFY#${userId}#${dedupeKey}`;

/** Removes every marker of the user (account deletion, docs/compatibility.md#d11). */
export async function deleteNotificationMarkers(doc: DynamoDBDocumentClient, table: string, userId: string): Promise<void> {
  // Account deletion is rare and the helper table small: a filtered scan finds the markers.
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb(() =>
      doc.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: 'begins_with(#k, :p)',
          ProjectionExpression: '#k',
          ExpressionAttributeNames: { '#k': HELPER_KEY },
          ExpressionAttributeValues: { ':p': notificationMarkerId(userId, '') },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    await batchDelete(doc, table, page.Items ?? []);
    start = page.LastEvaluatedKey;
  } while (start);
}
