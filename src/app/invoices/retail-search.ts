/**
 * Which messages a retail ingest looks at (docs/flows.md#receipt-queries, docs/flows.md#receipt-date-window): the date window and, per vendor,
 * the mailbox query.
 */
import { parseUtcIso, utcDate } from '../../domain/time.js';
import type { VendorConfig } from '../../ports/vendors.js';

/** A date window, both ends `YYYY-MM-DD`; `end` is exclusive (Gmail `before:`). */
export interface DateWindow {
  start: string;
  end: string;
}

/** docs/flows.md#receipt-date-window: the custom range, else from the date of the last fetch (or 30 days back) to today, UTC. */
export function fetchWindow(now: Date, lastFetch: string | undefined, custom?: { startDate?: string; endDate?: string }): DateWindow {
  if (custom?.startDate && custom.endDate) return { start: custom.startDate, end: custom.endDate };
  const last = parseUtcIso(lastFetch);
  const start = last ? utcDate(last) : utcDate(new Date(now.getTime() - 30 * 86_400_000));
  return { start, end: utcDate(now) };
}

/** `YYYY-MM-DD` → Gmail's `YYYY/MM/DD`. */
export const slashes = (day: string) => day.replaceAll('-', '/');

/** Gmail cannot take a double quote inside a quoted phrase; the phrase is matched without it. */
const phrase = (s: string) => `subject:"${s.replaceAll('"', '').trim()}"`;
const group = (parts: string[], joiner: string) => (parts.length > 1 ? `(${parts.join(joiner)})` : (parts[0] ?? ''));

/** docs/flows.md#receipt-queries: senders OR-ed, subject phrases/groups OR-ed, then the day window. */
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
