/**
 * `fetch_invoices` (docs/flows.md#f5): every rent notice in the user's mailbox, oldest first (the
 * back-fill). This month's notice alone is `fetch-latest-invoice.ts`.
 */
import { forEachBounded } from '../../domain/concurrency.js';
import { ingestRentalMessage, rentalQuery, type RentalMailDeps } from './rental-mail.js';

export interface IngestLimits {
  /**
   * Messages in progress at once (each holds its mail while parsed and stored). The mailbox bounds
   * its own calls (the Gmail adapter: per user, within the quota); more messages than it lets run
   * keep every call slot busy while fetched messages are parsed and stored.
   */
  concurrency: number;
  /**
   * Wall time after which no new message is started (docs/compatibility.md#d15: the HTTP call must answer
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

export const DEFAULT_INGEST_LIMITS: IngestLimits = { concurrency: 24, budgetMs: 20_000, answerWithinMs: 27_000 };

export interface FetchInvoicesResult {
  /** PDFs uploaded by this call (the response's `invoiceCount`). */
  uploaded: number;
  messages: number;
  processed: number;
  /** Messages left for the next call because the time budget ran out. */
  remaining: number;
}

/** docs/flows.md#f5 with docs/compatibility.md#d7, docs/compatibility.md#d15: every result page, oldest first, bounded concurrency, resumable. */
export async function fetchInvoices(
  deps: RentalMailDeps,
  userId: string,
  limits: IngestLimits = DEFAULT_INGEST_LIMITS,
): Promise<FetchInvoicesResult> {
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
