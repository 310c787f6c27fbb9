/**
 * One user's retail ingest over a set of vendors (docs/flows.md#f7) and its summary: each
 * vendor's search, then its messages a few at a time within the time budget (docs/compatibility.md#d15).
 * A failed vendor or message is counted in the summary; a mailbox token failure ends the run.
 */
import { forEachBounded } from '../../domain/concurrency.js';
import { AppError, publicFailure } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Mailbox } from '../../ports/mailbox.js';
import type { Objects } from '../../ports/objects.js';
import type { Users } from '../../ports/users.js';
import type { VendorConfig, Vendors } from '../../ports/vendors.js';
import type { Logger } from '../../ports/log.js';
import { storeRetailMessage } from './retail-message.js';
import { slashes, vendorQuery, type DateWindow } from './retail-search.js';

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

export type FetchError = { message_id: string; error: string } | { error: string };

export interface RetailFetchSummary {
  totalEmailsFound: number;
  byVendor: Record<string, number>;
  dateRange: { start: string; end: string };
  errors?: FetchError[];
}

/** Failures that concern the whole mailbox (tokens), not one vendor: they end the user's run. */
const isMailboxAuthError = (err: unknown) =>
  err instanceof AppError && ['GMAIL_TOKEN_EXPIRED', 'INVALID_CREDENTIALS', 'MISSING_FIELDS'].includes(err.code);

/** The text a summary shows for a failure: the API's message, else the error's own (shortened). */
export const describeFailure = (err: unknown) => publicFailure(err)?.message ?? (err instanceof Error ? err.message.slice(0, 200) : 'unknown error');

export interface UserRun {
  summary: RetailFetchSummary;
  /** Whether every message of every vendor was looked at (false when the budget ran out). */
  complete: boolean;
}

/** docs/flows.md#f7 (step 6) for one user and a set of vendors. Mailbox authentication failures are thrown. */
export async function fetchForUser(
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
      ids = await deps.mailbox.search(userId, vendorQuery(vendor, window));
    } catch (err) {
      if (isMailboxAuthError(err)) throw err;
      errs.push({ error: `Vendor ${vendor.vendor_id}: ${describeFailure(err)}` });
      deps.log.warn('retail vendor search failed', { user_id: userId, vendor_id: vendor.vendor_id, error: err as Error });
      continue;
    }
    const done = await forEachBounded(
      ids,
      limits.concurrency,
      async (messageId) => {
        try {
          if (await storeRetailMessage(deps, userId, vendor, messageId)) {
            byVendor[vendor.vendor_id]! += 1;
            total += 1;
          }
        } catch (err) {
          if (isMailboxAuthError(err)) throw err;
          errs.push({ message_id: messageId, error: describeFailure(err) });
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
