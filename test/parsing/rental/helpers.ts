/** Fixtures for the rental parsing tests, all generated here (tests never read /work/shared). */
import assert from 'node:assert/strict';
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';

export const NOW = new Date('2025-03-01T12:00:00Z');
export const OPTS = { userId: 'user_1', key: 'invoices/user_1/rental/Hyresavi_1306798107.pdf', now: NOW };

/** The iOS `RentalInvoice` model: every key required, with this JSON type (docs/api.md#what-the-ios-app-decodes). */
const IOS_KEYS: Record<string, 'string' | 'int'> = {
  InvoiceID: 'string', Filename: 'string', Hyra: 'int', El: 'int', Kallvatten: 'int', Varmvatten: 'int',
  'Total Amount': 'int', due_date_month: 'string', due_date_year: 'string', 'Due Date': 'string', Moms: 'int', OCR: 'string',
};

export function assertIosShape(item: Record<string, unknown>): void {
  for (const [key, type] of Object.entries(IOS_KEYS)) {
    const v = item[key];
    if (type === 'string') assert.equal(typeof v, 'string', key);
    else assert.ok(Number.isInteger(v), `${key} must be an integer, got ${String(v)}`);
  }
  assert.ok(item.parse_status === 'ok' || item.parse_status === 'needs_review');
  assert.ok(Array.isArray(item.parse_reasons));
  assert.ok(Array.isArray(item.line_items));
  assert.equal(typeof item.total_amount_exact, 'number');
  assert.equal(typeof item.UserID, 'string');
}

/** A one-page PDF with the given lines of text (top to bottom) in Helvetica. */
export async function textPdf(lines: string[], pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    lines.forEach((s, i) => page.drawText(s, { x: 50, y: 780 - i * 16, size: 10, font }));
  }
  return doc.save();
}

/** A page with vector graphics only, like a scan without a text layer. */
export async function drawingOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawRectangle({ x: 50, y: 600, width: 300, height: 120, borderWidth: 2 });
  page.drawLine({ start: { x: 50, y: 580 }, end: { x: 400, y: 580 }, thickness: 1 });
  return doc.save();
}

/**
 * A PDF with a Standard security handler (RC4, rev. 2) whose owner/user hashes do not match
 * the empty password, so a reader must ask for a password.
 */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Totalt att betala: 100', { x: 50, y: 700, font, size: 10 });
  const ctx = doc.context;
  const hex = (b: number) => PDFHexString.of(b.toString(16).padStart(2, '0').repeat(32));
  const encrypt = ctx.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -4 });
  encrypt.set(PDFName.of('O'), hex(0x11));
  encrypt.set(PDFName.of('U'), hex(0x22));
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  ctx.trailerInfo.ID = ctx.obj([hex(0x33), hex(0x33)]);
  return doc.save({ useObjectStreams: false });
}
