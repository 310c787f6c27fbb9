/**
 * Builds the `payload` tree of a Gmail `users.messages.get?format=full` answer from raw RFC 822
 * bytes, the way Gmail shapes it: partIds `""`, `0`, `0.1`…, header values as written (unfolded),
 * leaf bodies base64url of the transfer-decoded bytes, and parts with a file name carried by an
 * `attachmentId` instead of inline data.
 */
import { createHash } from 'node:crypto';
import { decodeWords } from 'postal-mime';

export interface GmailHeader {
  name: string;
  value: string;
}
export interface GmailPart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: GmailHeader[];
  body: { size: number; data?: string; attachmentId?: string };
  parts?: GmailPart[];
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

function splitHead(raw: Uint8Array): { headers: GmailHeader[]; body: Uint8Array } {
  const text = latin1(raw);
  const m = /\r?\n\r?\n/.exec(text);
  const headText = m ? text.slice(0, m.index) : text;
  const bodyStart = m ? m.index + m[0].length : text.length;
  const headers: GmailHeader[] = [];
  for (const line of headText.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    // Header values are bytes; Gmail shows UTF-8 text as text.
    headers.push({ name: line.slice(0, colon).trim(), value: Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8') });
  }
  return { headers, body: raw.subarray(bodyStart) };
}

function param(value: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${key}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  if (!m) return undefined;
  const v = m[1] ?? m[2] ?? '';
  // RFC 2231 `name*=utf-8''%E2%82%AC.pdf`
  const ext = /^([\w-]+)'[\w-]*'(.*)$/.exec(v);
  if (ext) {
    try {
      return decodeURIComponent(ext[2]!);
    } catch {
      return ext[2];
    }
  }
  return v;
}

function decodeTransfer(body: Uint8Array, encoding: string): Uint8Array {
  const enc = encoding.trim().toLowerCase();
  if (enc === 'base64') return new Uint8Array(Buffer.from(latin1(body).replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  if (enc === 'quoted-printable') {
    const s = latin1(body).replace(/=\r?\n/g, '');
    const out: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
        out.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else out.push(s.charCodeAt(i) & 0xff);
    }
    return new Uint8Array(out);
  }
  return body;
}

export function attachmentIdFor(messageId: string, partId: string): string {
  return `ANGjdJ_${createHash('sha256').update(`${messageId}/${partId}`).digest('base64url').slice(0, 40)}`;
}

export interface BuiltPayload {
  payload: GmailPart;
  /** attachmentId → decoded bytes. */
  attachments: Map<string, Uint8Array>;
}

export function buildPayload(raw: Uint8Array, messageId: string): BuiltPayload {
  const attachments = new Map<string, Uint8Array>();
  const walk = (bytes: Uint8Array, partId: string, depth: number): GmailPart => {
    const { headers, body } = splitHead(bytes);
    const h = (n: string) => headers.find((x) => x.name.toLowerCase() === n)?.value ?? '';
    const ctype = h('content-type') || 'text/plain';
    const mimeType = (ctype.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
    const filename = decodeWords(param(h('content-disposition'), 'filename') ?? param(ctype, 'name') ?? '');
    const boundary = param(ctype, 'boundary');
    if (mimeType.startsWith('multipart/') && boundary && depth < 32) {
      const text = latin1(body);
      const parts: GmailPart[] = [];
      const delim = `--${boundary}`;
      const pieces = text.split(new RegExp(`\\r?\\n?${delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      // pieces[0] is the preamble; a piece starting with "--" is the close delimiter.
      for (const piece of pieces.slice(1)) {
        if (piece.startsWith('--')) break;
        const content = piece.replace(/^[ \t]*\r?\n/, '');
        parts.push(walk(new Uint8Array(Buffer.from(content, 'latin1')), partId === '' ? String(parts.length) : `${partId}.${parts.length}`, depth + 1));
      }
      return { partId, mimeType, filename, headers, body: { size: 0 }, parts };
    }
    const decoded = decodeTransfer(body, h('content-transfer-encoding'));
    if (filename) {
      const attachmentId = attachmentIdFor(messageId, partId);
      attachments.set(attachmentId, decoded);
      return { partId, mimeType, filename, headers, body: { attachmentId, size: decoded.length } };
    }
    return {
      partId,
      mimeType,
      filename,
      headers,
      body: decoded.length > 0 ? { size: decoded.length, data: Buffer.from(decoded).toString('base64url') } : { size: 0 },
    };
  };
  return { payload: walk(raw, '', 0), attachments };
}
