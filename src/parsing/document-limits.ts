/**
 * Cheap, linear pre-checks run before a document reaches pdf.js or cheerio, whose cost grows
 * faster than the input on hostile shapes: a small PDF whose content streams inflate to tens
 * of megabytes, or HTML nested thousands of elements deep.
 */
import { constants, inflateSync } from 'node:zlib';

/** Why a document was not (fully) parsed; stored among the `needs_review` reasons. */
export type BudgetReason = 'pdf_expands_too_much' | 'html_too_deep' | 'parse_timeout' | 'parse_memory_exceeded';

/** Rent notices inflate to well under 1 MB (text, a few font subsets, a logo). */
export const MAX_PDF_EXPANDED_BYTES = 8 * 1024 * 1024;
/** Real email HTML nests a few dozen levels (layout tables); parsing cost grows with depth. */
export const MAX_HTML_DEPTH = 400;

/**
 * True when the PDF's streams together inflate to more than `max` bytes. Every
 * `stream … endstream` body is tried as zlib data (FlateDecode, also inside object streams);
 * bodies that are not zlib are skipped, inflation stops as soon as the budget is spent.
 */
export function pdfExpandsBeyond(bytes: Uint8Array, max: number = MAX_PDF_EXPANDED_BYTES): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let left = max;
  let pos = 0;
  for (;;) {
    const at = buf.indexOf('stream', pos, 'latin1');
    if (at < 0) return false;
    pos = at + 6;
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    let start = pos;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const found = buf.indexOf('endstream', start, 'latin1');
    const end = found < 0 ? buf.length : found; // unterminated: pdf.js reads to the end as well
    pos = end + 9;
    if (buf[start] !== 0x78) continue; // not a zlib header
    try {
      left -= inflateSync(buf.subarray(start, end), { maxOutputLength: left + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return true;
      continue; // damaged data: pdf.js will decide what it can read
    }
    if (left < 0) return true;
  }
}

/** Elements the HTML parser closes implicitly or that have no content: they never deepen the tree. */
const FLAT = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'dt',
  'dd', 'tr', 'td', 'th', 'option', 'tbody', 'thead', 'tfoot', 'colgroup', '!doctype',
]);

const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 33;

/**
 * True when open tags nest deeper than `max` (an upper estimate: a tag left unclosed counts as
 * open). One pass over the string, no regex.
 */
export function htmlDeeperThan(html: string, max: number = MAX_HTML_DEPTH): boolean {
  let depth = 0;
  let gt = -1; // the first '>' at or after the current tag name (reused: keeps the scan linear)
  for (let i = html.indexOf('<'); i >= 0; ) {
    const closing = html.charCodeAt(i + 1) === 47; // '/'
    let j = i + (closing ? 2 : 1);
    const nameStart = j;
    while (j < html.length && isNameChar(html.charCodeAt(j))) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    if (!name) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    if (name.startsWith('!--')) {
      const endComment = html.indexOf('-->', nameStart);
      i = endComment < 0 ? -1 : html.indexOf('<', endComment + 3);
      continue;
    }
    if (gt < j) gt = html.indexOf('>', j);
    if (gt < 0) return false;
    if (!FLAT.has(name)) {
      if (closing) depth = Math.max(0, depth - 1);
      else if (html.charCodeAt(gt - 1) !== 47) {
        depth++;
        if (depth > max) return true;
      }
    }
    i = html.indexOf('<', gt + 1);
  }
  return false;
}

/** The text between the tags, in one pass: what is left to read when the markup is refused. */
export function htmlText(html: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt));
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    out.push('\n');
    i = gt + 1;
  }
  return out.join('');
}
