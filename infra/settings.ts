/**
 * Deployment settings of the stack. The application configuration (table names, bucket, secret
 * names, schedules, topic name) is the same `loadConfig` the functions use; the rest is
 * infrastructure only. Everything comes from environment variables so `cdk synth` and
 * `cdk deploy` need no edits.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, SETTINGS, type Config } from '../src/config.js';

export interface Subscription {
  /** Only messages whose `user_id` attribute equals this reach the endpoint (docs/compatibility.md#d10). */
  userId: string;
  protocol: 'email' | 'application' | 'https' | 'sqs' | 'lambda' | 'sms';
  endpoint: string;
}

export interface InfraSettings {
  config: Config;
  /** The environment of every function (see `functionEnvironment`). */
  functionEnv: Record<string, string>;
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
    functionEnv: functionEnvironment(env),
    bundleDir: path.resolve(PROJECT_ROOT, env.PAYPULSE_BUNDLE_DIR ?? 'dist/functions'),
    importExisting: flag === 'true' || flag === '1',
    ...(env.PAYPULSE_RENTAL_STREAM_ARN ? { rentalInvoicesStreamArn: env.PAYPULSE_RENTAL_STREAM_ARN } : {}),
    noncurrentVersionDays: positiveInt(env, 'PAYPULSE_NONCURRENT_VERSION_DAYS', 90),
    logRetentionDays: positiveInt(env, 'PAYPULSE_LOG_RETENTION_DAYS', 90),
    subscriptions: subs,
  };
}

/**
 * The function environment: every setting that `SETTINGS` (src/config.ts) declares for the
 * functions, under its own name, with the value the stack is synthesised with or its default.
 * Secrets never: their values stay in Secrets Manager and only their names are settings.
 */
export function functionEnvironment(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of SETTINGS) {
    const value = env[s.name] || s.default;
    if (s.scope === 'functions' && value !== '') out[s.name] = value;
  }
  // On AWS the mailbox is always Gmail (the folder mailbox is the local runtime's).
  out.PAYPULSE_MAILBOX = 'gmail';
  return out;
}
