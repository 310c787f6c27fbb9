/**
 * `fetch_retail_invoices` (docs/flows.md#f7): for each active vendor, search the
 * user's mailbox (docs/flows.md#receipt-queries) in the date window (docs/flows.md#receipt-date-window) and store each new receipt's HTML under
 * `invoices/<user_id>/retail/<sub_type>/<file>` (docs/data-model.md#invoice-bucket). Storing raises the object-created
 * event that parse_retail_invoice handles.
 *
 * De-duplication and resumability (docs/flows.md#de-duplication, docs/compatibility.md#d15): the object key is deterministic per
 * (vendor, message) and written only if absent, so a run stopped by its time budget is finished
 * by the next run over the same window and concurrent runs store and count each receipt once.
 */
import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import { forEachBounded } from '../../domain/concurrency.js';
import { utcIsoWithOffset } from '../../domain/time.js';
import type { TokenVault } from '../../ports/token-vault.js';
import type { UserRecord } from '../../ports/users.js';
import {
  describeFailure,
  fetchForUser,
  HTTP_FETCH_LIMITS,
  WEEKLY_FETCH_LIMITS,
  type RetailFetchDeps,
  type RetailFetchLimits,
  type RetailFetchSummary,
} from './retail-run.js';
import { fetchWindow, slashes } from './retail-search.js';

/** The decoded request body (docs/api.md#receipt-ingest). */
export interface RetailIngestRequest {
  /** Both or neither, `YYYY-MM-DD`, start not after end. */
  startDate?: string;
  endDate?: string;
  vendorCategory?: RetailSubtype;
}

/** The next automatic window starts from now. */
const markFetched = (deps: RetailFetchDeps, userId: string) => deps.users.setLastRetailInvoiceFetch(userId, utcIsoWithOffset(deps.clock.now()));

export interface FetchOutcome {
  message: string;
  data: RetailFetchSummary;
}

/**
 * API mode of docs/flows.md#f7. `last_retail_invoice_fetch` is moved to now after the run (custom ranges
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
  const vendors = await deps.vendors.listActive(request.vendorCategory);
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
 * All-users mode of docs/flows.md#f7 (the weekly schedule): every user, automatic window only, a few users at
 * a time; one user's failure is counted and never stops the others. Users without a connected
 * Gmail account are skipped (a folder mailbox needs no tokens).
 */
export async function fetchRetailInvoicesForAllUsers(
  deps: RetailFetchDeps & { tokens: TokenVault; mailboxSource: 'gmail' | 'folder' },
  opts: { userConcurrency?: number; limits?: RetailFetchLimits } = {},
): Promise<FetchOutcome | { message: string; data: WeeklySummary }> {
  const vendors = await deps.vendors.listActive();
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
      summary.errors.push(`User ${user.userId}: ${describeFailure(err)}`);
      deps.log.warn('weekly retail fetch failed for a user', { user_id: user.userId, error: err as Error });
    }
  });
  deps.log.info('weekly retail fetch finished', { ...summary, errors: summary.errors.length, processed_users: summary.processed_users.length });
  return { message: 'Weekly retail invoice check completed for all users', data: summary };
}
