import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';
import { loadVendorRules, parseVendorRules, SHIPPED_RULES_DIR } from '../../../src/parsing/retail/vendor-rules.js';

const NOW = new Date('2026-02-01T12:00:00Z');

describe('vendor rules as configuration', () => {
  it('ships validated rule sets for the seed vendors', () => {
    const rules = loadVendorRules(SHIPPED_RULES_DIR);
    assert.deepEqual(Object.keys(rules).sort(), ['amazon.com', 'dominos', 'elgiganten', 'foodora', 'ryanair', 'zalando']);
    // JSON-serialisable: a round trip changes nothing.
    assert.deepEqual(JSON.parse(JSON.stringify(rules)), rules);
  });

  it('rejects malformed rule sets with zod', () => {
    assert.throws(() => parseVendorRules([{ vendor_id: 'x', vendor_name: 'X', fields: { total_amount: [{ pattern: '(' }] } }]), /invalid regular expression/);
    assert.throws(() => parseVendorRules([{ vendor_id: 'x', vendor_name: 'X', fields: { total_amount: [{ pattern: 'a', flags: 'ii' }] } }]), /invalid regular expression/);
    assert.throws(() => parseVendorRules([{ vendor_id: 'x', vendor_name: 'X', fields: { colour: [] } }]));
    assert.throws(() => parseVendorRules([{ vendor_id: 'x', vendor_name: 'X', sub_type: 'utilities', fields: {} }]));
    assert.throws(() => parseVendorRules([{ vendor_id: 'x', fields: {} }]));
  });

  it('uses CSS selectors, attributes and regex groups; a rule that matches nothing yields nothing', async () => {
    const rules = parseVendorRules([
      {
        vendor_id: 'acme',
        vendor_name: 'ACME Store',
        fields: {
          order_id: [{ selector: '#no-such-element' }, { selector: 'span.ref', attr: 'data-ref' }],
          total_amount: [{ selector: 'td:has(> b)', pattern: 'Summa:?\\s*(.+)' }, { selector: '.sum' }],
          invoice_date: [{ selector: '[[[broken' }, { pattern: 'Köpt\\s+(\\d{4}-\\d{2}-\\d{2})' }],
          currency: [{ pattern: 'never-(present)' }],
        },
      },
    ]);
    const html = '<p>Kvitto</p><span class="ref" data-ref="AC-7781">ref</span><p>Köpt 2025-06-01</p><div class="sum">1 299,00 kr</div><p>Totalt 1 299,00 kr</p>';
    const got = await extractReceipt({ html, vendorId: 'acme' }, { vendorRules: rules, now: NOW });
    assert.equal(got.base.order_id, 'AC-7781');
    assert.equal(got.base.total_amount, 1299);
    assert.equal(got.base.invoice_date, '2025-06-01');
    assert.equal(got.base.vendor_name, 'ACME Store');
    assert.deepEqual([got.provenance.order_id, got.provenance.total_amount, got.provenance.vendor_name], ['vendor', 'vendor', 'vendor']);
    assert.equal(got.provenance.currency, 'generic', 'the currency rule matched nothing, the generic stage filled it');
  });

  it('finds a rule set by sender domain when no vendor id is given', async () => {
    const got = await extractReceipt(
      { html: '<p>Tack för din beställning</p><p>Ordernummer: 556677</p><p>Att betala 99 kr</p>', from: 'domino@dominos.se' },
      { vendorRules: loadVendorRules(), now: NOW },
    );
    assert.equal(got.base.vendor_name, "Domino's Pizza");
    assert.equal(got.provenance.order_id, 'vendor');
  });
});
