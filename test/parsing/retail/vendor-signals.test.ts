import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractReceipt } from '../../../src/parsing/retail/cascade.js';

const NOW = new Date('2026-06-01T12:00:00Z');
// A ticket or booking with no sender: only the text can name the company.
const ticket = (body: string) => `Booking reference: QX-1001\nBooking date: 2024-03-18\nTotal: 42,00 EUR\n${body}`;

describe('vendor signals of documents without a sender', () => {
  it('takes the name under a closing formula, in every language', async () => {
    const cases: [string, string][] = [
      ['S pozdravem\nLINKA SEVER', 'LINKA SEVER'],
      ['Mit freundlichen Grüßen\nBergbahn Ostalp', 'Bergbahn Ostalp'],
      ['Med vänlig hälsning\nSkärgårdsbåtar', 'Skärgårdsbåtar'],
      ['Pozdrawiamy,\nAutobusy Mazury', 'Autobusy Mazury'],
      ['Cordialement,\nCars du Littoral', 'Cars du Littoral'],
      ['Ystävällisin terveisin\nSaaristolinja', 'Saaristolinja'],
      ['Kind regards,\nHarbour Taxi / Harbour Group', 'Harbour Taxi'],
    ];
    for (const [body, want] of cases) {
      const got = await extractReceipt({ text: ticket(`\n${body}\n`) }, { now: NOW });
      assert.equal(got.base.vendor_name, want, body);
      assert.match(got.evidence.vendor_name!, /sign-off/);
    }
  });

  it('takes a company named with its legal form, but not the buyer\'s company after a label', async () => {
    const seller = await extractReceipt({ text: ticket('Dopravce:\nVJ - VLAKY JIH a.s., IČO: 1234, internet: jízdenky online') }, { now: NOW });
    assert.equal(seller.base.vendor_name, 'VLAKY JIH');
    const buyer = await extractReceipt({ text: ticket('Företag:     Kundbolaget AB\nResenär: Anna') }, { now: NOW });
    assert.notEqual(buyer.base.vendor_name, 'Kundbolaget');
  });

  it('names no company when the legal-entity lines name two (several sellers)', async () => {
    const got = await extractReceipt({ text: ticket('Sold by\nAlpha Trading Ltd, 1 High Street\nand\nBETA GOODS LTD, 2 Low Street') }, { now: NOW });
    assert.ok(!/legal-entity/.test(got.evidence.vendor_name ?? ''), String(got.evidence.vendor_name));
    const one = await extractReceipt({ text: ticket('Sold by\nAlpha Trading Ltd, 1 High Street') }, { now: NOW });
    assert.equal(one.base.vendor_name, 'Alpha Trading');
  });

  it('takes the web address the text prints most, never an email address or a map link', async () => {
    const got = await extractReceipt(
      { text: ticket('Manage your trip at www.fjordline-tours.no/booking.\nQuestions: help@othershop.com\nhttps://maps.google.com/?q=1\nRefunds on fjordline-tours.no') },
      { now: NOW },
    );
    assert.equal(got.base.vendor_name, 'Fjordline-tours');
    assert.match(got.evidence.vendor_name!, /domain in text/);
  });

  it('a booking thank-you line names the agency', async () => {
    const got = await extractReceipt({ text: `Tack för att du bokat din resa hos Resebolaget!\nBokningsnummer: X1\nTotalpris: 990 SEK` }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Resebolaget');
  });

  it('a generic compound (`Online-Ticket`) or a ticket word is no brand', async () => {
    const got = await extractReceipt({ text: `Online-Ticket\nIC Fahrkarte\nSumme 12,00 €\nOnline-Ticket\nMit freundlichen Grüßen\nTalbahn` }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Talbahn');
  });

  it('hostile lines for the new signals finish (linear patterns)', async () => {
    const text = `${'a-'.repeat(100_000)}.com\n${'Ab '.repeat(130)}AB\n${'x.'.repeat(100_000)}de\nTotal: 1,00 EUR`;
    const t = Date.now();
    await extractReceipt({ text }, { now: NOW });
    assert.ok(Date.now() - t < 10_000);
  });
});

describe('a booking dated after the processing day', () => {
  it('keeps a date printed under a purchase/booking label, for review', async () => {
    const got = await extractReceipt({ text: 'Buchungsdatum: 13.11.2027\nReise am 15.11.2027\nSumme 99,00 €\nMit freundlichen Grüßen\nTalbahn' }, { now: NOW });
    assert.equal(got.base.invoice_date, '2027-11-13');
    assert.equal(got.status, 'needs_review');
    assert.ok(got.reasons.some((r) => /after the processing date/.test(r)), got.reasons.join('; '));
  });

  it('drops an unlabelled future date (a travel date is no purchase date)', async () => {
    const got = await extractReceipt({ text: 'Reise 15.11.2027\nSumme 99,00 €\nMit freundlichen Grüßen\nTalbahn' }, { now: NOW });
    assert.equal(got.base.invoice_date, null);
    assert.equal(got.status, 'needs_review');
  });
});

describe('the restaurant behind a delivery platform', () => {
  it('reads "From <restaurant>" in a platform email, name on its own line or run into the address', async () => {
    const own = await extractReceipt(
      { text: 'Tack för din beställning!\nFrån\nPizzeria Napoli\nStorgatan 5, Uppsala\nTill\nHemma\nTotalt: 189,00 kr\n© 2024 Foodora AB' },
      { now: NOW },
    );
    assert.equal(own.base.vendor_name, 'Pizzeria Napoli');
    assert.equal(own.detail.platform, 'Foodora');
    const runOn = await extractReceipt(
      { text: 'Your order is on its way.\nFrom Taco Loco - Centro Calle Mayor 12, 28013 Madrid\nTotal charged: 14.20€\n© 2023 Wolt Enterprises Oy' },
      { now: NOW },
    );
    assert.equal(runOn.base.vendor_name, 'Taco Loco', 'the branch and the address are no part of the name');
    assert.match(runOn.evidence.vendor_name!, /from line/);
  });

  it('drops the branch from a receipt-for line: "Ramen Ya 🍜 (Kungsholmen)"', async () => {
    const got = await extractReceipt({ text: "Here's your receipt for Ramen Ya 🍜 (Kungsholmen)\nTotal 212,00 kr\nUber Eats" }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Ramen Ya');
  });

  it('a "From" line outside a platform email names nobody', async () => {
    const got = await extractReceipt({ text: ticket('From Anna Svensson\nKind regards,\nSkärgårdsbåtar') }, { now: NOW });
    assert.equal(got.base.vendor_name, 'Skärgårdsbåtar');
    const long = await extractReceipt({ text: `From ${'Aa '.repeat(20_000)}\nTotal 5,00 EUR\n© 2020 Bolt Operations OÜ` }, { now: NOW });
    assert.ok(!/from line/.test(long.evidence.vendor_name ?? ''), 'a run of words is no name');
  });
});
