import PostalMime from 'postal-mime';

/** A decoded email: what ingestion needs, nothing else. */
export interface ParsedEmail {
  messageId?: string;
  subject: string;
  /** Sender address, lower-cased (empty when absent). */
  from: string;
  fromName: string;
  /** The `Date` header, or undefined when missing or unreadable. */
  date?: EmailDate;
  html?: string;
  text?: string;
  attachments: EmailAttachment[];
}

export interface EmailDate {
  /** The instant, as UTC ISO 8601. */
  instant: string;
  /** Calendar date in the header's own time zone (what the original used): `YYYY-MM-DD`. */
  localDate: string;
  year: number;
  month: number;
}

export interface EmailAttachment {
  filename: string | null;
  mimeType: string;
  content: Uint8Array;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads an RFC 5322 `Date` header keeping the sender's calendar day: `Mon, 6 Oct 2025 23:30 -0400`
 * is 2025-10-06 even though it is already the 7th in UTC.
 */
export function parseDateHeader(value: string | undefined): EmailDate | undefined {
  if (!value) return undefined;
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Z]{1,5})?/.exec(value);
  if (!m) {
    const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
    const d = new Date(value);
    if (!iso || Number.isNaN(d.getTime())) return undefined;
    return { instant: d.toISOString(), localDate: iso[0], year: Number(iso[1]), month: Number(iso[2]) };
  }
  const [, dd, mon, yy, hh, mi, ss, zone] = m as unknown as string[];
  const month = MONTHS.indexOf(mon!.toLowerCase()) + 1;
  if (month === 0) return undefined;
  let year = Number(yy);
  if (yy!.length === 2) year += year < 50 ? 2000 : 1900;
  const day = Number(dd);
  if (day < 1 || day > 31 || Number(hh) > 23 || Number(mi) > 59) return undefined;
  let offsetMin = 0;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    offsetMin = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  const utc = Date.UTC(year, month - 1, day, Number(hh), Number(mi), Number(ss ?? 0)) - offsetMin * 60_000;
  if (Number.isNaN(utc)) return undefined;
  const localDate = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { instant: new Date(utc).toISOString(), localDate, year, month };
}

/** Parses a raw RFC 822 message. Never throws for malformed input: missing parts stay empty. */
export async function parseEmail(raw: Uint8Array | string): Promise<ParsedEmail> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 });
  const header = (key: string) => email.headers.find((h) => h.key === key)?.value;
  const from = email.from && 'address' in email.from && email.from.address ? email.from : undefined;
  return {
    ...(email.messageId ? { messageId: email.messageId } : {}),
    subject: email.subject ?? '',
    from: (from?.address ?? '').toLowerCase(),
    fromName: email.from?.name ?? '',
    date: parseDateHeader(header('date')),
    ...(email.html ? { html: email.html } : {}),
    ...(email.text ? { text: email.text } : {}),
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      content: a.content instanceof Uint8Array ? a.content : new Uint8Array(a.content as ArrayBuffer),
    })),
  };
}
