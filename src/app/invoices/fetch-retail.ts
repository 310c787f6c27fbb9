/**
 * Retail ingestion (`fetch_retail_invoices`, FLOWS.md §F7): for each active vendor, search the
 * user's mailbox (§I2) in the date window (§I3) and store each new receipt's HTML under
 * `invoices/<user_id>/retail/<sub_type>/<file>` (DATA.md §7.1). Storing raises the object-created
 * event that parse_retail_invoice handles.
 *
 * De-duplication and resumability (FLOWS §K, DECISIONS D15): the object key is deterministic per
 * (vendor, message) and written only if absent, so a run stopped by its time budget is finished
 * by the next run over the same window and concurrent runs store and count each receipt once.
 */
import { createHash } from 'node:crypto';
import type { RetailSubtype } from '../../config.js';
import { forEachBounded } from '../../domain/concurrency.js';
import { AppError } from '../../domain/errors.js';
import { parseUtcIso, utcDate, utcIsoWithOffset } from '../../domain/time.js';
import type { Clock } from '../../ports/clock.js';
import type { Mailbox } from '../../ports/mailbox.js';
import type { Objects } from '../../ports/objects.js';
import type { TokenVault } from '../../ports/token-vault.js';
import type { UserRecord, Users } from '../../ports/users.js';
import type { VendorConfig, Vendors } from '../../ports/vendors.js';
import { parseEmail } from '../../parsing/mail/email.js';
import type { Logger } from '../../runtime/log.js';
import { mailboxCall } from './rental-mail.js';

export interface RetailFetchDeps {
  clock: Clock;
  log: Logger;
  users: Users;
  vendors: Vendors;
  mailbox: Mailbox;
  objects: Objects;
}

export interface RetailFetchLimits {
  /** Messages handled at once per user (keeps one user within Gmail's per-user quota). */
  concurrency: number;
  /** Wall time after which no new message is started (D15); undefined = no budget. */
  budgetMs?: number;
}

/** The HTTP call must answer within API Gateway's 30 s (D15). */
export const HTTP_FETCH_LIMITS: RetailFetchLimits = { concurrency: 6, budgetMs: 20_000 };
/** The weekly run has the Lambda's 15 minutes for every user. */
export const WEEKLY_FETCH_LIMITS: RetailFetchLimits = { concurrency: 6, budgetMs: 12 * 60_000 };

const MAX_ERRORS = 20;

/** The decoded request body (API.md §4.5). */
export interface RetailIngestRequest {
  /** Both or neither, `YYYY-MM-DD`, start not after end. */
  startDate?: string;
  endDate?: string;
  vendorCategory?: RetailSubtype;
}

/** A date window, both ends `YYYY-MM-DD`; `end` is exclusive (Gmail `before:`). */
export interface DateWindow {
  start: string;
  end: string;
}

export type FetchError = { message_id: string; error: string } | { error: string };

export interface RetailFetchSummary {
  totalEmailsFound: number;
  byVendor: Record<string, number>;
  dateRange: { start: string; end: string };
  errors?: FetchError[];
}

/** §I3: the custom range, else from the date of the last fetch (or 30 days back) to today, UTC. */
export function fetchWindow(now: Date, lastFetch: string | undefined, custom?: { startDate?: string; endDate?: string }): DateWindow {
  if (custom?.startDate && custom.endDate) return { start: custom.startDate, end: custom.endDate };
  const last = parseUtcIso(lastFetch);
  const start = last ? utcDate(last) : utcDate(new Date(now.getTime() - 30 * 86_400_000));
  return { start, end: utcDate(now) };
}

const slashes = (day: string) => day.replaceAll('-', '/');

/** Gmail cannot take a double quote inside a quoted phrase; the phrase is matched without it. */
const phrase = (s: string) => `subject:"${s.replaceAll('"', '').trim()}"`;
const group = (parts: string[], joiner: string) => (parts.length > 1 ? `(${parts.join(joiner)})` : (parts[0] ?? ''));

/** §I2: senders OR-ed, subject phrases/groups OR-ed, then the day window. */
export function vendorQuery(vendor: VendorConfig, window: DateWindow): string {
  const from = group(vendor.default_email_patterns.map((a) => `from:${a.trim()}`), ' OR ');
  const subjects = vendor.default_subject_keywords
    .map((k) => {
      if (typeof k === 'string') return phrase(k);
      const terms = k.keywords.filter((w) => w.trim() !== '').map(phrase);
      return group(terms, k.logic === 'AND' ? ' ' : ' OR ');
    })
    .filter((s) => s !== '');
  const subject = group(subjects, ' OR ');
  return [from, subject, `after:${slashes(window.start)}`, `before:${slashes(window.end)}`].filter((s) => s !== '').join(' ');
}

/**
 * `invoices/<user_id>/retail/<sub_type>/<vendor_id>_<YYYY-MM-DD>_<md5(message id)[:8]>.html`.
 * The vendor id is written unchanged, also when it contains `_` (`british_airways`): the date and
 * the hash have fixed shapes, so a reader takes them from the END of the name and the vendor is
 * everything before them. (The original split at the first `_`, which broke such vendors.)
 */
export function retailObjectKey(userId: string, subType: RetailSubtype, vendorId: string, day: string, messageId: string): string {
  const h8 = createHash('md5').update(messageId).digest('hex').slice(0, 8);
  return `invoices/${userId}/retail/${subType}/${vendorId}_${day}_${h8}.html`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * HTML part, else the plain-text part (or a single non-multipart body), which is kept readable
 * as HTML by escaping it into a `<pre>` block: the stored object is always HTML.
 */
function receiptHtml(mail: { html?: string; text?: string }): string | undefined {
  if (mail.html && mail.html.trim() !== '') return mail.html;
  if (mail.text && mail.text.trim() !== '') {
    return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre>${escapeHtml(mail.text)}</pre></body></html>`;
  }
  return undefined;
}

/** Failures that concern the whole mailbox (tokens), not one vendor: they end the user's run. */
const isMailboxAuthError = (err: unknown) =>
  err instanceof AppError && ['GMAIL_TOKEN_EXPIRED', 'INVALID_CREDENTIALS', 'MISSING_FIELDS'].includes(err.code);

const describe = (err: unknown) => (err instanceof AppError ? err.message : err instanceof Error ? err.message.slice(0, 200) : 'unknown error');

interface UserRun {
  summary: RetailFetchSummary;
  /** Whether every message of every vendor was looked at (false when the budget ran out). */
  complete: boolean;
}

/** §F7 step 6 for one user and a set of vendors. Mailbox authentication failures are thrown. */
async function fetchForUser(
  deps: RetailFetchDeps,
  userId: string,
  vendors: VendorConfig[],
  window: DateWindow,
  limits: RetailFetchLimits,
): Promise<UserRun> {
  const started = performance.now();
  const outOfTime = () => limits.budgetMs !== undefined && performance.now() - started > limits.budgetMs;
  const byVendor: Record<string, number> = {};
  const errs: FetchError[] = [];
  let total = 0;
  let complete = true;
  for (const vendor of vendors) {
    if (vendor.default_email_patterns.length === 0) continue;
    byVendor[vendor.vendor_id] = 0;
    if (outOfTime()) {
      complete = false;
      continue;
    }
    let ids: string[];
    try {
      ids = await mailboxCall(() => deps.mailbox.search(userId, vendorQuery(vendor, window)));
    } catch (err) {
      if (isMailboxAuthError(err)) throw err;
      errs.push({ error: `Vendor ${vendor.vendor_id}: ${describe(err)}` });
      deps.log.warn('retail vendor search failed', { user_id: userId, vendor_id: vendor.vendor_id, error: err as Error });
      continue;
    }
    const done = await forEachBounded(
      ids,
      limits.concurrency,
      async (messageId) => {
        try {
          if (await storeMessage(deps, userId, vendor, messageId)) {
            byVendor[vendor.vendor_id]! += 1;
            total += 1;
          }
        } catch (err) {
          if (isMailboxAuthError(err)) throw err;
          errs.push({ message_id: messageId, error: describe(err) });
          deps.log.warn('retail message failed', { user_id: userId, vendor_id: vendor.vendor_id, message_id: messageId, error: err as Error });
        }
      },
      outOfTime,
    );
    if (done < ids.length) complete = false;
  }
  if (!complete) errs.push({ error: 'Time limit reached before every message was processed; run the ingest again to continue' });
  deps.log.info('retail fetch finished', { user_id: userId, uploaded: total, vendors: Object.keys(byVendor).length, complete, errors: errs.length });
  return {
    summary: {
      totalEmailsFound: total,
      byVendor,
      dateRange: { start: slashes(window.start), end: slashes(window.end) },
      errors: errs.slice(0, MAX_ERRORS),
    },
    complete,
  };
}

/** One message → its HTML stored under its deterministic key. True when a new object was written. */
async function storeMessage(deps: RetailFetchDeps, userId: string, vendor: VendorConfig, messageId: string): Promise<boolean> {
  const raw = await mailboxCall(() => deps.mailbox.getRaw(userId, messageId));
  const mail = await parseEmail(raw);
  if (!mail.date) return false;
  const key = retailObjectKey(userId, vendor.invoice_sub_type, vendor.vendor_id, mail.date.localDate, messageId);
  const html = receiptHtml(mail);
  if (!html) return false;
  // Create-only: of concurrent runs one stores (and counts) it; a stored key already has its
  // object-created event (queued, done or dead-lettered for replay), so it is not raised again.
  return deps.objects.create(key, new TextEncoder().encode(html), 'text/html; charset=utf-8');
}

async function activeVendors(deps: RetailFetchDeps, subType?: RetailSubtype): Promise<VendorConfig[]> {
  try {
    return await deps.vendors.listActive(subType);
  } catch (err) {
    throw new AppError('DATABASE_ERROR', 500, 'Database error', {}, { cause: err });
  }
}

async function markFetched(deps: RetailFetchDeps, userId: string): Promise<void> {
  try {
    await deps.users.setLastRetailInvoiceFetch(userId, utcIsoWithOffset(deps.clock.now()));
  } catch (err) {
    throw new AppError('DATABASE_ERROR', 500, 'Database error', {}, { cause: err });
  }
}

export interface FetchOutcome {
  message: string;
  data: RetailFetchSummary;
}

/**
 * API mode of §F7. `last_retail_invoice_fetch` is moved to now after the run (custom ranges
 * included), except when the time budget stopped it early: then the next automatic run covers
 * the same window again and picks up where this one stopped.
 */
export async function fetchRetailInvoices(
  deps: RetailFetchDeps,
  user: UserRecord,
  request: RetailIngestRequest,
  limits: RetailFetchLimits = HTTP_FETCH_LIMITS,
): Promise<FetchOutcome> {
  const window = fetchWindow(deps.clock.now(), user.lastRetailInvoiceFetch, request);
  const vendors = await activeVendors(deps, request.vendorCategory);
  if (vendors.length === 0) {
    return {
      message: 'No active vendors configured for retail invoice fetching',
      data: { totalEmailsFound: 0, byVendor: {}, dateRange: { start: slashes(window.start), end: slashes(window.end) } },
    };
  }
  const run = await fetchForUser(deps, user.userId, vendors, window, limits);
  if (run.complete) await markFetched(deps, user.userId);
  return { message: 'Retail invoices fetched successfully', data: run.summary };
}

export interface WeeklySummary {
  total_users: number;
  total_vendors: number;
  successful: number;
  failed: number;
  /** Users skipped because they have not connected Gmail. */
  not_connected: number;
  errors: string[];
  processed_users: string[];
}

/**
 * All-users mode of §F7 (the weekly schedule): every user, automatic window only, a few users at
 * a time; one user's failure is counted and never stops the others. Users without a connected
 * Gmail account are skipped (a folder mailbox needs no tokens).
 */
export async function fetchRetailForAllUsers(
  deps: RetailFetchDeps & { tokens: TokenVault; mailboxSource: 'gmail' | 'folder' },
  opts: { userConcurrency?: number; limits?: RetailFetchLimits } = {},
): Promise<FetchOutcome | { message: string; data: WeeklySummary }> {
  const vendors = await activeVendors(deps);
  const users: UserRecord[] = [];
  for await (const u of deps.users.list()) users.push(u);
  const summary: WeeklySummary = {
    total_users: users.length,
    total_vendors: vendors.length,
    successful: 0,
    failed: 0,
    not_connected: 0,
    errors: [],
    processed_users: [],
  };
  if (vendors.length === 0) return { message: 'No active vendors configured for retail invoice fetching', data: summary };
  const started = performance.now();
  const budget = opts.limits?.budgetMs ?? WEEKLY_FETCH_LIMITS.budgetMs;
  await forEachBounded(users, opts.userConcurrency ?? 2, async (user) => {
    try {
      if (deps.mailboxSource === 'gmail' && !(await deps.tokens.get(user.userId).catch(() => true))) {
        summary.not_connected++;
        return;
      }
      // Each user gets what is left of the run's budget.
      const left = budget === undefined ? undefined : Math.max(0, budget - (performance.now() - started));
      const limits = { concurrency: opts.limits?.concurrency ?? WEEKLY_FETCH_LIMITS.concurrency, ...(left !== undefined ? { budgetMs: left } : {}) };
      const run = await fetchForUser(deps, user.userId, vendors, fetchWindow(deps.clock.now(), user.lastRetailInvoiceFetch), limits);
      if (run.complete) await markFetched(deps, user.userId);
      summary.successful++;
      summary.processed_users.push(`${user.userId}: ${run.summary.totalEmailsFound} total emails from ${Object.keys(run.summary.byVendor).length} vendors`);
    } catch (err) {
      summary.failed++;
      summary.errors.push(`User ${user.userId}: ${describe(err)}`);
      deps.log.warn('weekly retail fetch failed for a user', { user_id: user.userId, error: err as Error });
    }
  });
  deps.log.info('weekly retail fetch finished', { ...summary, errors: summary.errors.length, processed_users: summary.processed_users.length });
  return { message: 'Weekly retail invoice check completed for all users', data: summary };
}
