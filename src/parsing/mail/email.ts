import PostalMime from 'postal-mime';

/** A decoded email: what ingestion needs, nothing else. */
export interface ParsedEmail {
  messageId?: string;
  subject: string;
  /** Sender address, lower-cased (empty when absent). */
  from: string;
  fromName: string;
  /** Decoded From header as `Display Name <address>` with the address's case kept (or just the address). */
  fromHeader?: string;
  /** The raw `Date` header value, when present. */
  dateHeader?: string;
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
/** RFC 5322 §4.3 obsolete zone names (military zones are unreliable and read as +0000). */
const ZONES: Record<string, number> = { UT: 0, GMT: 0, UTC: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC as written in the header. */
  offsetMin: number;
  /** Set when the header was an ISO string handed to `Date` (no parts kept). */
  iso?: Date;
}

function dateParts(value: string | undefined): DateParts | undefined {
  if (!value) return undefined;
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Z]{1,5})?/.exec(value);
  if (!m) {
    const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
    const d = new Date(value);
    if (!iso || Number.isNaN(d.getTime())) return undefined;
    return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), hour: 0, minute: 0, second: 0, offsetMin: 0, iso: d };
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
  } else if (zone && zone in ZONES) {
    offsetMin = ZONES[zone]!;
  }
  return { year, month, day, hour: Number(hh), minute: Number(mi), second: Number(ss ?? 0), offsetMin };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/**
 * Reads an RFC 5322 `Date` header keeping the sender's calendar day: `Mon, 6 Oct 2025 23:30 -0400`
 * is 2025-10-06 even though it is already the 7th in UTC.
 */
export function parseDateHeader(value: string | undefined): EmailDate | undefined {
  const p = dateParts(value);
  if (!p) return undefined;
  const localDate = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  if (p.iso) return { instant: p.iso.toISOString(), localDate, year: p.year, month: p.month };
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - p.offsetMin * 60_000;
  if (Number.isNaN(utc)) return undefined;
  return { instant: new Date(utc).toISOString(), localDate, year: p.year, month: p.month };
}

/** The `Date` header as ISO 8601 keeping the sender's UTC offset: `2003-10-23T23:28:34-07:00`. */
export function dateHeaderIso(value: string | undefined): string | undefined {
  const p = dateParts(value);
  if (!p) return undefined;
  if (p.iso) return value!.trim();
  if (Number.isNaN(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second))) return undefined;
  const sign = p.offsetMin < 0 ? '-' : '+';
  const off = `${sign}${pad(Math.trunc(Math.abs(p.offsetMin) / 60))}:${pad(Math.abs(p.offsetMin) % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${off}`;
}

/** `Name <address>` as written (decoded), or just the address; empty when there is no sender. */
export function formatAddress(name: string | undefined, address: string | undefined): string {
  if (name && address) return `${name} <${address}>`;
  return address || name || '';
}

/** Parses a raw RFC 822 message. Never throws for malformed input: missing parts stay empty. */
export async function parseEmail(raw: Uint8Array | string): Promise<ParsedEmail> {
  const options = { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 } as const;
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, options);
  } catch {
    // postal-mime refuses some hostile structures (e.g. nesting beyond the limit): keep the
    // headers and drop the bodies rather than fail the whole message.
    const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    try {
      email = await PostalMime.parse(headerBlock(bytes), options);
    } catch {
      return { subject: '', from: '', fromName: '', fromHeader: '', attachments: [] };
    }
  }
  const header = (key: string) => email.headers.find((h) => h.key === key)?.value;
  const from = email.from && 'address' in email.from && email.from.address ? email.from : undefined;
  return {
    ...(email.messageId ? { messageId: email.messageId } : {}),
    subject: email.subject ?? '',
    from: (from?.address ?? '').toLowerCase(),
    fromName: email.from?.name ?? '',
    fromHeader: formatAddress(email.from?.name, from?.address),
    ...(header('date') ? { dateHeader: header('date')! } : {}),
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

/** The bytes of the header block (up to the first empty line), or everything when there is no body. */
export function headerBlock(raw: Uint8Array): Uint8Array {
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    if (raw[i] !== 0x0a) continue;
    // "\n\n" or "\n\r\n" ends the header block.
    if (raw[i + 1] === 0x0a) return raw.subarray(0, i + 2);
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return raw.subarray(0, i + 3);
  }
  return raw;
}

/** What a mailbox search needs from a message, decoded; reads only the header block, so it is cheap. */
export interface SearchHeaders {
  /** `Display Name <address>` (decoded). */
  from: string;
  subject: string;
  date?: Date;
}

export async function parseSearchHeaders(raw: Uint8Array): Promise<SearchHeaders> {
  const head = await parseEmail(headerBlock(raw));
  const instant = head.date ? new Date(head.date.instant) : undefined;
  return { from: head.fromHeader ?? head.from, subject: head.subject, ...(instant ? { date: instant } : {}) };
}
