import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';
import { receiptInputFromEml, receiptInputFromHtml, receiptInputFromText } from '../../../src/parsing/retail/input.js';
import type { ReceiptInput } from '../../../src/parsing/retail/types.js';
import { loadVendorRules } from '../../../src/parsing/retail/vendor-rules.js';
import { NON_RECEIPTS, RECEIPTS, type NonReceiptFixture, type ReceiptFixture } from './fixtures.js';

const NOW = new Date('2026-02-01T12:00:00Z');
const vendorRules = loadVendorRules();

async function toInput(f: Pick<ReceiptFixture, 'kind' | 'content'> | NonReceiptFixture): Promise<ReceiptInput> {
  if (f.kind === 'eml') return receiptInputFromEml(f.content);
  if (f.kind === 'html') return receiptInputFromHtml(f.content);
  return receiptInputFromText((f as ReceiptFixture).content);
}

describe('extractReceipt: receipts', () => {
  for (const f of RECEIPTS) {
    it(f.name, async () => {
      const input = { ...(await toInput(f)), subType: f.subType, ...(f.vendorId ? { vendorId: f.vendorId } : {}) };
      const got = await extractReceipt(input, { vendorRules, now: NOW });
      assert.equal(got.isReceipt, true, got.notReceiptReason);
      const { status, ...base } = f.expected;
      assert.deepEqual(got.base, base);
      assert.equal(got.status, status ?? 'ok', got.reasons.join('; '));
      for (const [k, v] of Object.entries(f.detail ?? {})) assert.deepEqual(got.detail[k], v, `detail.${k}`);
      for (const [k, v] of Object.entries(f.provenance ?? {})) assert.equal(got.provenance[k], v, `provenance.${k}`);
    });
  }
});

describe('extractReceipt: non-receipts are recognised', () => {
  for (const f of NON_RECEIPTS) {
    it(f.name, async () => {
      const got = await extractReceipt(await toInput(f), { vendorRules, now: NOW });
      assert.equal(got.isReceipt, false);
      assert.ok(got.notReceiptReason && got.notReceiptReason.length > 3);
      assert.equal(got.status, 'needs_review');
    });
  }
});

describe('extractReceipt: checks', () => {
  it('flags items that do not add up to the total', async () => {
    const html = '<p>Thanks for your order</p><table><tr><td>Lamp</td><td>$20.00</td></tr><tr><td>Total</td><td>$35.00</td></tr></table>';
    const got = await extractReceipt({ html, fromName: 'Lampshop' }, { now: NOW });
    assert.equal(got.base.total_amount, 35);
    assert.equal(got.status, 'needs_review');
    assert.ok(got.reasons.some((r) => r.includes('add up')), got.reasons.join('; '));
  });

  it('drops a date before 2000; a future order date gives way to the email date, else is kept for review', async () => {
    const html = '<p>Receipt</p><p>Order date: 2031-05-01</p><p>Total 10 kr</p>';
    const future = await extractReceipt({ html, fromName: 'Shop', emailDate: '2026-01-05' }, { now: NOW });
    assert.equal(future.base.invoice_date, '2026-01-05');
    assert.equal(future.provenance.invoice_date, 'email');
    assert.ok(future.reasons.some((r) => r.includes('implausible')));
    const printed = await extractReceipt({ html, fromName: 'Shop' }, { now: NOW });
    assert.equal(printed.base.invoice_date, '2031-05-01');
    assert.equal(printed.status, 'needs_review');
    assert.ok(printed.reasons.some((r) => r.includes('after the processing date')));
    const old = await extractReceipt({ html: '<p>Receipt</p><p>Order date: 1999-12-31</p><p>Total 10 kr</p>', fromName: 'Shop' }, { now: NOW });
    assert.equal(old.base.invoice_date, null);
    const withEmail = await extractReceipt({ html: '<p>Receipt</p><p>Total 10 kr</p>', fromName: 'Shop', emailDate: '2026-01-05' }, { now: NOW });
    assert.equal(withEmail.base.invoice_date, '2026-01-05');
    assert.equal(withEmail.provenance.invoice_date, 'email');
  });

  it('reports an unknown currency and a missing total', async () => {
    const noCurrency = await extractReceipt({ text: 'Your receipt\nOrder number: 12345\nTotal: 12.00 XYZ', fromName: 'Shop' }, { now: NOW });
    assert.equal(noCurrency.base.currency, null);
    assert.ok(noCurrency.reasons.includes('currency not found'), noCurrency.reasons.join('; '));
    const noTotal = await extractReceipt({ text: 'Your order confirmation\nOrder number: 12345\nWe will email you again.', fromName: 'Shop' }, { now: NOW });
    assert.equal(noTotal.isReceipt, true);
    assert.equal(noTotal.base.total_amount, null);
    assert.ok(noTotal.reasons.includes('total_amount not found'));
    assert.equal(noTotal.status, 'needs_review');
  });

  it('keeps an unknown ISO-looking currency from markup and flags it', async () => {
    const html =
      '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Order","seller":{"name":"Coinshop"},"orderNumber":"CS-1001",' +
      '"orderDate":"2025-05-05","totalPaymentDue":{"@type":"PriceSpecification","price":12.5,"priceCurrency":"XBT"}}</script><p>Order confirmation</p>';
    const got = await extractReceipt({ html }, { now: NOW });
    assert.equal(got.base.currency, 'XBT');
    assert.equal(got.base.total_amount, 12.5);
    assert.ok(got.reasons.includes('currency XBT unknown'), got.reasons.join('; '));
    assert.equal(got.status, 'needs_review');
  });

  it('chooses the grand total over subtotals and per-person totals', async () => {
    const html =
      '<table><tr><td>Subtotal</td><td>$90.00</td></tr><tr><td>Per-person total</td><td>$50.00</td></tr>' +
      '<tr><td>Tax</td><td>$10.00</td></tr><tr><td>Total</td><td>$100.00</td></tr></table><p>Thanks for your order</p>';
    const got = await extractReceipt({ html, fromName: 'Travel Co' }, { now: NOW });
    assert.equal(got.base.total_amount, 100);
    assert.equal(got.base.currency, 'USD');
  });

  it('reads "Name, Qty: N" item cells without the separator in the name', async () => {
    const html =
      '<p>Thanks for your order!</p><table><tr><td>Levi\'s 501 Jeans, Qty: 2</td><td>1 398,00 kr</td></tr>' +
      '<tr><td>Socks; Qty: 1</td><td>99,00 kr</td></tr><tr><td>Total</td><td>1 497,00 kr</td></tr></table>';
    const got = await extractReceipt({ html, fromName: 'Shop', subType: 'clothing' }, { now: NOW });
    const items = (got.detail as { items: { name: string; quantity: number; price: number }[] }).items;
    assert.deepEqual(items.map((i) => [i.name, i.quantity, i.price]), [["Levi's 501 Jeans", 2, 699], ['Socks', 1, 99]]);
  });

  it('sums the order totals of an email that holds several orders', async () => {
    const html =
      '<p>Thanks for your order.</p><p>Order #111-1111111-1111111 Placed on December 11, 2018</p><p>Order Total: £69.95</p>' +
      '<p>Order #222-2222222-2222222 Placed on December 11, 2018</p><p>Order Total: £15.99</p>';
    const got = await extractReceipt({ html, fromName: 'Shop' }, { now: NOW });
    assert.equal(got.base.total_amount, 85.94);
    assert.equal(got.base.currency, 'GBP');
    assert.equal(got.base.invoice_date, '2018-12-11');
  });

  it('adds up separately itemised charges, counting per-passenger fares', async () => {
    const text = [
      'Your receipt',
      'Purchase Summary',
      'Airfare:\t100.00',
      'Taxes:\t20.00',
      'Total Per Passenger:\t120.00 USD',
      'Total:\t240.00 USD',
      'Additional Purchase Summary',
      'Seat:\t30.00',
      'Tax:\t3.00',
      'Total:\t33.00 USD',
    ].join('\n');
    const got = await extractReceipt({ text, fromName: 'Sky Air' }, { now: NOW });
    assert.equal(got.base.total_amount, 273);
    // Two totals that are not itemised blocks: the larger one is the grand total.
    const plain = await extractReceipt({ text: 'Receipt\nTotal\t$10.00\nItems\nTotal\t$12.00', fromName: 'Shop' }, { now: NOW });
    assert.equal(plain.base.total_amount, 12);
  });

  it('takes the merchant paid through a platform as the vendor and keeps the platform apart', async () => {
    const html = '<p>Hello Maja, You sent a payment of £4.49 GBP to La Barbiera</p><p>Total £4.49 GBP</p><p>Thanks for using PayPal.</p>';
    const got = await extractReceipt({ html, from: 'service@paypal.co.uk', fromName: 'PayPal', subType: 'miscellaneous' }, { now: NOW });
    assert.equal(got.base.vendor_name, 'La Barbiera');
    assert.equal(got.detail.platform, 'PayPal');
    assert.match(got.evidence.vendor_name!, /payment-to line/);
  });

  it('finds the merchant behind a point-of-sale processor from the document (Toast, a café)', async () => {
    const html =
      '<html><head><title>Your receipt from Kaffebaren Söder</title></head><body><img alt="Kaffebaren Söder"><h1>Kaffebaren Söder</h1>' +
      '<table><tr><td>Cappuccino</td><td>$4.50</td></tr><tr><td>Tax</td><td>$0.40</td></tr><tr><td>Total</td><td>$4.90</td></tr></table>' +
      '<p>Powered by Toast</p></body></html>';
    const got = await extractReceipt({ html, from: 'noreply@toasttab.com', fromName: 'Toast', subject: 'Your receipt from Kaffebaren Söder' }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Kaffebaren Söder');
    assert.equal(got.detail.platform, 'Toast');
    assert.equal(got.base.total_amount, 4.9);
  });

  it('never takes a template placeholder for the vendor', async () => {
    const got = await extractReceipt({ text: 'Receipt\nThank you for shopping at Hemma Bokhandel.\nTotal: 120,00 kr', fromName: '*|SUBJECT|*' }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Hemma Bokhandel');
  });

  it('uses the vendor id as a default display name when nothing else names the vendor', async () => {
    const got = await extractReceipt({ text: 'Kvitto\nTotalt 50 kr', vendorId: 'jack&jones' }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Jack&jones');
    assert.equal(got.provenance.vendor_name, 'default');
  });
});
