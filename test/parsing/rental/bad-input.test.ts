import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRentNotice, sampleRentNotice, seededRandom } from '../../../src/demo/rent-notice-pdf.js';
import { extractPdfText } from '../../../src/parsing/rental/pdf-text.js';
import { parseRentalPdf } from '../../../src/parsing/rental/rental-item.js';
import { drawingOnlyPdf, encryptedPdf, OPTS, textPdf } from './helpers.js';

const skipped = async (bytes: Uint8Array, limits = {}) => parseRentalPdf(bytes, { ...OPTS, limits });

test('empty input', async () => {
  assert.deepEqual(await skipped(new Uint8Array()), { skipped: 'empty' });
});

test('not a PDF (HTML, text, PNG header)', async () => {
  for (const s of ['<html><body>Hyra 8 920</body></html>', 'Totalt att betala:\n\n9 815', '\x89PNG\r\n\x1a\n']) {
    assert.deepEqual(await skipped(new TextEncoder().encode(s)), { skipped: 'not_pdf' });
  }
});

test('truncated PDFs are rejected as corrupt', async () => {
  const pdf = await renderRentNotice(sampleRentNotice('wallenstam', seededRandom(3)));
  for (const n of [9, 200, Math.floor(pdf.length / 2), pdf.length - 30]) {
    assert.deepEqual(await skipped(pdf.slice(0, n)), { skipped: 'corrupt' }, `cut at ${n}`);
  }
});

test('encrypted PDF (password required)', async () => {
  assert.deepEqual(await skipped(await encryptedPdf()), { skipped: 'encrypted' });
});

test('image-only / drawing-only page has no text', async () => {
  assert.deepEqual(await skipped(await drawingOnlyPdf()), { skipped: 'no_text' });
});

test('byte and page limits', async () => {
  const pdf = await renderRentNotice(sampleRentNotice('norrbo', seededRandom(4)));
  assert.deepEqual(await skipped(pdf, { maxBytes: pdf.length - 1 }), { skipped: 'too_large' });
  assert.ok('item' in (await skipped(pdf, { maxBytes: pdf.length })));
  const threePages = await textPdf(['Att betala: 100 kr'], 3);
  assert.deepEqual(await skipped(threePages, { maxPages: 2 }), { skipped: 'too_many_pages' });
  const text = await extractPdfText(threePages, { maxPages: 3 });
  assert.ok(text.ok && text.pages === 3);
});

test('Swedish letters survive extraction', async () => {
  const res = await extractPdfText(await textPdf(['Förfallodatum: 2025-03-31', 'Värme Kallvatten ÅÄÖ åäö']));
  assert.ok(res.ok);
  assert.equal(res.text, 'Förfallodatum: 2025-03-31\nVärme Kallvatten ÅÄÖ åäö');
});

test('a Node Buffer (what fs and S3 give) is accepted and left intact', async () => {
  const pdf = Buffer.from(await renderRentNotice(sampleRentNotice('stenhus', seededRandom(5))));
  const copy = Buffer.from(pdf);
  assert.ok('item' in (await parseRentalPdf(pdf, OPTS)));
  assert.ok(pdf.equals(copy));
});
