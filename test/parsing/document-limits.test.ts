import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { RENT_NOTICE_LAYOUTS, renderRentNotice, sampleRentNotice, seededRandom } from '../../src/demo/rent-notice-pdf.js';
import { htmlDeeperThan, htmlText, MAX_HTML_DEPTH, pdfExpandsBeyond } from '../../src/parsing/document-limits.js';
import { runParseJob } from '../../src/parsing/document-parser.js';
import { extractReceipt } from '../../src/parsing/retail/cascade.js';
import { deepHtml, expandingPdf } from '../support/hostile.js';
import { RECEIPTS } from './retail/fixtures.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const OPTS = { userId: 'u1', key: 'invoices/u1/rental/Hyresavi_bomb.pdf', now: NOW };

/**
 * A bound only a super-linear pass would exceed: over these inputs (at most ~700k characters) a
 * linear pass takes milliseconds even on a loaded machine, a quadratic one minutes.
 */
function quick<T>(f: () => T): T {
  const t0 = performance.now();
  const out = f();
  assert.ok(performance.now() - t0 < 5_000, `took ${Math.round(performance.now() - t0)} ms`);
  return out;
}

describe('PDF expansion cap', () => {
  it('finds a small PDF that inflates beyond the cap, and stops inflating there', () => {
    const bomb = expandingPdf(1_000_000); // ~22 MB of content operators
    assert.ok(bomb.length < 100_000);
    assert.equal(quick(() => pdfExpandsBeyond(bomb)), true);
    assert.equal(pdfExpandsBeyond(expandingPdf(10_000), 100_000), true);
    assert.equal(pdfExpandsBeyond(expandingPdf(10_000), 1_000_000), false);
  });

  it('lets every rent-notice layout through', async () => {
    for (const layout of RENT_NOTICE_LAYOUTS) {
      assert.equal(pdfExpandsBeyond(await renderRentNotice(sampleRentNotice(layout, seededRandom(7)))), false, layout);
    }
  });

  it('counts every stream, and survives damaged or unterminated ones', () => {
    const z = deflateSync(Buffer.alloc(600_000));
    const two = Buffer.concat([Buffer.from('%PDF-1.4\nstream\n'), z, Buffer.from('\nendstream\nstream\r\n'), z, Buffer.from('\nendstream')]);
    assert.equal(pdfExpandsBeyond(two, 1_000_000), true);
    assert.equal(pdfExpandsBeyond(two, 1_300_000), false);
    for (const junk of ['%PDF-1.4\nstream\nx\x9c\x00\x01garbage\nendstream', '%PDF-1.4\nstream\n', 'endstream'.repeat(1000), 'stream\n'.repeat(50_000)]) {
      assert.equal(quick(() => pdfExpandsBeyond(Buffer.from(junk, 'latin1'))), false);
    }
    assert.equal(pdfExpandsBeyond(two.subarray(0, 16 + z.length / 2), 100_000), true, 'a truncated stream counts what it inflates to');
  });

  it('a PDF over the cap becomes a needs_review rent notice with the reason and every key', async () => {
    const got = await runParseJob({ kind: 'rental', bytes: expandingPdf(1_000_000), opts: OPTS }, {});
    assert.ok('item' in got);
    assert.equal(got.item.parse_status, 'needs_review');
    assert.ok((got.item.parse_reasons as string[]).includes('pdf_expands_too_much'));
    assert.equal(got.item.InvoiceID, 'Invoice_bomb');
    for (const k of ['OCR', 'Due Date', 'Total Amount', 'Hyra', 'El', 'Kallvatten', 'Varmvatten', 'Moms']) assert.ok(k in got.item, k);
  });
});

describe('HTML depth cap', () => {
  it('counts nesting up to the cap', () => {
    assert.equal(htmlDeeperThan(deepHtml(MAX_HTML_DEPTH)), false);
    assert.equal(htmlDeeperThan(deepHtml(MAX_HTML_DEPTH + 1)), true);
    assert.equal(htmlDeeperThan(deepHtml(MAX_HTML_DEPTH + 1, 'FONT')), true);
    assert.equal(htmlDeeperThan('<div>'.repeat(10) + '</div>'.repeat(10), 5), true);
    assert.equal(htmlDeeperThan('<div><span></span></div>'.repeat(1000), 5), false);
  });

  it('ignores what the HTML parser never nests: void, implicitly closed, self-closed, comments', () => {
    for (const flat of ['<p>a', '<li>a', '<td>a', '<tr>', '<br>', '<img src=x>', '<div/>', '<!-- <div> -->', '< div', 'a < b']) {
      assert.equal(htmlDeeperThan(flat.repeat(2_000), 10), false, flat);
    }
  });

  it('lets every receipt fixture through', () => {
    for (const r of RECEIPTS) assert.equal(htmlDeeperThan(r.content), false, r.name);
  });

  it('stays linear on hostile shapes', () => {
    for (const s of ['<a'.repeat(200_000) + '>', '<'.repeat(400_000), '<!--'.repeat(100_000), '<a>'.repeat(200_000)]) {
      quick(() => htmlDeeperThan(s));
      quick(() => htmlText(s));
    }
  });

  it('too deep: the markup is refused, the words are still read, the receipt is held for review', async () => {
    const got = await runParseJob({ kind: 'receipt', input: { html: deepHtml(100_000), fromName: 'Shop' }, now: NOW }, {});
    assert.equal(got.status, 'needs_review');
    assert.equal(got.reasons[0], 'html_too_deep');
    assert.equal(got.base.total_amount, 10);
  });
});

describe('linear regexes', () => {
  it('a utility receipt with a huge digit run is read in linear time', async () => {
    // 90k digits (the hints read the first 100k characters): the unbounded pattern took seconds.
    const text = `Vattenfall\nElförbrukning ${'1'.repeat(90_000)} x\nFörbrukning 450 kWh\nAtt betala: 100 kr`;
    const t0 = performance.now();
    const got = await extractReceipt({ text, subType: 'utility', fromName: 'Vattenfall' }, { now: NOW });
    assert.ok(performance.now() - t0 < 4_000, `took ${Math.round(performance.now() - t0)} ms`);
    assert.equal(got.detail.usage_details, '450 kWh');
  });
});
