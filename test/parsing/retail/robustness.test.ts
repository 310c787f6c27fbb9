import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';
import { receiptInputFromEml, receiptInputFromHtml } from '../../../src/parsing/retail/input.js';
import type { ReceiptInput } from '../../../src/parsing/retail/types.js';
import { loadVendorRules } from '../../../src/parsing/retail/vendor-rules.js';
import { RECEIPTS, NON_RECEIPTS } from './fixtures.js';
import { seededRandom } from '../../../src/demo/random.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const vendorRules = loadVendorRules();

describe('bad input', () => {
  it('empty input is not a receipt', async () => {
    for (const input of [{}, { html: '' }, { text: '   ' }, { html: '<html></html>' }] as ReceiptInput[]) {
      const got = await extractReceipt(input, { now: NOW });
      assert.equal(got.isReceipt, false);
      assert.equal(got.base.total_amount, null);
    }
  });

  it('a 5 MB email finishes quickly and still finds the total', async () => {
    const filler = '<tr><td>Lorem ipsum dolor sit amet, consectetur adipiscing elit</td></tr>'.repeat(80_000);
    const html = `<p>Thanks for your order</p><table>${filler}</table><p>Total: $12.34</p>`;
    assert.ok(html.length >= 5 * 1024 * 1024);
    const t = Date.now();
    const got = await extractReceipt({ html, fromName: 'BigShop' }, { vendorRules, now: NOW });
    assert.ok(Date.now() - t < 10_000);
    assert.equal(got.isReceipt, true);
    assert.equal(got.base.vendor_name, 'BigShop');
  });

  it('broken HTML is read as far as it goes', async () => {
    const html = '<table><tr><td>Totalt<td>289,50 kr<tr><td><b>Ordernummer: 4410</i></table></div></div><p>Tack för din beställning<script>if(';
    const got = await extractReceipt({ html, fromName: 'Butiken' }, { now: NOW });
    assert.equal(got.base.total_amount, 289.5);
    assert.equal(got.base.currency, 'SEK');
    assert.equal(got.base.order_id, '4410');
  });

  it('decodes mixed charsets (ISO-8859-1 HTML part, UTF-8 text part)', async () => {
    const latin1Html = Buffer.from('<p>Tack för ditt köp hos Åhléns</p><p>Att betala: 1 234,50 kr</p>', 'latin1');
    const raw = Buffer.concat([
      Buffer.from(
        'From: =?utf-8?q?=C3=85hl=C3=A9ns?= <kvitto@ahlens.se>\r\nSubject: =?iso-8859-1?q?Ditt_kvitto_fr=E5n_=C5hl=E9ns?=\r\nDate: Sat, 4 Oct 2025 12:00:00 +0200\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTack för ditt köp! Att betala: 1 234,50 kr\r\n' +
          '--b\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        'utf8',
      ),
      latin1Html,
      Buffer.from('\r\n--b--\r\n', 'utf8'),
    ]);
    const input = await receiptInputFromEml(raw);
    assert.equal(input.subject, 'Ditt kvitto från Åhléns');
    const got = await extractReceipt(input, { now: NOW });
    assert.equal(got.base.vendor_name, 'Åhléns');
    assert.equal(got.base.total_amount, 1234.5);
    assert.equal(got.base.invoice_date, '2025-10-04');
  });

  it('a hostile nesting depth does not overflow the stack', async () => {
    const html = `${'<div>'.repeat(20_000)}Total 5 kr${'</div>'.repeat(20_000)}`;
    const got = await extractReceipt(receiptInputFromHtml(html), { now: NOW });
    assert.equal(got.base.total_amount, 5);
  });

  it('broken JSON-LD and odd microdata are ignored, not fatal', async () => {
    const html =
      '<script type="application/ld+json">{"@type": "Order", "price": </script>' +
      '<script type="application/ld+json">[null, 1, "x", {"@type": ["Order"], "totalPaymentDue": {"price": "12.5", "priceCurrency": "EUR"}, "seller": [{"name": "Brokenshop"}]}]</script>' +
      '<div itemscope itemtype="http://schema.org/Order"><span itemprop="orderNumber"></span><div itemprop="merchant" itemscope></div></div>';
    const got = await extractReceipt({ html }, { now: NOW });
    assert.equal(got.base.total_amount, 12.5);
    assert.equal(got.base.currency, 'EUR');
    assert.equal(got.base.vendor_name, 'Brokenshop');
  });
});


const JUNK = ['<', '>', '</td>', '<tr>', '<table>', '"', '&amp;', '&#x0;', '\u0000', '\uFFFD', '€', 'kr', '$', ',', '.', '-', '\n', '\t', '9', '٣', '<script>', '<!--', ']]>', '{"@type":"Order"', 'itemscope', '1 234,5', '2025-13-45', 'Total', 'Totalt:'];

function mutate(s: string, rnd: () => number): string {
  let out = s;
  const ops = 1 + Math.floor(rnd() * 8);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const op = Math.floor(rnd() * 5);
    if (op === 0) out = out.slice(0, at) + JUNK[Math.floor(rnd() * JUNK.length)] + out.slice(at);
    else if (op === 1) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 200));
    else if (op === 2) out = out.slice(0, at); // truncation
    else if (op === 3) {
      const from = Math.floor(rnd() * out.length);
      out = out.slice(0, at) + out.slice(from, from + 100) + out.slice(at);
    } else out = out.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 0xffff)) + out.slice(at);
  }
  return out;
}

describe('fuzz', () => {
  it('1000+ mutated emails go through the cascade with no exception', async () => {
    const rnd = seededRandom(20260125);
    const seeds = [...RECEIPTS.map((r) => r.content), ...NON_RECEIPTS.map((r) => r.content)];
    let runs = 0;
    let receipts = 0;
    const start = Date.now();
    for (let i = 0; i < 1100; i++) {
      const src = mutate(seeds[i % seeds.length]!, rnd);
      const asEml = rnd() < 0.3;
      try {
        const input = asEml ? await receiptInputFromEml(src) : rnd() < 0.5 ? { html: src } : { text: src };
        const got = await extractReceipt({ ...input, subType: RECEIPTS[i % RECEIPTS.length]!.subType }, { vendorRules, now: NOW });
        runs++;
        if (got.isReceipt) receipts++;
        assert.ok(got.status === 'ok' || got.status === 'needs_review');
        assert.ok(got.base.total_amount === null || Number.isFinite(got.base.total_amount));
      } catch (err) {
        assert.fail(`fuzz case ${i} (seed 20260125) threw: ${(err as Error).stack}`);
      }
    }
    assert.equal(runs, 1100);
    assert.ok(receipts > 100, 'mutations keep many receipts readable');
    assert.ok(Date.now() - start < 30_000);
  });
});
