import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../../adapters/aws/clients.js';
import { createDynamoUsers } from '../../adapters/aws/users.js';
import { loadConfig } from '../../config.js';

const USAGE = 'usage: paypulse migrate email-locks   (AWS: the Users table named by USERS_TABLE, credentials from the environment)';

/**
 * `paypulse migrate email-locks`: after pointing PayPulse at the original `Users` table, reserve
 * every existing account's email case-insensitively, so a new signup under any spelling of it is
 * refused (DECISIONS D2). Idempotent; emails the original let two accounts share are reported,
 * never changed.
 */
export async function migrateCommand(args: string[], out: (s: string) => void, opts: { doc?: DynamoDBDocumentClient } = {}): Promise<number> {
  if (args[0] !== 'email-locks' || args.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const doc = opts.doc ?? createAwsClients({ region: config.region }).doc;
  const report = await createDynamoUsers({ doc, table: config.tables.users }).backfillEmailLocks();
  out(`table ${config.tables.users}: ${report.locked} emails reserved now, ${report.alreadyLocked} already reserved`);
  for (const c of report.conflicts) out(`  shared email: account ${c.userId} uses the email reserved by ${c.heldBy} (left as it is)`);
  return 0;
}
