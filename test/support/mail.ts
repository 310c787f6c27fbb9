/** Builds small raw RFC 822 messages for tests, and writes mbox files the way mbox writers do. */
export interface TestMail {
  from: string;
  subject: string;
  /** RFC 5322 date; omitted → no Date header. */
  date?: string;
  text?: string;
  html?: string;
  pdf?: { filename: string; bytes: Uint8Array };
  /** Extra raw header lines. */
  headers?: string[];
}

export function rawMail(m: TestMail): Uint8Array {
  const lines = [`From: ${m.from}`, 'To: user@example.com', `Subject: ${m.subject}`];
  if (m.date) lines.push(`Date: ${m.date}`);
  lines.push(...(m.headers ?? []), 'MIME-Version: 1.0');
  const boundary = 'b-7f3a9';
  const parts: string[] = [];
  if (m.text !== undefined) parts.push(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', m.text].join('\r\n'));
  if (m.html !== undefined) parts.push(['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', m.html].join('\r\n'));
  if (m.pdf) {
    parts.push(
      [
        `Content-Type: application/pdf; name="${m.pdf.filename}"`,
        `Content-Disposition: attachment; filename="${m.pdf.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(m.pdf.bytes).toString('base64').replace(/.{76}/g, '$&\r\n'),
      ].join('\r\n'),
    );
  }
  lines.push(`Content-Type: multipart/mixed; boundary="${boundary}"`, '');
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;
  return new Uint8Array(Buffer.from(lines.join('\r\n') + '\r\n' + body, 'utf8'));
}

/** mboxrd: envelope line, body lines starting with (>*)From  get one more '>', a blank line after each message. */
export function toMbox(messages: Uint8Array[]): Uint8Array {
  const out = messages.map((m) => {
    const text = Buffer.from(m).toString('latin1').replace(/^(>*From )/gm, '>$1');
    return `From MAILER-DAEMON Mon Jan  6 10:00:00 2025\n${text}${text.endsWith('\n') ? '' : '\n'}\n`;
  });
  return new Uint8Array(Buffer.from(out.join(''), 'latin1'));
}

/** The shared sample mailbox: rent notices, retail receipts and noise, with known dates. */
export const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
export const SAMPLE: TestMail[] = [
  { from: 'Wallenstam <kundservice@wallenstam.se>', subject: 'Hyresavi', date: 'Mon, 3 Feb 2025 07:00:00 +0100', text: 'Din avi', pdf: { filename: 'Hyresavi 1306798107.pdf', bytes: PDF } },
  { from: 'Wallenstam <kundservice@wallenstam.se>', subject: 'Hyresavi', date: 'Mon, 3 Mar 2025 07:00:00 +0100', text: 'Din avi\r\nFrom the landlord: pay on time', pdf: { filename: 'Hyresavi 1306798108.pdf', bytes: PDF } },
  { from: 'Wallenstam <kundservice@wallenstam.se>', subject: 'Nyhetsbrev mars', date: 'Tue, 4 Mar 2025 09:00:00 +0100', text: 'Nytt i området' },
  { from: "=?utf-8?q?Domino=27s_Pizza?= <domino@dominos.se>", subject: '=?utf-8?q?Tack_for_din_best=C3=A4llning?=', date: 'Sat, 6 Sep 2025 18:30:00 +0200', html: '<p>Totalt 199 kr</p>' },
  { from: "Domino's Pizza <domino@dominos.se>", subject: 'Tack for din beställning #2', date: 'Sun, 5 Oct 2025 23:30:00 -0700', html: '<p>Totalt 249 kr</p>' },
  { from: 'Foodora <info@foodora.se>', subject: 'Ditt kvitto från foodora', date: 'Wed, 1 Oct 2025 12:00:00 +0000', html: '<p>Kvitto</p>' },
];
