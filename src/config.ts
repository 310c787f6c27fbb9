/**
 * The one typed configuration module. Every setting is an environment variable with a local
 * default, so `npm start` needs nothing. On AWS, secrets are never read from here: the JWT key,
 * the Google client id and the LLM key (Gemini's, or the OpenAI-compatible endpoint's) come from
 * Secrets Manager at cold start (their secret *names* are configuration).
 */
import path from 'node:path';

export const RETAIL_SUBTYPES = [
  'food-delivery',
  'clothing',
  'technology',
  'subscriptions',
  'grocery',
  'utility',
  'miscellaneous',
  'travel',
] as const;
export type RetailSubtype = (typeof RETAIL_SUBTYPES)[number];

export interface Config {
  region: string;
  /** Where the local runtime keeps its database, keys, objects and outboxes. */
  dataDir: string;
  port: number;
  host: string;
  /** Where users' mail is read on the local runtime: their Gmail, or folders of .eml/mbox files. */
  mailbox: 'gmail' | 'folder';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  jwt: { issuer: string; audience: string; ttlSeconds: number; secretName: string };
  bcryptCost: number;
  password: { minLength: number; maxLength: number };
  loginLimits: { windowSeconds: number; maxFailuresPerAccount: number; maxFailuresPerClient: number };
  maxBodyBytes: number;
  tables: {
    users: string;
    rentalInvoices: string;
    retailInvoices: string;
    vendorConfig: string;
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

function int(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`configuration ${key} must be an integer`);
  return n;
}

/** `LLM_BASE_URL` needs a model, and must be an http(s) URL (a typo would silently disable the step). */
function llmEndpoint(env: Env): Config['llm'] {
  const baseUrl = env.LLM_BASE_URL || undefined;
  const model = env.LLM_MODEL || undefined;
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
  return { ...(baseUrl ? { baseUrl } : {}), ...(model ? { model } : {}), ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}) };
}

function mailboxSource(env: Env): 'gmail' | 'folder' {
  const v = env.PAYPULSE_MAILBOX;
  if (v === undefined || v === '') return env.GOOGLE_OAUTH_CLIENT_ID ? 'gmail' : 'folder';
  if (v !== 'gmail' && v !== 'folder') throw new Error("configuration PAYPULSE_MAILBOX must be 'gmail' or 'folder'");
  return v;
}

export function loadConfig(env: Env = process.env): Config {
  const s = (key: string, fallback: string) => (env[key] === undefined || env[key] === '' ? fallback : env[key]!);
  const level = s('LOG_LEVEL', 'info');
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new Error('configuration LOG_LEVEL is invalid');
  return {
    region: s('AWS_REGION', s('REGION', 'eu-west-1')),
    dataDir: path.resolve(s('PAYPULSE_DATA_DIR', path.join(process.cwd(), 'data'))),
    port: int(env, 'PORT', 3000),
    mailbox: mailboxSource(env),
    host: s('HOST', '127.0.0.1'),
    logLevel: level as Config['logLevel'],
    jwt: {
      issuer: s('JWT_ISSUER', 'paypulse-cloud'),
      audience: s('JWT_AUDIENCE', 'paypulse-ios'),
      ttlSeconds: int(env, 'JWT_TTL_SECONDS', 86400),
      secretName: s('JWT_SECRET_NAME', 'PayPulseAppJWTSecret'),
    },
    bcryptCost: int(env, 'BCRYPT_COST', 12),
    password: { minLength: 8, maxLength: int(env, 'PASSWORD_MAX_LENGTH', 128) },
    loginLimits: {
      windowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900),
      maxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 20),
      maxFailuresPerClient: int(env, 'LOGIN_MAX_FAILURES_PER_CLIENT', 100),
    },
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1024 * 1024),
    tables: {
      users: s('USERS_TABLE', 'Users'),
      rentalInvoices: s('RENTAL_INVOICES_TABLE', 'RentalInvoices'),
      retailInvoices: s('RETAIL_INVOICES_TABLE', 'RetailInvoices'),
      vendorConfig: s('VENDOR_CONFIG_TABLE', 'VendorConfig'),
      retailDetails: {
        'food-delivery': s('FOOD_DELIVERY_INVOICES_TABLE', 'FoodDeliveryInvoices'),
        clothing: s('CLOTHING_INVOICES_TABLE', 'ClothingInvoices'),
        technology: s('TECHNOLOGY_INVOICES_TABLE', 'TechnologyInvoices'),
        subscriptions: s('SUBSCRIPTION_INVOICES_TABLE', 'SubscriptionInvoices'),
        grocery: s('GROCERY_INVOICES_TABLE', 'GroceryInvoices'),
        utility: s('MISC_UTILITY_INVOICES_TABLE', 'MiscellaneousUtilityInvoices'),
        miscellaneous: s('MISC_INVOICES_TABLE', 'MiscellaneousInvoices'),
        travel: s('TRAVEL_INVOICES_TABLE', 'TravelInvoices'),
      },
    },
    bucket: s('S3_BUCKET', 'rental-invoices-bucket'),
    secrets: {
      gmailTokenPrefix: s('GMAIL_SECRET_PREFIX', 'gmail/user/'),
      googleClientIdName: s('GOOGLE_CLIENT_ID_SECRET_NAME', 'Google-OAuth-Client-ID'),
      geminiKeyName: s('GEMINI_KEY_SECRET_NAME', 'gemini-api-key'),
    },
    google: {
      gmailRootUrl: s('GOOGLE_GMAIL_ROOT_URL', 'https://gmail.googleapis.com/'),
      tokenUrl: s('GOOGLE_TOKEN_URL', 'https://oauth2.googleapis.com/token'),
      userinfoUrl: s('GOOGLE_USERINFO_URL', 'https://www.googleapis.com/oauth2/v3/userinfo'),
      revokeUrl: s('GOOGLE_REVOKE_URL', 'https://oauth2.googleapis.com/revoke'),
      clientId: s('GOOGLE_OAUTH_CLIENT_ID', ''),
    },
    gemini: {
      apiKey: env.GEMINI_API_KEY || undefined,
      baseUrl: env.GEMINI_BASE_URL || undefined,
      model: s('GEMINI_MODEL', 'gemini-2.5-flash-lite'),
    },
    llm: llmEndpoint(env),
    rental: { sender: s('EMAIL_SENDER', 'kundservice@wallenstam.se'), subject: s('EMAIL_SUBJECT', 'hyresavi') },
    schedules: {
      rentalLatest: s('RENTAL_SCHEDULE', 'cron(30 8 ? * MON-FRI *)'),
      retailWeekly: s('RETAIL_SCHEDULE', 'cron(0 6 ? * MON *)'),
    },
    snsTopicName: s('SNS_TOPIC_NAME', 'NewInvoiceNotificationTopic'),
    notificationWebhookUrl: env.NOTIFICATION_WEBHOOK_URL || undefined,
  };
}
