/**
 * PDF bytes → plain text in reading order, shaped like `pdftotext` (default mode) output,
 * because the Hyresavi rules (docs/flows.md#rent-notice-rules) were written against that shape:
 * - text items on the same baseline form one line, left to right;
 * - a larger vertical gap becomes a blank line (a new text block);
 * - a table of two far-apart columns (labels left, amounts right) is emitted column by column,
 *   labels block first, then amounts block (a single such line too, as pdftotext does).
 * Bad input never throws: the result says why there is no text.
 */
import { getResolvedPDFJS } from 'unpdf';

type PdfJs = Awaited<ReturnType<typeof getResolvedPDFJS>>;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

export interface PdfLimits {
  /** Larger files are rejected before parsing. */
  maxBytes: number;
  /** Documents with more pages are rejected (a rent notice has one or two). */
  maxPages: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxBytes: 10 * 1024 * 1024, maxPages: 20 };

export type PdfRejectReason = 'empty' | 'not_pdf' | 'too_large' | 'too_many_pages' | 'encrypted' | 'corrupt' | 'no_text';

export type PdfTextResult = { ok: true; text: string; pages: number } | { ok: false; reason: PdfRejectReason };

/** The header may follow up to 1 KiB of junk (PDF 1.7 §7.5.2, readers tolerate it). */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export async function extractPdfText(bytes: Uint8Array, limits: Partial<PdfLimits> = {}): Promise<PdfTextResult> {
  const { maxBytes, maxPages } = { ...DEFAULT_PDF_LIMITS, ...limits };
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
  if (!looksLikePdf(bytes)) return { ok: false, reason: 'not_pdf' };
  return withPdfWorker(async (pdfjs, worker) => {
    let doc: PdfDocument | undefined;
    try {
      doc = await pdfjs.getDocument({
        // pdf.js detaches the buffer it is given and refuses Node Buffers: pass a plain copy.
        data: new Uint8Array(bytes),
        worker,
        verbosity: 0,
        isEvalSupported: false,
        useSystemFonts: false,
        // No FontFace in Node: without this every font's program is cloned to the page side unused.
        disableFontFace: true,
        stopAtErrors: false,
      }).promise;
      if (doc.numPages > maxPages) return { ok: false, reason: 'too_many_pages' } as const;
      const pages: string[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        pages.push(layoutPage(content.items.flatMap(toTextItem)));
      }
      const text = pages.join('\n\n').trim();
      if (text.length === 0) return { ok: false, reason: 'no_text' } as const;
      return { ok: true, text, pages: doc.numPages } as const;
    } catch (err) {
      return { ok: false, reason: (err as { name?: string })?.name === 'PasswordException' ? 'encrypted' : 'corrupt' } as const;
    } finally {
      await doc?.destroy().catch(() => undefined);
    }
  });
}

let pdfjsModule: Promise<PdfJs> | undefined;

/**
 * pdf.js inflates each compressed stream through the web `DecompressionStream` when the global
 * exists, else with its own synchronous inflate. For the many small streams of a notice the web
 * stream's setup costs more than the inflating: without it a parse takes about a fifth less time
 * (bench:parse). A stored notice whose streams inflate too far never reaches pdf.js
 * (parse-job.ts), so the synchronous path stays bounded. Nothing else PayPulse runs uses the global.
 */
function useSyncInflate(): void {
  Reflect.deleteProperty(globalThis, 'DecompressionStream');
}
type SharedWorker = { worker: InstanceType<PdfJs['PDFWorker']>; uses: number; open: number };
let current: SharedWorker | undefined;
/** Documents per worker before it is replaced: pdf.js keeps a little per document on its worker. */
const DOCUMENTS_PER_WORKER = 200;

/**
 * A pdf.js worker shared by the documents of this process (of this thread of the local parse
 * pool): its setup is a third of a small notice's parse. Documents on it stay separate (each has
 * its own id and is destroyed after use); after `DOCUMENTS_PER_WORKER` it is replaced, and
 * destroyed once its last open document is, so memory stays flat over a long-lived process.
 */
async function withPdfWorker<T>(use: (pdfjs: PdfJs, worker: SharedWorker['worker']) => Promise<T>): Promise<T> {
  if (!pdfjsModule) useSyncInflate();
  const pdfjs = await (pdfjsModule ??= getResolvedPDFJS().catch((err: unknown) => {
    pdfjsModule = undefined;
    throw err;
  }));
  if (!current || current.uses >= DOCUMENTS_PER_WORKER) {
    if (current?.open === 0) current.worker.destroy();
    current = { worker: new pdfjs.PDFWorker({ verbosity: 0 }), uses: 0, open: 0 };
  }
  const w = current;
  w.uses++;
  w.open++;
  try {
    return await use(pdfjs, w.worker);
  } finally {
    w.open--;
    if (w !== current && w.open === 0) w.worker.destroy();
  }
}

interface TextItem {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function toTextItem(raw: unknown): TextItem[] {
  const it = raw as { str?: unknown; transform?: number[]; width?: number; height?: number };
  if (typeof it.str !== 'string' || it.str.trim() === '' || !Array.isArray(it.transform)) return [];
  const [, , , d = 0, x = 0, y = 0] = it.transform;
  const h = it.height && it.height > 0 ? it.height : Math.abs(d) || 10;
  return [{ str: it.str, x, y, w: it.width ?? 0, h }];
}

interface Line {
  y: number;
  h: number;
  /** Runs of items separated by a column-sized horizontal gap. */
  segments: Array<{ text: string; left: number; right: number }>;
}

/** A horizontal gap wider than this many font heights separates two columns. */
const COLUMN_GAP_EM = 2.5;
/** A vertical gap wider than this many font heights starts a new text block. */
const BLOCK_GAP_EM = 1.9;

function layoutPage(items: TextItem[]): string {
  const lines = groupLines(items);
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (i > 0 && lines[i - 1]!.y - lines[i]!.y > BLOCK_GAP_EM * lines[i]!.h) out.push('');
    const run = columnRun(lines, i);
    if (run > 0) {
      const rows = lines.slice(i, i + run);
      out.push(...rows.map((l) => l.segments[0]!.text), '', ...rows.map((l) => l.segments[1]!.text));
      i += run;
    } else {
      out.push(lines[i]!.segments.map((s) => s.text).join(' '));
      i += 1;
    }
  }
  return out.join('\n');
}

function groupLines(items: TextItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextItem[][] = [];
  for (const it of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0]!.y - it.y) <= Math.max(1, 0.4 * it.h)) row.push(it);
    else rows.push([it]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    const h = Math.max(...row.map((r) => r.h));
    const segments: Line['segments'] = [];
    for (const it of row) {
      const seg = segments[segments.length - 1];
      const gap = seg ? it.x - seg.right : Infinity;
      if (seg && gap <= COLUMN_GAP_EM * h) {
        seg.text += gap > 0.15 * it.h ? ` ${it.str}` : it.str;
        seg.right = Math.max(seg.right, it.x + it.w);
      } else {
        segments.push({ text: it.str, left: it.x, right: it.x + it.w });
      }
    }
    for (const s of segments) s.text = s.text.replace(/\s+/g, ' ').trim();
    return { y: row[0]!.y, h, segments };
  });
}

/**
 * How many lines starting at `start` form a two-column table: each has exactly two segments,
 * the right column is aligned (left or right edge within 2 pt) and rows are not a block apart.
 */
function columnRun(lines: Line[], start: number): number {
  const first = lines[start]!;
  if (first.segments.length !== 2) return 0;
  const ref = first.segments[1]!;
  let n = 1;
  while (start + n < lines.length) {
    const prev = lines[start + n - 1]!;
    const line = lines[start + n]!;
    const right = line.segments[1];
    if (line.segments.length !== 2 || !right) break;
    if (prev.y - line.y > BLOCK_GAP_EM * line.h) break;
    if (Math.abs(right.left - ref.left) > 2 && Math.abs(right.right - ref.right) > 2) break;
    n++;
  }
  return n;
}
