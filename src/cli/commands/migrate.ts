import type { DynamoDocs } from '../../adapters/aws/client/dynamodb.js';
import type { SecretsManager } from '../../adapters/aws/client/secrets-manager.js';
import { createAwsClients } from '../../adapters/aws/clients.js';
import { helperTtl, moveHelperItems } from '../../adapters/aws/helper-items.js';
import { tagNotificationMarkers } from '../../adapters/aws/notification-markers.js';
import { MARKER_OWNER_INDEX } from '../../adapters/aws/tables.js';
import { createDynamoUsers } from '../../adapters/aws/users.js';
import { readLegacyKeyFile } from '../../adapters/local/keys.js';
import { LEGACY_TOKEN_MAX_AGE_SECONDS } from '../../adapters/crypto/jwt.js';
import { loadConfig, type Config } from '../../config.js';
import { operatorCredentials } from '../aws-credentials.js';

const USAGE = `usage: paypulse migrate helpers | email-locks | legacy-jwt
  helpers      (AWS) move email locks, login counters and notification markers out of Users into
               the helper table (HELPERS_TABLE), index markers by their owner, and check the
               table's TTL
  email-locks  (AWS) reserve the emails of accounts the original backend created
  legacy-jwt   check the original backend's signing key (LEGACY_JWT_SECRET_NAME on AWS,
               LEGACY_JWT_SECRET_FILE locally), whose sessions are honoured while it is set
Each step is idempotent; AWS credentials and region come from the environment.`;

interface Clients {
  doc?: DynamoDocs;
  secrets?: SecretsManager;
}
interface Options extends Clients {
  /** Tests: settings instead of `process.env`. */
  env?: Record<string, string | undefined>;
}

type Step = (config: Config, clients: Required<Clients>, out: (s: string) => void) => Promise<number>;

const steps: Record<string, Step> = {
  async helpers(config, { doc }, out) {
    const moved = await moveHelperItems(doc, config.tables);
    out(`table ${config.tables.users}: ${moved.moved} helper items moved to ${config.tables.helpers}, ${moved.alreadyThere} were there already`);
    const tagged = await tagNotificationMarkers(doc, config.tables.helpers);
    out(`table ${config.tables.helpers}: ${tagged} notification markers given their owner (found by account deletion through ${MARKER_OWNER_INDEX})`);
    const ttl = await helperTtl(doc, config);
    if (ttl.ok) {
      out(`table ${config.tables.helpers}: TTL ${ttl.status} on ${ttl.attribute}`);
      return 0;
    }
    out(`table ${config.tables.helpers}: TTL is ${ttl.status}${ttl.attribute ? ` on ${ttl.attribute}` : ''}, expected ENABLED on expires_at_epoch (deploy the stack)`);
    return 1;
  },

  async 'email-locks'(config, { doc }, out) {
    const users = createDynamoUsers({ doc, table: config.tables.users, helpers: config.tables.helpers });
    const report = await users.backfillEmailLocks();
    out(`table ${config.tables.users}: ${report.locked} emails reserved now, ${report.alreadyLocked} already reserved`);
    for (const c of report.conflicts) out(`  shared email: account ${c.userId} uses the email reserved by ${c.heldBy} (left as it is)`);
    return 0;
  },

  async 'legacy-jwt'(config, { secrets }, out) {
    const read = async (name: string) => (await secrets.getSecretValue({ SecretId: name })).SecretString ?? '';
    const { legacySecretName: name, legacySecretFile: file } = config.jwt;
    if (!name && !file) {
      out("the original backend's sessions are not honoured (LEGACY_JWT_SECRET_NAME and LEGACY_JWT_SECRET_FILE are unset)");
      return 0;
    }
    const legacy = file ? new TextDecoder().decode(readLegacyKeyFile(file)) : await read(name!);
    if (legacy === '') {
      out(`the original's key ${name ?? file} is empty`);
      return 1;
    }
    if (name && legacy === (await read(config.jwt.secretName))) {
      out(`the original's key ${name} equals the signing key ${config.jwt.secretName}: give PayPulse a key of its own (JWT_SECRET_NAME)`);
      return 1;
    }
    out(`the original backend's sessions are honoured with the key ${name ?? file}: each until its own expiry, at most ${LEGACY_TOKEN_MAX_AGE_SECONDS / 3600} h after it was issued`);
    out(`remove the setting ${LEGACY_TOKEN_MAX_AGE_SECONDS / 3600} h after the original backend stopped signing users in`);
    return 0;
  },
};

/**
 * `paypulse migrate <step>`: the one-off steps of moving from the original backend onto its own
 * tables (docs/operations.md#5-cut-over-from-the-python-backend-keep-the-data-and-the-sessions). Every step can be run again safely.
 */
export async function migrateCommand(args: string[], out: (s: string) => void, opts: Options = {}): Promise<number> {
  const step = args.length === 1 && Object.hasOwn(steps, args[0]!) ? steps[args[0]!] : undefined;
  if (!step) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(opts.env);
  const aws = createAwsClients({ region: config.region, credentials: operatorCredentials });
  return step(config, { doc: opts.doc ?? aws.doc, secrets: opts.secrets ?? aws.secrets }, out);
}
