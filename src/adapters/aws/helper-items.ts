import type { Config } from '../../config.js';
import type { DynamoDocs } from './client/dynamodb.js';
import { conditional, ddb, isHelperKey } from './dynamo.js';
import { markerOwnerOf } from './notification-markers.js';
import { HELPER_KEY, MARKER_OWNER, tableDefinitions } from './tables.js';

const ownerOf = (helperId: string) => {
  const owner = markerOwnerOf(helperId);
  return owner ? { [MARKER_OWNER]: owner } : {};
};

/**
 * Moves the helper items an earlier release kept in `Users` (`#` keys: email locks, login
 * counters, notification markers) into the helper table, where the original backend's jobs never
 * look. Copy first, then delete: a run cut short leaves a copy in both, and the next run finishes
 * it. An item already in the helper table was written since by the running release and wins.
 */
export async function moveHelperItems(
  doc: DynamoDocs,
  tables: Pick<Config['tables'], 'users' | 'helpers'>,
): Promise<{ moved: number; alreadyThere: number }> {
  const report = { moved: 0, alreadyThere: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb(() =>
      doc.scan({ TableName: tables.users, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const { UserID, ...rest } of page.Items ?? []) {
      if (typeof UserID !== 'string' || !isHelperKey(UserID)) continue;
      const copied = await conditional(() =>
        doc.put({
          TableName: tables.helpers,
          Item: { ...rest, [HELPER_KEY]: UserID, ...ownerOf(UserID) },
          ConditionExpression: `attribute_not_exists(${HELPER_KEY})`,
        }),
      );
      report[copied ? 'moved' : 'alreadyThere'] += 1;
      await ddb(() => doc.delete({ TableName: tables.users, Key: { UserID } }));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return report;
}

/** Whether the helper table expires items through its TTL attribute (set by the stack). */
export async function helperTtl(doc: DynamoDocs, config: Config): Promise<{ ok: boolean; status: string; attribute?: string }> {
  const want = tableDefinitions(config).find((t) => t.key === 'helpers')!.ttlAttribute!;
  const out = await ddb(() => doc.describeTimeToLive({ TableName: config.tables.helpers }));
  const status = out.TimeToLiveDescription?.TimeToLiveStatus ?? 'UNKNOWN';
  const attribute = out.TimeToLiveDescription?.AttributeName;
  return { ok: (status === 'ENABLED' || status === 'ENABLING') && attribute === want, status, ...(attribute ? { attribute } : {}) };
}
