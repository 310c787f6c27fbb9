/**
 * Rental ingestion from the user's mailbox: the back-fill (`fetch_invoices`, FLOWS.md §F5) and
 * this month's notice (`fetch_latest_invoice`, §F6), on demand or for every connected user
 * (DECISIONS #2).
 */
import { publicFailure } from '../../domain/errors.js';
import { forEachBounded } from '../../domain/concurrency.js';
import type { Deps } from '../deps.js';
import { ingestRentalMessage, type RentalMailDeps } from './rental-mail.js';

export interface IngestLimits {
  /** Messages fetched at once (bounded so one user stays within Gmail's per-user quota). */
  concurrency: number;
  /**
   * Wall time after which no new message is started (DECISIONS D15: the HTTP call must answer
   * within API Gateway's 30 s). What is left is picked up by the next call: processed messages
   * are in the ledger and are not fetched again.
   */
  budgetMs: number;
  /**
   * Hard limit for the answer: messages still in flight then (a slow or retried Gmail call) are
   * left to finish in the background; without a ledger entry yet, the next call redoes them.
   */
  answerWithinMs: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { concurrency: 12, budgetMs: 20_000, answerWithinMs: 27_000 };

export function rentalQuery(deps: Pick<Deps, 'config'>, after?: { year: number; month: number }): string {
  const { sender, subject } = deps.config.rental;
  const base = `from:${sender} subject:"${subject}"`;
  return after ? `${base} after:${after.year}/${String(after.month).padStart(2, '0')}/01` : base;
}

export interface BackfillResult {
  /** PDFs uploaded by this call (the response's `invoiceCount`). */
  uploaded: number;
  messages: number;
  processed: number;
  /** Messages left for the next call because the time budget ran out. */
  remaining: number;
}

/** §F5 with DECISIONS D7 and D15: every result page, oldest first, bounded concurrency, resumable. */
export async function ingestAllRental(
  deps: RentalMailDeps,
  userId: string,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): Promise<BackfillResult> {
  const started = performance.now();
  const ids = (await deps.mailbox.search(userId, rentalQuery(deps))).slice().reverse();
  let uploaded = 0;
  let processed = 0;
  const work = forEachBounded(
    ids,
    limits.concurrency,
    async (id) => {
      const r = await ingestRentalMessage(deps, userId, id, { exactSubject: true });
      uploaded += r.uploaded;
      processed++;
    },
    () => performance.now() - started > limits.budgetMs,
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    // No timer for an unbounded answer time (setTimeout would read Infinity as 1 ms).
    if (Number.isFinite(limits.answerWithinMs)) {
      timer = setTimeout(() => resolve('late'), Math.max(0, limits.answerWithinMs - (performance.now() - started)));
    }
  });
  try {
    if ((await Promise.race([work, deadline])) === 'late') {
      work.catch((err: unknown) => deps.log.warn('rental back-fill work after the answer failed', { user_id: userId, error: err as Error }));
    }
  } finally {
    clearTimeout(timer);
  }
  const result = { uploaded, messages: ids.length, processed, remaining: ids.length - processed };
  deps.log.info('rental back-fill finished', { user_id: userId, ...result, ms: Math.round(performance.now() - started) });
  return result;
}

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
 * §F6: the current UTC month's notice. Already parsed → `already_processed`; otherwise the newest
 * hits dated in this month are taken until one carries a PDF (the original looked at the first
 * hit only, so a reminder without attachment hid the notice).
 */
export async function ingestLatestRental(deps: RentalMailDeps & Pick<Deps, 'rentalInvoices'>, userId: string): Promise<LatestResult> {
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
 * DECISIONS #2: the schedule runs §F6 for every user with a connected mailbox, a few at a time;
 * one user's failure is counted and logged and never stops the others.
 */
export async function ingestLatestForAllUsers(
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
      const { outcome } = await ingestLatestRental(deps, userId);
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
