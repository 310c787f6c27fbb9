import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RENT_NOTICE_LAYOUTS, renderRentNotice, sampleRentNotice, seededRandom } from '../../../src/demo/rent-notice-pdf.js';
import { extractPdfText } from '../../../src/parsing/rental/pdf-text.js';

// Documents share one pdf.js worker per process, which is replaced every 200 documents.
test('documents parsed at once on the shared worker keep their own text, across worker replacements', async () => {
  const rand = seededRandom(11);
  const pdfs = await Promise.all(RENT_NOTICE_LAYOUTS.map((l) => renderRentNotice(sampleRentNotice(l, rand))));
  const alone: string[] = [];
  for (const pdf of pdfs) {
    const r = await extractPdfText(pdf);
    assert.ok(r.ok);
    alone.push(r.text);
  }
  assert.equal(new Set(alone).size, pdfs.length);
  const broken = new TextEncoder().encode('%PDF-1.4\n1 0 obj <</Type/Catalog>>');
  // Every layout plus a broken document, all in flight together, until past a replacement.
  for (let round = 0; round < Math.ceil(220 / (pdfs.length + 1)); round++) {
    const got = await Promise.all([...pdfs, broken].map((p) => extractPdfText(p)));
    assert.deepEqual(got.at(-1), { ok: false, reason: 'corrupt' });
    assert.deepEqual(
      got.slice(0, -1).map((r) => (r.ok ? r.text : r.reason)),
      alone,
      `round ${round}`,
    );
  }
});
