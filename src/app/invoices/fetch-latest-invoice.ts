/**
 * `fetch_latest_invoice` (docs/flows.md#f6): this month's rent notice, on demand or for every
 * connected user (docs/compatibility.md#q2).
 */
import { forEachBounded } from '../../domain/concurrency.js';
import { publicFailure } from '../../domain/errors.js';
import type { Deps } from '../deps.js';
import { ingestRentalMessage, rentalQuery, type RentalMailDeps } from './rental-mail.js';

export type LatestOutcome = 'ingested' | 'already_processed' | 'not_dispatched';

export interface LatestResult {
  outcome: LatestOutcome;
  year: number;
  /** 1-12, the current UTC month. */
  month: number;
}

/** How many of the newest hits are looked at before concluding the notice is not out yet. */
const LATEST_CANDIDATES = 5;

/**
 * docs/flows.md#f6: the current UTC month's notice. Already parsed → `already_processed`; otherwise the newest
 * hits dated in this month are taken until one carries a PDF (the original looked at the first
 * hit only, so a reminder without attachment hid the notice).
 */
export async function fetchLatestInvoice(deps: RentalMailDeps & Pick<Deps, 'rentalInvoices'>, userId: string): Promise<LatestResult> {
  const now = deps.clock.now();
  const window = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
  const result = (outcome: LatestOutcome): LatestResult => ({ outcome, ...window });
  if (await deps.rentalInvoices.existsForMonth(userId, String(window.year), String(window.month))) return result('already_processed');

  const ids = await deps.mailbox.search(userId, rentalQuery(deps, window));
  for (const id of ids.slice(0, LATEST_CANDIDATES)) {
    const r = await ingestRentalMessage(deps, userId, id, { exactSubject: false, window });
    if (r.status !== 'stored') continue;
    return result(r.uploaded > 0 ? 'ingested' : 'already_processed');
  }
  return result('not_dispatched');
}

export interface LatestSummary {
  total_users: number;
  ingested: number;
  already_processed: number;
  not_dispatched: number;
  failed: number;
  /** At most 20 entries; no message texts from the mailbox, only our error codes. */
  errors: { user_id: string; code: string; error: string }[];
}

/**
 * docs/compatibility.md#q2: the schedule runs docs/flows.md#f6 for every user with a connected mailbox, a few at a time;
 * one user's failure is counted and logged and never stops the others.
 */
export async function fetchLatestInvoiceForAllUsers(
  deps: RentalMailDeps & Pick<Deps, 'rentalInvoices' | 'users' | 'tokens' | 'mailboxSource'>,
  concurrency = 4,
): Promise<LatestSummary> {
  const userIds: string[] = [];
  for await (const u of deps.users.list()) userIds.push(u.userId);
  const summary: LatestSummary = { total_users: 0, ingested: 0, already_processed: 0, not_dispatched: 0, failed: 0, errors: [] };
  await forEachBounded(userIds, concurrency, async (userId) => {
    try {
      // An unreadable vault counts as connected: the ingest then fails visibly for that user.
      if (deps.mailboxSource === 'gmail' && !(await deps.tokens.get(userId).catch(() => true))) return;
      summary.total_users++;
      const { outcome } = await fetchLatestInvoice(deps, userId);
      summary[outcome]++;
    } catch (err) {
      summary.failed++;
      const { code, message: error } = publicFailure(err) ?? { code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' };
      if (summary.errors.length < 20) summary.errors.push({ user_id: userId, code, error });
      deps.log.warn('scheduled rental ingest failed for a user', { user_id: userId, code, error: err as Error });
    }
  });
  deps.log.info('scheduled rental ingest finished', { ...summary, errors: summary.errors.length });
  return summary;
}
