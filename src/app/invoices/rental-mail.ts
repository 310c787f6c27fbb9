/**
 * One mailbox message → the rent-notice PDFs it carries, stored under the user's rental prefix
 * (docs/flows.md#f5 step 4), with the de-duplication of docs/compatibility.md#d7:
 *
 * - by message id: each processed message leaves a ledger entry (rental-keys.ts); a message with
 *   an entry is not fetched again, which also makes a long ingest resumable (D15);
 * - by attachment SHA-256: an attachment whose bytes are already stored under its key is not
 *   uploaded again (this also covers files stored by the original backend, which has no ledger).
 *
 * Objects are written create-only: the original key (the file name) when it is free or holds the
 * same bytes, otherwise the name with a content-hash suffix, so notices that share a file name
 * (`Hyresavi.pdf` every month) never replace each other. Of concurrent ingests exactly one
 * creates each object and counts it. A stored object already has its object-created event
 * (queued, done, or dead-lettered for replay), so finding it is enough.
 *
 * The ledger is written only after every upload of the message succeeded, so a failure midway
 * leaves the message to be processed again by the next run.
 */
import { DependencyError } from '../../domain/errors.js';
import { parseEmail, type ParsedEmail } from '../../parsing/mail/email.js';
import type { Deps } from '../deps.js';
import { ledgerKey, rentalObjectKey, sha256Hex } from './rental-keys.js';

export type RentalMailDeps = Pick<Deps, 'config' | 'clock' | 'log' | 'mailbox' | 'objects'>;

/** What the ledger remembers about a message: facts, so each ingest mode can decide for itself. */
interface LedgerEntry {
  v: 1;
  /** `stored`: its PDFs are in the store; `unusable`: nothing to take, in any mode; `subject_mismatch`: not a notice by the back-fill's exact-subject rule. */
  status: 'stored' | 'unusable' | 'subject_mismatch';
  reason?: string;
  /** The email's year and month in the sender's time zone. */
  year?: number;
  month?: number;
  attachments: { key: string; sha256: string }[];
  processed_at: string;
}

export interface MessageOutcome {
  status: LedgerEntry['status'] | 'outside_window';
  reason?: string;
  year?: number;
  month?: number;
  /** PDFs written by this call. */
  uploaded: number;
  /** Whether the answer came from the ledger (no mailbox call made). */
  known: boolean;
}

export interface MessageOptions {
  /** Back-fill rule (docs/flows.md#f5): the subject must equal the configured one after trim + lower-case. */
  exactSubject: boolean;
  /** Only messages dated in this month are taken (docs/flows.md#f6); others are left untouched. */
  window?: { year: number; month: number };
}

/** `%PDF-` within the first KiB, as PDF readers accept. */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

async function readLedger(deps: RentalMailDeps, key: string): Promise<LedgerEntry | undefined> {
  const obj = await deps.objects.get(key);
  if (!obj) return undefined;
  try {
    const entry = JSON.parse(Buffer.from(obj.body).toString('utf8')) as LedgerEntry;
    return entry.v === 1 ? entry : undefined;
  } catch {
    return undefined; // unreadable entry: process the message again, which rewrites it
  }
}

/**
 * Stores one attachment under the first of its candidate keys that is free or already holds these
 * bytes: the name itself, then with 16 and then all 64 hex digits of the hash (a different file
 * under the 16-digit name would need a hash-prefix collision).
 */
async function placeAttachment(
  deps: RentalMailDeps,
  key: string,
  body: Uint8Array,
  sha256: string,
): Promise<{ key: string; created: boolean }> {
  const candidates = [key, key.replace(/\.pdf$/, `_${sha256.slice(0, 16)}.pdf`), key.replace(/\.pdf$/, `_${sha256}.pdf`)];
  for (const candidate of candidates) {
    // A key deleted between the refused create and the read is free again: try it once more.
    for (let tries = 0; tries < 2; tries++) {
      if (await deps.objects.create(candidate, body, 'application/pdf')) {
        return { key: candidate, created: true };
      }
      const existing = await deps.objects.get(candidate);
      if (existing && sha256Hex(existing.body) === sha256) return { key: candidate, created: false };
      if (existing) break;
    }
  }
  throw new DependencyError('objects.create', new Error('no free key for the attachment'));
}

const inWindow = (w: MessageOptions['window'], year?: number, month?: number) => !w || (w.year === year && w.month === month);

/** The mailbox search for rent notices, from the month `after` on when given. */
export function rentalQuery(deps: Pick<Deps, 'config'>, after?: { year: number; month: number }): string {
  const { sender, subject } = deps.config.rental;
  const base = `from:${sender} subject:"${subject}"`;
  return after ? `${base} after:${after.year}/${String(after.month).padStart(2, '0')}/01` : base;
}

export function isRentalSubject(subject: string, configured: string): boolean {
  return subject.trim().toLowerCase() === configured.trim().toLowerCase();
}

export async function ingestRentalMessage(
  deps: RentalMailDeps,
  userId: string,
  messageId: string,
  opts: MessageOptions,
): Promise<MessageOutcome> {
  const lkey = ledgerKey(userId, messageId);
  const known = await readLedger(deps, lkey);
  if (known && !(known.status === 'subject_mismatch' && !opts.exactSubject)) {
    const base = { ...(known.year ? { year: known.year, month: known.month } : {}), uploaded: 0, known: true };
    if (known.status === 'stored' && !inWindow(opts.window, known.year, known.month)) return { status: 'outside_window', ...base };
    return { status: known.status, ...(known.reason ? { reason: known.reason } : {}), ...base };
  }

  const raw = await deps.mailbox.getRaw(userId, messageId);
  let email: ParsedEmail | undefined;
  try {
    email = await parseEmail(raw);
  } catch {
    email = undefined;
  }
  const record = async (entry: Omit<LedgerEntry, 'v' | 'processed_at'>, uploaded: number): Promise<MessageOutcome> => {
    const full: LedgerEntry = { v: 1, ...entry, processed_at: deps.clock.now().toISOString() };
    await deps.objects.put(lkey, new TextEncoder().encode(JSON.stringify(full)), 'application/json');
    const { status, reason, year, month } = entry;
    return { status, ...(reason ? { reason } : {}), ...(year ? { year, month } : {}), uploaded, known: false };
  };

  if (!email) return record({ status: 'unusable', reason: 'unreadable', attachments: [] }, 0);
  if (!email.date) return record({ status: 'unusable', reason: 'undated', attachments: [] }, 0);
  const { year, month } = email.date;
  if (!inWindow(opts.window, year, month)) return { status: 'outside_window', year, month, uploaded: 0, known: false };
  if (opts.exactSubject && !isRentalSubject(email.subject, deps.config.rental.subject)) {
    return record({ status: 'subject_mismatch', year, month, attachments: [] }, 0);
  }

  const pdfs = email.attachments.filter((a) => a.mimeType.toLowerCase() === 'application/pdf' && a.filename);
  const stored: LedgerEntry['attachments'] = [];
  const skipped: string[] = [];
  let uploaded = 0;
  for (const a of pdfs) {
    if (a.content.byteLength === 0) {
      skipped.push('empty');
      continue;
    }
    if (!looksLikePdf(a.content)) {
      skipped.push('not_pdf');
      continue;
    }
    const sha256 = sha256Hex(a.content);
    const placed = await placeAttachment(deps, rentalObjectKey(userId, a.filename!), a.content, sha256);
    if (stored.some((s) => s.key === placed.key)) continue;
    if (placed.created) uploaded++;
    stored.push({ key: placed.key, sha256 });
  }
  if (skipped.length > 0) deps.log.info('rental attachments skipped', { user_id: userId, message_id: messageId, reasons: skipped });
  if (stored.length === 0) {
    return record({ status: 'unusable', reason: pdfs.length === 0 ? 'no_pdf_attachment' : 'no_valid_pdf', year, month, attachments: [] }, 0);
  }
  return record({ status: 'stored', year, month, attachments: stored }, uploaded);
}
