import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDelete, ddb } from './dynamo.js';

/**
 * The SNS notifier's de-duplication markers live in the Users table as helper items
 * `NOTIFY#<user id>#<dedupe key>` (a `#` key, which the users adapter skips, like its email
 * locks), so the deployment keeps the original twelve tables (DECISIONS #6). Markers in
 * RentalInvoices would raise stream records and show up in the invoice list. They expire through
 * the table's TTL attribute `expires_at_epoch`.
 */
export const notificationMarkerId = (userId: string, dedupeKey: string) => `NOTIFY#${userId}#${dedupeKey}`;

/** Removes every marker of the user (account deletion, DECISIONS D11). */
export async function deleteNotificationMarkers(doc: DynamoDBDocumentClient, table: string, userId: string): Promise<void> {
  // Account deletion is rare and the Users table small: a filtered scan finds the markers.
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb(() =>
      doc.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: 'begins_with(UserID, :p)',
          ProjectionExpression: 'UserID',
          ExpressionAttributeValues: { ':p': notificationMarkerId(userId, '') },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    await batchDelete(doc, table, page.Items ?? []);
    start = page.LastEvaluatedKey;
  } while (start);
}
