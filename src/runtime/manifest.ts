/**
 * The one description of the system. Every function is listed once with its trigger(s), its
 * entry module, the ports its code uses and the resources those ports touch on AWS. The local runtime, the OpenAPI document, the
 * Lambda bundles, the AWS stack and its IAM policies are all derived from this list; nothing
 * about a trigger is written anywhere else. Pure data: importing it loads no handler. What a
 * route reads and answers (its zod schemas) is declared beside its function (`src/http/route.ts`).
 */
import type { TableKey } from '../ports/triggers.js';
import type { PortKey } from './ports.js';

export type Access = 'read' | 'write' | 'readwrite';
export type { TableKey } from '../ports/triggers.js';
export type SecretKey = 'jwt' | 'gmailTokens' | 'googleClientId' | 'gemini';

export type Resource =
  | { kind: 'table'; table: TableKey; access: Access; indexes?: boolean }
  | { kind: 'bucket'; access: Access | 'readwrite+versions' }
  | { kind: 'secret'; secret: SecretKey; access: Access }
  | { kind: 'topic'; access: 'publish' };

export interface HttpTrigger {
  kind: 'http';
  method: 'GET' | 'POST' | 'DELETE';
  /** API Gateway route syntax: `/v1/invoices/{type}`. */
  path: string;
  auth: boolean;
  summary: string;
  successStatus: number[];
  errorStatus: number[];
}
export interface ObjectCreatedTrigger {
  kind: 'objectCreated';
  prefix: string;
  suffix: string;
}
export interface ScheduleTrigger {
  kind: 'schedule';
  /** Name of the configuration setting that holds the expression (`config.schedules`). */
  schedule: 'rentalLatest' | 'retailWeekly';
}
export interface ChangeFeedTrigger {
  kind: 'changeFeed';
  table: TableKey;
  /** Only these event names reach the function. */
  events: ('INSERT' | 'MODIFY' | 'REMOVE')[];
}
export type Trigger = HttpTrigger | ObjectCreatedTrigger | ScheduleTrigger | ChangeFeedTrigger;

export interface FunctionSpec {
  name: string;
  group: 'auth' | 'users' | 'invoices';
  /** Module path from the project root; its default export is the function. */
  entry: string;
  triggers: Trigger[];
  /** The ports its code uses; both runtimes build exactly these (`ports.ts`). */
  ports: PortKey[];
  resources: Resource[];
  memoryMb: number;
  timeoutSeconds: number;
}

const jwtSecret: Resource = { kind: 'secret', secret: 'jwt', access: 'read' };
/** Email locks, login counters and notification markers (PayPulse's own table). */
const helpersRW: Resource = { kind: 'table', table: 'helpers', access: 'readwrite' };
const usersRead: Resource = { kind: 'table', table: 'users', access: 'read' };
const rentalRead: Resource = { kind: 'table', table: 'rentalInvoices', access: 'read', indexes: true };
// Read and write: an expired or revoked grant is refreshed (rewritten) or removed (B3).
const gmailTokensRW: Resource = { kind: 'secret', secret: 'gmailTokens', access: 'readwrite' };
const googleClientId: Resource = { kind: 'secret', secret: 'googleClientId', access: 'read' };
const retailRead: Resource = { kind: 'table', table: 'retailInvoices', access: 'read', indexes: true };
const retailRW: Resource = { kind: 'table', table: 'retailInvoices', access: 'readwrite', indexes: true };
const retailDetailsRead: Resource = { kind: 'table', table: 'retailDetails', access: 'read' };
const retailDetailsRW: Resource = { kind: 'table', table: 'retailDetails', access: 'readwrite' };

export const manifest: FunctionSpec[] = [
  {
    name: 'signup_user',
    group: 'auth',
    entry: 'src/functions/auth/signup_user.ts',
    triggers: [
      {
        kind: 'http',
        method: 'POST',
        path: '/v1/auth/signup',
        auth: false,
        summary: 'Create an account and return a session token',
        successStatus: [201],
        errorStatus: [400, 403, 413, 500, 502],
      },
    ],
    ports: ['users', 'passwords', 'jwt'],
    resources: [{ kind: 'table', table: 'users', access: 'readwrite', indexes: true }, helpersRW, jwtSecret],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  {
    name: 'login_user',
    group: 'auth',
    entry: 'src/functions/auth/login_user.ts',
    triggers: [
      {
        kind: 'http',
        method: 'POST',
        path: '/v1/auth/login',
        auth: false,
        summary: 'Exchange email and password for a session token',
        successStatus: [200],
        errorStatus: [400, 401, 413, 429, 500, 502],
      },
    ],
    ports: ['users', 'loginLimiter', 'passwords', 'jwt'],
    // Login counters live in the helper table.
    resources: [{ kind: 'table', table: 'users', access: 'readwrite', indexes: true }, helpersRW, jwtSecret],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  {
    name: 'gmail_store_tokens',
    group: 'auth',
    entry: 'src/functions/auth/gmail_store_tokens.ts',
    triggers: [
      {
        kind: 'http',
        method: 'POST',
        path: '/v1/auth/gmail/store-tokens',
        auth: true,
        summary: "Store the caller's Google OAuth tokens after Google Sign-In",
        successStatus: [201],
        errorStatus: [400, 401, 413, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'tokens', 'google'],
    resources: [usersRead, jwtSecret, { kind: 'secret', secret: 'gmailTokens', access: 'readwrite' }],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  {
    name: 'get_user_profile',
    group: 'users',
    entry: 'src/functions/users/get_user_profile.ts',
    triggers: [
      {
        kind: 'http',
        method: 'GET',
        path: '/v1/user/me',
        auth: true,
        summary: "The caller's profile and whether Gmail is connected",
        successStatus: [200],
        errorStatus: [401, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'tokens'],
    resources: [usersRead, jwtSecret, { kind: 'secret', secret: 'gmailTokens', access: 'read' }],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  {
    name: 'delete_user',
    group: 'users',
    entry: 'src/functions/users/delete_user.ts',
    triggers: [
      {
        kind: 'http',
        method: 'DELETE',
        path: '/v1/user/me',
        auth: true,
        summary: "Delete the caller's account and every piece of its data",
        successStatus: [200],
        errorStatus: [401, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'erasers', 'rentalInvoices', 'retailInvoices', 'objects', 'tokens', 'google'],
    resources: [
      { kind: 'table', table: 'users', access: 'readwrite' },
      helpersRW,
      jwtSecret,
      { kind: 'secret', secret: 'gmailTokens', access: 'readwrite' },
      { kind: 'table', table: 'rentalInvoices', access: 'readwrite', indexes: true },
      retailRW,
      retailDetailsRW,
      { kind: 'bucket', access: 'readwrite+versions' },
    ],
    memoryMb: 256,
    timeoutSeconds: 60,
  },
  {
    name: 'get_invoices',
    group: 'invoices',
    entry: 'src/functions/invoices/get_invoices.ts',
    triggers: [
      {
        kind: 'http',
        method: 'GET',
        path: '/v1/invoices/{type}',
        auth: true,
        summary: "The caller's invoices: rental grouped by due year (Mode A); retail modes B–E",
        successStatus: [200],
        errorStatus: [400, 401, 404, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'rentalInvoices', 'retailInvoices'],
    resources: [usersRead, jwtSecret, rentalRead, retailRead, retailDetailsRead],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  {
    name: 'get_rental_invoice',
    group: 'invoices',
    entry: 'src/functions/invoices/get_rental_invoice.ts',
    triggers: [
      {
        kind: 'http',
        method: 'GET',
        path: '/v1/invoices/{type}/{invoice_id}',
        auth: true,
        summary: "One of the caller's rental invoices (204 when it has none with that id)",
        successStatus: [200, 204],
        errorStatus: [400, 401, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'rentalInvoices'],
    resources: [usersRead, jwtSecret, rentalRead],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
  {
    name: 'fetch_invoices',
    group: 'invoices',
    entry: 'src/functions/invoices/fetch_invoices.ts',
    triggers: [
      {
        kind: 'http',
        method: 'POST',
        path: '/v1/invoices/{type}/ingest',
        auth: true,
        summary: "Store every unseen rent-notice PDF of the caller's mailbox (resumable: answers within the gateway limit)",
        successStatus: [200],
        errorStatus: [400, 401, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'tokens', 'objects', 'mailbox', 'mailboxSource'],
    resources: [usersRead, jwtSecret, gmailTokensRW, googleClientId, { kind: 'bucket', access: 'readwrite' }],
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  {
    name: 'fetch_latest_invoice',
    group: 'invoices',
    entry: 'src/functions/invoices/fetch_latest_invoice.ts',
    triggers: [
      {
        kind: 'http',
        method: 'POST',
        path: '/v1/invoices/{type}/ingest/latest',
        auth: true,
        summary: "Store this month's rent notice: 201 ingested, 200 already processed, 204 not dispatched yet",
        successStatus: [200, 201, 204],
        errorStatus: [400, 401, 500, 502],
      },
      { kind: 'schedule', schedule: 'rentalLatest' },
    ],
    ports: ['users', 'jwt', 'tokens', 'rentalInvoices', 'objects', 'mailbox', 'mailboxSource'],
    resources: [
      { kind: 'table', table: 'users', access: 'read' },
      jwtSecret,
      rentalRead,
      gmailTokensRW,
      googleClientId,
      { kind: 'bucket', access: 'readwrite' },
    ],
    memoryMb: 512,
    timeoutSeconds: 300,
  },
  {
    name: 'parse_invoice',
    group: 'invoices',
    entry: 'src/functions/invoices/parse_invoice.ts',
    triggers: [{ kind: 'objectCreated', prefix: 'invoices/', suffix: '.pdf' }],
    ports: ['objects', 'rentalInvoices'],
    resources: [
      { kind: 'bucket', access: 'read' },
      { kind: 'table', table: 'rentalInvoices', access: 'readwrite', indexes: true },
      // One invoice per user and month is claimed in a helper item (RENTALMONTHS#…).
      helpersRW,
    ],
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  {
    name: 'send_invoice_notification',
    group: 'invoices',
    entry: 'src/functions/invoices/send_invoice_notification.ts',
    triggers: [{ kind: 'changeFeed', table: 'rentalInvoices', events: ['INSERT'] }],
    ports: ['notifier'],
    // The SNS notifier's de-duplication markers live in the helper table (NOTIFY#… items).
    resources: [{ kind: 'topic', access: 'publish' }, helpersRW],
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    name: 'fetch_retail_invoices',
    group: 'invoices',
    entry: 'src/functions/invoices/fetch_retail_invoices.ts',
    triggers: [
      {
        kind: 'http',
        method: 'POST',
        path: '/v1/invoices/retail/ingest',
        auth: true,
        summary: 'Store new receipt emails of the active vendors (automatic or custom date window)',
        successStatus: [200],
        errorStatus: [400, 401, 404, 413, 500, 502],
      },
      { kind: 'schedule', schedule: 'retailWeekly' },
    ],
    ports: ['users', 'jwt', 'tokens', 'vendors', 'objects', 'mailbox', 'mailboxSource'],
    resources: [
      { kind: 'table', table: 'users', access: 'readwrite' },
      { kind: 'table', table: 'vendorConfig', access: 'read' },
      jwtSecret,
      gmailTokensRW,
      googleClientId,
      { kind: 'bucket', access: 'readwrite' },
    ],
    memoryMb: 512,
    timeoutSeconds: 900,
  },
  {
    name: 'parse_retail_invoice',
    group: 'invoices',
    entry: 'src/functions/invoices/parse_retail_invoice.ts',
    triggers: [{ kind: 'objectCreated', prefix: 'invoices/', suffix: '.html' }],
    ports: ['users', 'retailInvoices', 'vendorRules', 'receiptLlm', 'objects'],
    // Users: the account holder's name and address are redacted from LLM prompts.
    resources: [{ kind: 'bucket', access: 'read' }, retailRW, retailDetailsRW, usersRead, { kind: 'secret', secret: 'gemini', access: 'read' }],
    memoryMb: 256,
    timeoutSeconds: 60,
  },
  {
    name: 'delete_retail_invoice',
    group: 'invoices',
    entry: 'src/functions/invoices/delete_retail_invoice.ts',
    triggers: [
      {
        kind: 'http',
        method: 'DELETE',
        path: '/v1/invoices/retail/{invoice_id}',
        auth: true,
        summary: "Delete one of the caller's retail invoices: its detail and base rows and the stored HTML",
        successStatus: [200],
        errorStatus: [400, 401, 404, 500, 502],
      },
    ],
    ports: ['users', 'jwt', 'retailInvoices', 'objects'],
    resources: [usersRead, jwtSecret, retailRW, retailDetailsRW, { kind: 'bucket', access: 'readwrite' }],
    memoryMb: 256,
    timeoutSeconds: 15,
  },
];

export function httpTriggers(specs: FunctionSpec[] = manifest): { fn: FunctionSpec; trigger: HttpTrigger }[] {
  return specs.flatMap((fn) =>
    fn.triggers.filter((t): t is HttpTrigger => t.kind === 'http').map((trigger) => ({ fn, trigger })),
  );
}
