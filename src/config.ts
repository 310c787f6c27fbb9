/**
 * The one typed configuration module. Every setting is an environment variable with a local
 * default, so `npm start` needs nothing. On AWS, secrets are never read from here: the JWT key,
 * the Google client id and the LLM key (Gemini's, or the OpenAI-compatible endpoint's) come from
 * Secrets Manager at cold start (their secret *names* are configuration).
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { RetailSubtype } from './domain/retail-subtypes.js';

export interface Config {
  region: string;
  /** Where the local runtime keeps its database, keys, objects and outboxes. */
  dataDir: string;
  port: number;
  host: string;
  /** Where users' mail is read on the local runtime: their Gmail, or folders of .eml/mbox files. */
  mailbox: 'gmail' | 'folder';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  jwt: {
    issuer: string;
    audience: string;
    ttlSeconds: number;
    secretName: string;
    /**
     * Where the original backend's signing key is, while its sessions are honoured at cut-over:
     * a Secrets Manager secret (AWS) or a file (local). Unset (the default): not honoured.
     */
    legacySecretName?: string;
    legacySecretFile?: string;
  };
  bcryptCost: number;
  password: { minLength: number; maxLength: number };
  loginLimits: { windowSeconds: number; maxFailuresPerAccount: number; maxFailuresPerClient: number };
  maxBodyBytes: number;
  /** Local runtime: documents are parsed on worker threads, each job within a time and heap budget. */
  parse: { workers: number; timeoutMs: number; memoryMb: number };
  tables: {
    users: string;
    rentalInvoices: string;
    retailInvoices: string;
    vendorConfig: string;
    /** PayPulse's own table for email locks, login counters and notification markers. */
    helpers: string;
    retailDetails: Record<RetailSubtype, string>;
  };
  bucket: string;
  secrets: { gmailTokenPrefix: string; googleClientIdName: string; geminiKeyName: string };
  google: {
    /** Base of the Gmail REST API (the client's rootUrl). */
    gmailRootUrl: string;
    tokenUrl: string;
    userinfoUrl: string;
    revokeUrl: string;
    /** Public iOS OAuth client id used for refresh grants (no client secret). */
    clientId: string;
  };
  gemini: { apiKey?: string; baseUrl?: string; model: string };
  /** An OpenAI-compatible chat endpoint for the receipt LLM step; when set it is used instead of Gemini. */
  llm: { baseUrl?: string; model?: string; apiKey?: string };
  rental: { sender: string; subject: string };
  schedules: { rentalLatest: string; retailWeekly: string };
  snsTopicName: string;
  notificationWebhookUrl?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Who reads a setting. `functions`: every Lambda function gets it in its environment (the stack
 * derives the environment from this list) and the local runtime reads it too. `local`: the local
 * runtime only. `stack`: read when the stack is synthesised (schedules become EventBridge rules).
 * `secret`: local only; on AWS the value comes from Secrets Manager, never a function's environment.
 */
export type SettingScope = 'functions' | 'local' | 'stack' | 'secret';

export interface Setting {
  name: string;
  /** The value when unset or empty; `''` means "none". */
  default: string;
  scope: SettingScope;
}

/** Every environment variable PayPulse reads, once: its name, its default and who reads it. */
export const SETTINGS = [
  // Lambda sets AWS_REGION itself (it is reserved); REGION is the fallback name of the original.
  { name: 'AWS_REGION', default: 'eu-west-1', scope: 'local' },
  { name: 'REGION', default: '', scope: 'local' },
  { name: 'PAYPULSE_DATA_DIR', default: './data', scope: 'local' },
  { name: 'PORT', default: '3000', scope: 'local' },
  { name: 'HOST', default: '127.0.0.1', scope: 'local' },
  // Empty: `gmail` when GOOGLE_OAUTH_CLIENT_ID is set, else `folder`. Always `gmail` on AWS.
  { name: 'PAYPULSE_MAILBOX', default: '', scope: 'functions' },
  { name: 'LOG_LEVEL', default: 'info', scope: 'functions' },
  { name: 'JWT_ISSUER', default: 'paypulse-cloud', scope: 'functions' },
  { name: 'JWT_AUDIENCE', default: 'paypulse-ios', scope: 'functions' },
  { name: 'JWT_TTL_SECONDS', default: '86400', scope: 'functions' },
  { name: 'JWT_SECRET_NAME', default: 'PayPulseAppJWTSecret', scope: 'functions' },
  // During a cut-over only: where the original backend's signing key is (unset: not honoured).
  { name: 'LEGACY_JWT_SECRET_NAME', default: '', scope: 'functions' },
  { name: 'LEGACY_JWT_SECRET_FILE', default: '', scope: 'local' },
  { name: 'BCRYPT_COST', default: '12', scope: 'functions' },
  { name: 'PASSWORD_MAX_LENGTH', default: '128', scope: 'functions' },
  { name: 'LOGIN_WINDOW_SECONDS', default: '900', scope: 'functions' },
  { name: 'LOGIN_MAX_FAILURES_PER_ACCOUNT', default: '20', scope: 'functions' },
  { name: 'LOGIN_MAX_FAILURES_PER_CLIENT', default: '100', scope: 'functions' },
  { name: 'MAX_BODY_BYTES', default: String(1024 * 1024), scope: 'functions' },
  { name: 'USERS_TABLE', default: 'Users', scope: 'functions' },
  { name: 'RENTAL_INVOICES_TABLE', default: 'RentalInvoices', scope: 'functions' },
  { name: 'RETAIL_INVOICES_TABLE', default: 'RetailInvoices', scope: 'functions' },
  { name: 'VENDOR_CONFIG_TABLE', default: 'VendorConfig', scope: 'functions' },
  { name: 'HELPERS_TABLE', default: 'PayPulseHelpers', scope: 'functions' },
  { name: 'FOOD_DELIVERY_INVOICES_TABLE', default: 'FoodDeliveryInvoices', scope: 'functions' },
  { name: 'CLOTHING_INVOICES_TABLE', default: 'ClothingInvoices', scope: 'functions' },
  { name: 'TECHNOLOGY_INVOICES_TABLE', default: 'TechnologyInvoices', scope: 'functions' },
  { name: 'SUBSCRIPTION_INVOICES_TABLE', default: 'SubscriptionInvoices', scope: 'functions' },
  { name: 'GROCERY_INVOICES_TABLE', default: 'GroceryInvoices', scope: 'functions' },
  { name: 'MISC_UTILITY_INVOICES_TABLE', default: 'MiscellaneousUtilityInvoices', scope: 'functions' },
  { name: 'MISC_INVOICES_TABLE', default: 'MiscellaneousInvoices', scope: 'functions' },
  { name: 'TRAVEL_INVOICES_TABLE', default: 'TravelInvoices', scope: 'functions' },
  { name: 'S3_BUCKET', default: 'rental-invoices-bucket', scope: 'functions' },
  { name: 'GMAIL_SECRET_PREFIX', default: 'gmail/user/', scope: 'functions' },
  { name: 'GOOGLE_CLIENT_ID_SECRET_NAME', default: 'Google-OAuth-Client-ID', scope: 'functions' },
  { name: 'GEMINI_KEY_SECRET_NAME', default: 'gemini-api-key', scope: 'functions' },
  { name: 'GOOGLE_GMAIL_ROOT_URL', default: 'https://gmail.googleapis.com/', scope: 'functions' },
  { name: 'GOOGLE_TOKEN_URL', default: 'https://oauth2.googleapis.com/token', scope: 'functions' },
  { name: 'GOOGLE_USERINFO_URL', default: 'https://www.googleapis.com/oauth2/v3/userinfo', scope: 'functions' },
  { name: 'GOOGLE_REVOKE_URL', default: 'https://oauth2.googleapis.com/revoke', scope: 'functions' },
  { name: 'GOOGLE_OAUTH_CLIENT_ID', default: '', scope: 'secret' },
  { name: 'GEMINI_API_KEY', default: '', scope: 'secret' },
  { name: 'GEMINI_BASE_URL', default: '', scope: 'functions' },
  { name: 'GEMINI_MODEL', default: 'gemini-2.5-flash-lite', scope: 'functions' },
  // An OpenAI-compatible chat endpoint instead of Gemini; on AWS its key is the LLM key secret's value.
  { name: 'LLM_BASE_URL', default: '', scope: 'functions' },
  { name: 'LLM_MODEL', default: '', scope: 'functions' },
  { name: 'LLM_API_KEY', default: '', scope: 'secret' },
  { name: 'EMAIL_SENDER', default: 'kundservice@wallenstam.se', scope: 'functions' },
  { name: 'EMAIL_SUBJECT', default: 'hyresavi', scope: 'functions' },
  { name: 'RENTAL_SCHEDULE', default: 'cron(30 8 ? * MON-FRI *)', scope: 'stack' },
  { name: 'RETAIL_SCHEDULE', default: 'cron(0 6 ? * MON *)', scope: 'stack' },
  { name: 'SNS_TOPIC_NAME', default: 'NewInvoiceNotificationTopic', scope: 'functions' },
  { name: 'NOTIFICATION_WEBHOOK_URL', default: '', scope: 'local' },
  // The local server's parser threads (empty: cores − 1, at least 1) and each document's budget.
  { name: 'PARSE_WORKERS', default: '', scope: 'local' },
  { name: 'PARSE_TIMEOUT_MS', default: '20000', scope: 'local' },
  { name: 'PARSE_MEMORY_MB', default: '256', scope: 'local' },
] as const satisfies readonly Setting[];

export type SettingName = (typeof SETTINGS)[number]['name'];

const DEFAULTS = Object.fromEntries(SETTINGS.map((s) => [s.name, s.default])) as Record<SettingName, string>;

/** The value of a setting: the environment's when set and not empty, else its declared default. */
function setting(env: Env, key: SettingName): string {
  const v = env[key];
  return v === undefined || v === '' ? DEFAULTS[key] : v;
}

function int(env: Env, key: SettingName): number {
  const n = Number(setting(env, key));
  if (!Number.isInteger(n)) throw new Error(`configuration ${key} must be an integer`);
  return n;
}

function atLeast(min: number, env: Env, key: SettingName): number {
  const n = int(env, key);
  if (n < min) throw new Error(`configuration ${key} must be at least ${min}`);
  return n;
}

/** `LLM_BASE_URL` needs a model, and must be an http(s) URL (a typo would silently disable the step). */
function llmEndpoint(env: Env): Config['llm'] {
  const baseUrl = setting(env, 'LLM_BASE_URL') || undefined;
  const model = setting(env, 'LLM_MODEL') || undefined;
  if (baseUrl) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error('configuration LLM_BASE_URL must be an http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('configuration LLM_BASE_URL must be an http(s) URL');
    if (!model) throw new Error('configuration LLM_MODEL is required with LLM_BASE_URL');
  }
  return { ...(baseUrl ? { baseUrl } : {}), ...(model ? { model } : {}), ...(setting(env, 'LLM_API_KEY') ? { apiKey: setting(env, 'LLM_API_KEY') } : {}) };
}

function mailboxSource(env: Env): 'gmail' | 'folder' {
  const v = setting(env, 'PAYPULSE_MAILBOX');
  if (v === '') return setting(env, 'GOOGLE_OAUTH_CLIENT_ID') ? 'gmail' : 'folder';
  if (v !== 'gmail' && v !== 'folder') throw new Error("configuration PAYPULSE_MAILBOX must be 'gmail' or 'folder'");
  return v;
}

export function loadConfig(env: Env = process.env): Config {
  const s = (key: SettingName) => setting(env, key);
  if (env.LEGACY_JWT_SECRET_NAME && env.LEGACY_JWT_SECRET_NAME === s('JWT_SECRET_NAME')) {
    throw new Error('configuration LEGACY_JWT_SECRET_NAME must name another secret than JWT_SECRET_NAME');
  }
  const level = s('LOG_LEVEL');
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new Error('configuration LOG_LEVEL is invalid');
  return {
    region: env.AWS_REGION || env.REGION || DEFAULTS.AWS_REGION,
    dataDir: path.resolve(s('PAYPULSE_DATA_DIR')),
    port: int(env, 'PORT'),
    mailbox: mailboxSource(env),
    host: s('HOST'),
    logLevel: level as Config['logLevel'],
    jwt: {
      issuer: s('JWT_ISSUER'),
      audience: s('JWT_AUDIENCE'),
      ttlSeconds: int(env, 'JWT_TTL_SECONDS'),
      secretName: s('JWT_SECRET_NAME'),
      legacySecretName: s('LEGACY_JWT_SECRET_NAME') || undefined,
      legacySecretFile: s('LEGACY_JWT_SECRET_FILE') ? path.resolve(s('LEGACY_JWT_SECRET_FILE')) : undefined,
    },
    bcryptCost: int(env, 'BCRYPT_COST'),
    password: { minLength: 8, maxLength: int(env, 'PASSWORD_MAX_LENGTH') },
    loginLimits: {
      windowSeconds: int(env, 'LOGIN_WINDOW_SECONDS'),
      maxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT'),
      maxFailuresPerClient: int(env, 'LOGIN_MAX_FAILURES_PER_CLIENT'),
    },
    maxBodyBytes: int(env, 'MAX_BODY_BYTES'),
    parse: {
      // One core is left to the thread that answers requests.
      workers: s('PARSE_WORKERS') === '' ? Math.max(1, availableParallelism() - 1) : atLeast(1, env, 'PARSE_WORKERS'),
      timeoutMs: atLeast(100, env, 'PARSE_TIMEOUT_MS'),
      memoryMb: atLeast(16, env, 'PARSE_MEMORY_MB'),
    },
    tables: {
      users: s('USERS_TABLE'),
      rentalInvoices: s('RENTAL_INVOICES_TABLE'),
      retailInvoices: s('RETAIL_INVOICES_TABLE'),
      vendorConfig: s('VENDOR_CONFIG_TABLE'),
      helpers: s('HELPERS_TABLE'),
      retailDetails: {
        'food-delivery': s('FOOD_DELIVERY_INVOICES_TABLE'),
        clothing: s('CLOTHING_INVOICES_TABLE'),
        technology: s('TECHNOLOGY_INVOICES_TABLE'),
        subscriptions: s('SUBSCRIPTION_INVOICES_TABLE'),
        grocery: s('GROCERY_INVOICES_TABLE'),
        utility: s('MISC_UTILITY_INVOICES_TABLE'),
        miscellaneous: s('MISC_INVOICES_TABLE'),
        travel: s('TRAVEL_INVOICES_TABLE'),
      },
    },
    bucket: s('S3_BUCKET'),
    secrets: {
      gmailTokenPrefix: s('GMAIL_SECRET_PREFIX'),
      googleClientIdName: s('GOOGLE_CLIENT_ID_SECRET_NAME'),
      geminiKeyName: s('GEMINI_KEY_SECRET_NAME'),
    },
    google: {
      gmailRootUrl: s('GOOGLE_GMAIL_ROOT_URL'),
      tokenUrl: s('GOOGLE_TOKEN_URL'),
      userinfoUrl: s('GOOGLE_USERINFO_URL'),
      revokeUrl: s('GOOGLE_REVOKE_URL'),
      clientId: s('GOOGLE_OAUTH_CLIENT_ID'),
    },
    gemini: {
      apiKey: s('GEMINI_API_KEY') || undefined,
      baseUrl: s('GEMINI_BASE_URL') || undefined,
      model: s('GEMINI_MODEL'),
    },
    llm: llmEndpoint(env),
    rental: { sender: s('EMAIL_SENDER'), subject: s('EMAIL_SUBJECT') },
    schedules: {
      rentalLatest: s('RENTAL_SCHEDULE'),
      retailWeekly: s('RETAIL_SCHEDULE'),
    },
    snsTopicName: s('SNS_TOPIC_NAME'),
    notificationWebhookUrl: s('NOTIFICATION_WEBHOOK_URL') || undefined,
  };
}
