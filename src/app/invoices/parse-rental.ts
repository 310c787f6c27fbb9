/**
 * `parse_invoice` (docs/flows.md#f8 with docs/compatibility.md#d3, docs/compatibility.md#d4, docs/compatibility.md#d5, docs/compatibility.md#d7): a stored rental PDF → one
 * `RentalInvoices` item. Re-delivery changes nothing (the store reports `unchanged` and raises no
 * change record). A PDF that is not a rent notice is logged with its reason and not retried; a
 * store failure throws so the runtime retries and finally dead-letters the event.
 */
import type { DocumentParser } from '../../parsing/document-parser.js';
import { parseRentalJob } from '../../parsing/rental/parse-job.js';
import type { RentalItem } from '../../ports/rental-invoices.js';
import type { Deps } from '../deps.js';
import { userIdFromRentalKey } from './rental-keys.js';

export type ParseRentalDeps = Pick<Deps, 'clock' | 'log' | 'objects' | 'rentalInvoices'> & {
  /** The local runtime's worker pool; absent (Lambda, CLI): parsed in this process. */
  documentParser?: DocumentParser;
};

export type ParseOutcome =
  | { status: 'stored'; invoiceId: string; write: 'inserted' | 'replaced' | 'unchanged'; parseStatus: string }
  | { status: 'skipped'; reason: string };

export async function parseRentalObject(deps: ParseRentalDeps, key: string): Promise<ParseOutcome> {
  const skip = (reason: string): ParseOutcome => {
    deps.log.info('rental pdf skipped', { key_user: userIdFromRentalKey(key) ?? null, reason });
    return { status: 'skipped', reason };
  };
  const userId = userIdFromRentalKey(key);
  if (!userId) return skip('not_a_rental_key');
  const obj = await deps.objects.get(key);
  // Gone since the event was raised (e.g. the account was deleted): nothing left to parse.
  if (!obj) return skip('object_missing');
  const job = { kind: 'rental' as const, bytes: obj.body, opts: { userId, key, now: deps.clock.now() } };
  // `in`, not a read: Lambda's deps hold only the ports its manifest grants, and reading another throws.
  const pool = 'documentParser' in deps ? deps.documentParser : undefined;
  const parsed = await (pool ? pool.parse(job) : parseRentalJob(job));
  if ('skipped' in parsed) return skip(parsed.skipped);
  const item = parsed.item as RentalItem;

  // docs/compatibility.md#d7: one invoice per (user, due year, due month). The store decides, also between
  // processes: a second notice for a month that already has one under another id (the same notice
  // re-sent under another file name) is dropped.
  const write = await deps.rentalInvoices.put(item);
  if (write === 'duplicate_month') return skip('duplicate_month');
  const parseStatus = String(item.parse_status ?? 'ok');
  deps.log.info('rental invoice stored', { user_id: userId, invoice_id: item.InvoiceID, write, parse_status: parseStatus });
  return { status: 'stored', invoiceId: item.InvoiceID, write, parseStatus };
}
