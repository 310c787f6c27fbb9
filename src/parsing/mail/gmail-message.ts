/**
 * Turns a Gmail API `users.messages.get` answer into our decoded shape: `format=raw` by decoding
 * the RFC 822 bytes (docs/flows.md#reading-a-message), `format=full`/`metadata` from the payload tree. Used by the CLI
 * for `.json` inputs and by the evaluation. Malformed input gives a clear `GmailMessageError`.
 */
import PostalMime, { addressParser, decodeWords } from 'postal-mime';
import { formatAddress, headerBlock, parseDateHeader, parseEmail, type EmailAttachment, type ParsedEmail } from './email.js';

export class GmailMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GmailMessageError';
  }
}

export interface GmailPartJson {
  partId?: string;
  mimeType?: string;
  filename?: string;
  headers?: { name?: string; value?: string }[];
  body?: { size?: number; data?: string; attachmentId?: string };
  parts?: GmailPartJson[];
}

export interface GmailMessageJson {
  id?: string;
  threadId?: string;
  labelIds?: string[];
  internalDate?: string;
  raw?: string;
  payload?: GmailPartJson;
}

/** An attachment as Gmail sees it: a part with a file name, or whose body is fetched by id. */
export interface GmailAttachmentRef {
  filename: string;
  mimeType: string;
  size: number;
  attachmentId?: string;
}

export interface DecodedGmailMessage {
  id?: string;
  threadId?: string;
  labelIds: string[];
  internalDate?: Date;
  format: 'raw' | 'full' | 'metadata' | 'minimal';
  /** Subject and From header values, RFC 2047-decoded, otherwise as written (quotes kept). */
  subject: string;
  from: string;
  /** Our decoded email; for `full`, attachments whose bytes could not be had are only in `attachmentRefs`. */
  email: ParsedEmail;
  attachmentRefs: GmailAttachmentRef[];
  /** The RFC 822 bytes (format=raw only). */
  raw?: Uint8Array;
}

export interface DecodeOptions {
  /** Supplies the bytes of an `attachmentId` body (users.messages.attachments.get); optional. */
  loadAttachment?: (attachmentId: string) => Promise<Uint8Array | undefined>;
}

const b64url = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

function textOf(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // unknown charset label
  }
}

function decodedHeader(headers: { name?: string; value?: string }[] | undefined, name: string): string | undefined {
  const h = headers?.find((x) => x.name?.toLowerCase() === name);
  return h?.value === undefined ? undefined : decodeWords(h.value);
}

function sender(from: string): Pick<ParsedEmail, 'from' | 'fromName' | 'fromHeader'> {
  const first = addressParser(from)[0];
  const address = first && 'address' in first && first.address ? first.address : '';
  const name = first?.name ?? '';
  return { from: address.toLowerCase(), fromName: name, fromHeader: formatAddress(name, address) };
}

async function fromRaw(json: GmailMessageJson, base: Omit<DecodedGmailMessage, 'format' | 'subject' | 'from' | 'email' | 'attachmentRefs'>): Promise<DecodedGmailMessage> {
  const raw = b64url(json.raw!);
  const email = await parseEmail(raw);
  const head = await PostalMime.parse(headerBlock(raw));
  const value = (k: string) => {
    const v = head.headers.find((h) => h.key === k)?.value;
    return v === undefined ? '' : decodeWords(v);
  };
  return {
    ...base,
    format: 'raw',
    subject: value('subject') || email.subject,
    from: value('from'),
    email,
    // Gmail's notion: every part with a non-empty file name.
    attachmentRefs: email.attachments
      .filter((a) => a.filename)
      .map((a) => ({ filename: a.filename!, mimeType: a.mimeType, size: a.content.length })),
    raw,
  };
}

async function fromPayload(json: GmailMessageJson, base: Omit<DecodedGmailMessage, 'format' | 'subject' | 'from' | 'email' | 'attachmentRefs'>, opts: DecodeOptions): Promise<DecodedGmailMessage> {
  const payload = json.payload!;
  const refs: GmailAttachmentRef[] = [];
  const attachments: EmailAttachment[] = [];
  let html: string | undefined;
  let text: string | undefined;
  const walk = async (part: GmailPartJson, depth: number): Promise<void> => {
    if (depth > 64) return; // hostile nesting
    const mimeType = (part.mimeType ?? '').toLowerCase();
    if (part.parts && part.parts.length > 0) {
      for (const p of part.parts) await walk(p, depth + 1);
      return;
    }
    const filename = part.filename ?? '';
    const ctype = part.headers?.find((h) => h.name?.toLowerCase() === 'content-type')?.value ?? mimeType;
    const disposition = part.headers?.find((h) => h.name?.toLowerCase() === 'content-disposition')?.value ?? '';
    const attachmentId = part.body?.attachmentId;
    if (filename || attachmentId) {
      refs.push({ filename, mimeType, size: part.body?.size ?? 0, ...(attachmentId ? { attachmentId } : {}) });
    }
    const isAttachment = !!filename || /^\s*attachment/i.test(disposition);
    if (!isAttachment && (mimeType === 'text/html' || mimeType === 'text/plain')) {
      let bytes: Uint8Array | undefined = part.body?.data ? b64url(part.body.data) : undefined;
      if (!bytes && attachmentId && opts.loadAttachment) bytes = await opts.loadAttachment(attachmentId);
      if (bytes) {
        const t = textOf(bytes, ctype);
        if (mimeType === 'text/html') html = html === undefined ? t : html + t;
        else text = text === undefined ? t : text + t;
      }
      return;
    }
    if (mimeType.startsWith('multipart/')) return; // an empty container
    let content: Uint8Array | undefined = part.body?.data ? b64url(part.body.data) : undefined;
    if (!content && attachmentId && opts.loadAttachment) content = await opts.loadAttachment(attachmentId);
    if (content) attachments.push({ filename: filename || null, mimeType: mimeType || 'application/octet-stream', content });
  };
  await walk(payload, 0);
  const subject = decodedHeader(payload.headers, 'subject') ?? '';
  const from = decodedHeader(payload.headers, 'from') ?? '';
  const dateHeader = payload.headers?.find((h) => h.name?.toLowerCase() === 'date')?.value;
  const messageId = payload.headers?.find((h) => h.name?.toLowerCase() === 'message-id')?.value;
  const email: ParsedEmail = {
    ...(messageId ? { messageId } : {}),
    subject,
    ...sender(from),
    ...(dateHeader ? { dateHeader } : {}),
    date: parseDateHeader(dateHeader),
    ...(html !== undefined ? { html } : {}),
    ...(text !== undefined ? { text } : {}),
    attachments,
  };
  return { ...base, format: json.payload?.parts || json.payload?.body?.data ? 'full' : 'metadata', subject, from, email, attachmentRefs: refs };
}

/** Decodes a `users.messages.get` answer (object or JSON text). */
export async function decodeGmailMessage(input: unknown, opts: DecodeOptions = {}): Promise<DecodedGmailMessage> {
  let json: GmailMessageJson;
  try {
    json = (typeof input === 'string' ? JSON.parse(input) : input) as GmailMessageJson;
  } catch {
    throw new GmailMessageError('not JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new GmailMessageError('not a Gmail message object');
  const internal = json.internalDate !== undefined ? new Date(Number(json.internalDate)) : undefined;
  const base = {
    ...(typeof json.id === 'string' ? { id: json.id } : {}),
    ...(typeof json.threadId === 'string' ? { threadId: json.threadId } : {}),
    labelIds: Array.isArray(json.labelIds) ? json.labelIds.filter((l): l is string => typeof l === 'string') : [],
    ...(internal && !Number.isNaN(internal.getTime()) ? { internalDate: internal } : {}),
  };
  if (typeof json.raw === 'string') return fromRaw(json, base);
  if (json.payload && typeof json.payload === 'object') return fromPayload(json, base, opts);
  if (base.id) {
    return { ...base, format: 'minimal', subject: '', from: '', email: { subject: '', from: '', fromName: '', attachments: [] }, attachmentRefs: [] };
  }
  throw new GmailMessageError('neither raw nor payload');
}
