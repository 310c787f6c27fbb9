/**
 * RFC 822 messages as a landlord sends them, for the demo, the tests and the benchmark: a text
 * part plus attachments (base64), RFC 2047 encoded subject and file names when not ASCII.
 */
export interface EmailAttachmentSpec {
  filename: string;
  contentType?: string;
  content: Uint8Array;
}

export interface EmailSpec {
  from: string;
  to?: string;
  subject: string;
  /** `null` leaves the Date header out. */
  date: Date | string | null;
  text?: string;
  /** An HTML body (receipts), sent after the text part. */
  html?: string;
  messageId?: string;
  attachments?: EmailAttachmentSpec[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date in UTC: `Wed, 1 Oct 2025 08:30:00 +0000`. */
export function rfc822Date(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function encodeWord(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function base64Lines(data: Uint8Array): string {
  return (Buffer.from(data).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function buildEmail(spec: EmailSpec): Uint8Array {
  const boundary = `=_pp_${Math.random().toString(16).slice(2)}`;
  const head = [
    `From: ${spec.from}`,
    `To: ${spec.to ?? 'tenant@example.se'}`,
    `Subject: ${encodeWord(spec.subject)}`,
    ...(spec.date === null ? [] : [`Date: ${typeof spec.date === 'string' ? spec.date : rfc822Date(spec.date)}`]),
    `Message-ID: <${spec.messageId ?? `${Math.random().toString(16).slice(2)}@example.se`}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [
    [`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', spec.text ?? 'Hej! Här kommer din hyresavi.'].join('\r\n'),
    ...(spec.html === undefined ? [] : [[`--${boundary}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', spec.html].join('\r\n')]),
    ...(spec.attachments ?? []).map((a) => {
      const name = encodeWord(a.filename);
      return [
        `--${boundary}`,
        `Content-Type: ${a.contentType ?? 'application/pdf'}; name="${name}"`,
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(a.content),
      ].join('\r\n');
    }),
  ];
  return new TextEncoder().encode(`${head.join('\r\n')}\r\n\r\n${parts.join('\r\n')}\r\n--${boundary}--\r\n`);
}
