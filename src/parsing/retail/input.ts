import { parseDateHeader, parseEmail, type ParsedEmail } from '../mail/email.js';
import { decodeGmailMessage } from '../mail/gmail-message.js';
import type { ReceiptInput } from './types.js';

/** Builders of `ReceiptInput` from the file kinds the CLI and the evaluation read. */

export async function receiptInputFromEml(raw: Uint8Array | string): Promise<ReceiptInput> {
  return receiptInputFromEmail(await parseEmail(raw));
}

/** A Gmail API `users.messages.get` response (format `raw` or `full`) saved as JSON. */
export async function receiptInputFromGmailJson(json: string): Promise<ReceiptInput> {
  return receiptInputFromEmail((await decodeGmailMessage(json)).email);
}

export function receiptInputFromEmail(mail: ParsedEmail): ReceiptInput {
  return {
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.text ? { text: mail.text } : {}),
    ...(mail.subject ? { subject: mail.subject } : {}),
    ...(mail.from ? { from: mail.from } : {}),
    ...(mail.fromName ? { fromName: mail.fromName } : {}),
    ...(mail.date ? { emailDate: mail.date.localDate } : {}),
  };
}

export function receiptInputFromHtml(html: string): ReceiptInput {
  return { html };
}

/**
 * A plain-text receipt. Exported mail often starts with `Header: value` lines (Date, Subject,
 * From) before a blank line; those are read as the email's headers.
 */
export function receiptInputFromText(text: string): ReceiptInput {
  const input: ReceiptInput = {};
  const lines = text.split(/\r?\n/);
  let i = 0;
  for (; i < Math.min(lines.length, 30); i++) {
    const m = /^([A-Za-z][\w-]{1,40}):\s?(.*)$/.exec(lines[i]!);
    if (!m) break;
    const [, name, value] = m as unknown as [string, string, string];
    const key = name.toLowerCase();
    if (key === 'subject') input.subject = value.trim();
    else if (key === 'date') {
      const d = parseDateHeader(value.trim());
      if (d) input.emailDate = d.localDate;
    } else if (key === 'from') {
      const addr = /<([^>]+)>/.exec(value)?.[1] ?? (/\S+@\S+/.exec(value)?.[0] ?? '');
      if (addr) input.from = addr.toLowerCase();
      const name = value.replace(/<[^>]*>/, '').replace(/"/g, '').trim();
      if (name && !name.includes('@')) input.fromName = name;
    }
  }
  // Only a real header block (followed by a blank line) is taken out of the body.
  const hasHeaders = i > 0 && (lines[i] ?? '').trim() === '';
  input.text = hasHeaders ? lines.slice(i + 1).join('\n') : text;
  if (!hasHeaders) return { text };
  return input;
}

/** Reads one file kind into a `ReceiptInput`. */
export type ReceiptInputLoader = (bytes: Uint8Array) => Promise<ReceiptInput> | ReceiptInput;

const utf8 = new TextDecoder('utf-8');

/** File extension → loader, shared by the CLI and the evaluation. */
const loaders = new Map<string, ReceiptInputLoader>([
  ['.eml', (b) => receiptInputFromEml(b)],
  ['.html', (b) => receiptInputFromHtml(utf8.decode(b))],
  ['.htm', (b) => receiptInputFromHtml(utf8.decode(b))],
  ['.txt', (b) => receiptInputFromText(utf8.decode(b))],
  ['.json', (b) => receiptInputFromGmailJson(utf8.decode(b))],
]);

export const supportedReceiptExtensions = (): string[] => [...loaders.keys()];

/** The loader for a file name's extension, or undefined when the kind is not supported. */
export function receiptInputLoaderFor(fileName: string): ReceiptInputLoader | undefined {
  const m = /\.[^./\\]+$/.exec(fileName);
  return m ? loaders.get(m[0].toLowerCase()) : undefined;
}
