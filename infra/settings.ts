/**
 * Deployment settings of the stack. The application configuration (table names, bucket, secret
 * names, schedules, topic name) is the same `loadConfig` the functions use; the rest is
 * infrastructure only. Everything comes from environment variables so `cdk synth` and
 * `cdk deploy` need no edits.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config.js';

export interface Subscription {
  /** Only messages whose `user_id` attribute equals this reach the endpoint (DECISIONS D10). */
  userId: string;
  protocol: 'email' | 'application' | 'https' | 'sqs' | 'lambda' | 'sms';
  endpoint: string;
}

export interface InfraSettings {
  config: Config;
  /** Where `npm run build` put the bundles (`<dir>/<function>/index.mjs`). */
  bundleDir: string;
  /**
   * Migration from the Python backend: use the existing tables, bucket, secrets and topic
   * (looked up by their configured names) instead of creating them.
   */
  importExisting: boolean;
  /** Import mode only: the RentalInvoices stream ARN (the stream label is not derivable from the name). */
  rentalInvoicesStreamArn?: string;
  noncurrentVersionDays: number;
  logRetentionDays: number;
  subscriptions: Subscription[];
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${key} must be a positive integer`);
  return n;
}

export function loadInfraSettings(env: Env = process.env): InfraSettings {
  const flag = (env.PAYPULSE_IMPORT_EXISTING ?? '').toLowerCase();
  if (!['', 'true', 'false', '1', '0'].includes(flag)) throw new Error('PAYPULSE_IMPORT_EXISTING must be true or false');
  const subs = env.PAYPULSE_SUBSCRIPTIONS ? (JSON.parse(env.PAYPULSE_SUBSCRIPTIONS) as Subscription[]) : [];
  if (!Array.isArray(subs) || subs.some((s) => !s.userId || !s.protocol || !s.endpoint)) {
    throw new Error('PAYPULSE_SUBSCRIPTIONS must be a JSON array of {userId, protocol, endpoint}');
  }
  return {
    config: loadConfig(env),
    bundleDir: path.resolve(PROJECT_ROOT, env.PAYPULSE_BUNDLE_DIR ?? 'dist/functions'),
    importExisting: flag === 'true' || flag === '1',
    ...(env.PAYPULSE_RENTAL_STREAM_ARN ? { rentalInvoicesStreamArn: env.PAYPULSE_RENTAL_STREAM_ARN } : {}),
    noncurrentVersionDays: positiveInt(env, 'PAYPULSE_NONCURRENT_VERSION_DAYS', 90),
    logRetentionDays: positiveInt(env, 'PAYPULSE_LOG_RETENTION_DAYS', 90),
    subscriptions: subs,
  };
}

/**
 * The function environment: the configuration values a function reads through `loadConfig`,
 * under the same variable names. Names only; secrets stay in Secrets Manager.
 */
export function functionEnvironment(config: Config): Record<string, string> {
  const t = config.tables;
  const d = t.retailDetails;
  return {
    USERS_TABLE: t.users,
    RENTAL_INVOICES_TABLE: t.rentalInvoices,
    RETAIL_INVOICES_TABLE: t.retailInvoices,
    VENDOR_CONFIG_TABLE: t.vendorConfig,
    FOOD_DELIVERY_INVOICES_TABLE: d['food-delivery'],
    CLOTHING_INVOICES_TABLE: d.clothing,
    TECHNOLOGY_INVOICES_TABLE: d.technology,
    SUBSCRIPTION_INVOICES_TABLE: d.subscriptions,
    GROCERY_INVOICES_TABLE: d.grocery,
    MISC_UTILITY_INVOICES_TABLE: d.utility,
    MISC_INVOICES_TABLE: d.miscellaneous,
    TRAVEL_INVOICES_TABLE: d.travel,
    S3_BUCKET: config.bucket,
    JWT_SECRET_NAME: config.jwt.secretName,
    JWT_ISSUER: config.jwt.issuer,
    JWT_AUDIENCE: config.jwt.audience,
    JWT_TTL_SECONDS: String(config.jwt.ttlSeconds),
    GMAIL_SECRET_PREFIX: config.secrets.gmailTokenPrefix,
    GOOGLE_CLIENT_ID_SECRET_NAME: config.secrets.googleClientIdName,
    GEMINI_KEY_SECRET_NAME: config.secrets.geminiKeyName,
    GEMINI_MODEL: config.gemini.model,
    // An OpenAI-compatible endpoint instead of Gemini; its key is the LLM key secret's value.
    ...(config.llm.baseUrl ? { LLM_BASE_URL: config.llm.baseUrl, LLM_MODEL: config.llm.model! } : {}),
    EMAIL_SENDER: config.rental.sender,
    EMAIL_SUBJECT: config.rental.subject,
    SNS_TOPIC_NAME: config.snsTopicName,
    LOG_LEVEL: config.logLevel,
    // On AWS the mailbox is always Gmail (the folder mailbox is the local runtime's).
    PAYPULSE_MAILBOX: 'gmail',
    BCRYPT_COST: String(config.bcryptCost),
  };
}
