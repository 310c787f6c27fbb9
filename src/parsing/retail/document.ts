import * as cheerio from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import type { ReceiptInput } from './types.js';

/**
 * The email parsed once and shared by every stage: the DOM (when there is HTML) and the visible
 * text as lines, where table cells are separated by a tab and block elements end a line. Label
 * rules work on lines because receipts put a label and its value either in one row or in two
 * consecutive blocks.
 */
export interface ReceiptDocument {
  $?: cheerio.CheerioAPI;
  /** The elements the stages look for, found in one pass over the DOM instead of a selector query each. */
  elements?: DocumentElements;
  lines: string[];
  /** `lines` joined by newlines. */
  text: string;
  title: string;
}

export interface DocumentElements {
  /** Alt texts of the first three images that have one (a logo is among them). */
  imgAlts: string[];
  h1?: Element;
  /** `<script type="application/ld+json">` blocks. */
  jsonLd: Element[];
  /** Elements with `itemscope` (microdata). */
  itemscopes: Element[];
}

/** Larger inputs are cut: no real receipt is bigger, and the cascade must stay fast on hostile input. */
export const MAX_HTML_CHARS = 2_000_000;
export const MAX_TEXT_CHARS = 500_000;

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'center', 'dd', 'div', 'dl', 'dt', 'footer', 'form', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'tfoot',
  'thead', 'tr', 'ul', 'caption',
]);
const CELL = new Set(['td', 'th']);
const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg', 'title', 'meta', 'link']);
// Zero-width and soft-hyphen characters that preheaders use as padding.
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

const NOT_BLANK = /[^\s\u00ad\u200b-\u200f\ufeff]/;

export function cleanLine(s: string): string {
  return s.replace(INVISIBLE, '').replace(/[^\S\t]+/g, ' ').replace(/ ?\t[\t ]*/g, '\t').trim().replace(/^\t+|\t+$/g, '');
}

function toLines(raw: string): string[] {
  const out: string[] = [];
  for (const l of raw.split('\n')) {
    // Most lines of an HTML email are indentation only.
    if (!NOT_BLANK.test(l)) continue;
    const c = cleanLine(l);
    if (c && !/^[\t|*_\-–—=•·.:]+$/.test(c)) out.push(c);
  }
  return out;
}

function walk(node: AnyNode, buf: string[]): void {
  // Iterative to survive deeply nested (fuzzed) markup without a stack overflow.
  const stack: (AnyNode | string)[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === 'string') {
      buf.push(n);
      continue;
    }
    if (n.type === 'text') {
      buf.push((n as unknown as { data: string }).data);
      continue;
    }
    if (n.type !== 'tag' && n.type !== 'root') continue;
    const el = n as Element;
    const name = n.type === 'tag' ? el.name.toLowerCase() : '';
    if (SKIP.has(name)) continue;
    if (name === 'img') {
      const alt = el.attribs?.alt?.trim();
      if (alt && alt.length > 1) buf.push(` ${alt} `);
      continue;
    }
    const after = BLOCK.has(name) ? '\n' : CELL.has(name) ? '\t' : '';
    if (after) stack.push(after);
    const kids = el.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    if (BLOCK.has(name)) stack.push('\n');
  }
}

/** Plain text receipts often wrap bold values in `*…*` (text/plain rendering of HTML). */
function decodeTextEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff))).replace(/&(amp|lt|gt|quot|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' })[e] ?? '');
}

/** Every element the stages query, in document order, in one iterative pass. */
function indexElements(root: AnyNode): { elements: DocumentElements; title?: Element } {
  const elements: DocumentElements = { imgAlts: [], jsonLd: [], itemscopes: [] };
  let title: Element | undefined;
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'tag' && n.type !== 'root' && n.type !== 'script') continue;
    const el = n as Element;
    if (n.type !== 'root') {
      const name = el.name.toLowerCase();
      const a = el.attribs ?? {};
      if (name === 'img' && a.alt !== undefined && elements.imgAlts.length < 3) elements.imgAlts.push(a.alt);
      else if (name === 'h1') elements.h1 ??= el;
      else if (name === 'title') title ??= el;
      else if (name === 'script' && a.type?.trim().toLowerCase() === 'application/ld+json') elements.jsonLd.push(el);
      if (a.itemscope !== undefined) elements.itemscopes.push(el);
    }
    const kids = el.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return { elements, ...(title ? { title } : {}) };
}

export function loadDocument(input: ReceiptInput): ReceiptDocument {
  const html = input.html?.slice(0, MAX_HTML_CHARS);
  if (html && html.trim()) {
    const $ = cheerio.load(html);
    const buf: string[] = [];
    const roots = $.root().toArray();
    for (const root of roots) walk(root, buf);
    const { elements, title: titleEl } = indexElements(roots[0]!);
    const title = titleEl ? cleanLine($(titleEl).text()) : '';
    let lines = toLines(buf.join(''));
    // Some HTML parts are a thin wrapper while the text part has the receipt: read the richer one.
    if (input.text) {
      const fromText = textLines(input.text);
      if (contentLength(fromText) > 2 * contentLength(lines)) lines = fromText;
    }
    return { $, elements, ...withSubject(lines, input.subject), title };
  }
  return { ...withSubject(textLines(input.text ?? ''), input.subject), title: '' };
}

/** Visible words only: long tracking URLs must not make a thin part look rich. */
const contentLength = (lines: string[]): number => lines.join(' ').replace(/\bhttps?:\/\/\S+/g, '').length;

function textLines(text: string): string[] {
  return toLines(decodeTextEntities(text.slice(0, MAX_TEXT_CHARS)).replace(/\*([^*\n]{1,200})\*/g, '$1'));
}

/** A (nearly) empty body — e.g. an export that kept only the subject/snippet — is read from the subject. */
function withSubject(lines: string[], subject: string | undefined): { lines: string[]; text: string } {
  const all = lines.length < 3 && subject ? [cleanLine(decodeTextEntities(subject)), ...lines] : lines;
  return { lines: all, text: all.join('\n') };
}
