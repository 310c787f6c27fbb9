/**
 * Receipt emails as five of the seeded vendors send them (Swedish and English), plus one
 * newsletter that is not a receipt, for the demo and the end-to-end tests. Dates are relative to
 * `now` so that they fall inside the automatic 30-day window of the first retail fetch.
 */
import { buildEmail } from './rent-notice-email.js';

export interface DemoReceipt {
  vendorId: string;
  subType: string;
  /** What the extraction should find; undefined for the non-receipt. */
  expected?: { vendor_name: string; total_amount: number; currency: string; invoice_date: string };
  raw: Uint8Array;
}

const day = (now: Date, daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif">${body}</body></html>`;
const row = (a: string, b: string) => `<tr><td>${a}</td><td style="text-align:right">${b}</td></tr>`;

export function demoReceiptEmails(now: Date): DemoReceipt[] {
  const d1 = day(now, 3);
  const d2 = day(now, 6);
  const d3 = day(now, 9);
  const d4 = day(now, 12);
  const d5 = day(now, 15);
  const d6 = day(now, 4);
  return [
    {
      vendorId: 'foodora',
      subType: 'food-delivery',
      expected: { vendor_name: 'foodora', total_amount: 289.5, currency: 'SEK', invoice_date: ymd(d1) },
      raw: buildEmail({
        from: 'foodora <info@mail.foodora.se>',
        to: 'maja@example.se',
        subject: 'Orderbekräftelse från foodora',
        date: d1,
        text: 'Tack för din beställning!',
        html: page(
          'foodora',
          `<h1>foodora</h1><p>Tack för din beställning!</p><p>Ordernummer: FD-482913</p><p>Datum: ${ymd(d1)}</p>
<table>${row('2 x Falafelwrap', '238,00 kr')}${row('1 x Pommes', '45,00 kr')}${row('Leveransavgift', '39,00 kr')}${row('Rabatt', '-32,50 kr')}${row('<b>Totalt</b>', '<b>289,50 kr</b>')}</table>`,
        ),
      }),
    },
    {
      vendorId: 'zalando',
      subType: 'clothing',
      expected: { vendor_name: 'Zalando', total_amount: 798, currency: 'SEK', invoice_date: ymd(d2) },
      raw: buildEmail({
        from: 'Zalando <info@service-mail.zalando.se>',
        to: 'maja@example.se',
        subject: 'Thanks for your order',
        date: d2,
        text: 'Thanks for your order',
        html: page(
          'Zalando',
          `<h1>Zalando</h1><p>Thanks for your order!</p><p>Order number: 10203040506</p><p>Order date: ${ymd(d2)}</p>
<table>${row('Levi\'s 501 Original Jeans, Qty: 1', '699,00 kr')}${row('Nike Everyday socks, Qty: 1', '99,00 kr')}${row('Shipping', '0,00 kr')}${row('<b>Total (VAT included)</b>', '<b>798,00 kr</b>')}</table>
<p>Payment method: Klarna</p>`,
        ),
      }),
    },
    {
      vendorId: 'elgiganten',
      subType: 'technology',
      expected: { vendor_name: 'Elgiganten', total_amount: 1499, currency: 'SEK', invoice_date: ymd(d3) },
      raw: buildEmail({
        from: 'Elgiganten <donotreply@elgiganten.se>',
        to: 'maja@example.se',
        subject: 'Orderbekräftelse',
        date: d3,
        text: 'Orderbekräftelse',
        html: page(
          'Elgiganten',
          `<h1>Elgiganten</h1><p>Orderbekräftelse</p><p>Ordernummer: 7712345</p><p>Orderdatum: ${ymd(d3)}</p>
<table>${row('1 x Sony WH-CH720N hörlurar', '1 499,00 kr')}${row('Frakt', '0,00 kr')}${row('varav moms 25%', '299,80 kr')}${row('<b>Totalt att betala</b>', '<b>1 499,00 kr</b>')}</table>`,
        ),
      }),
    },
    {
      vendorId: 'ryanair',
      subType: 'travel',
      expected: { vendor_name: 'Ryanair', total_amount: 84.99, currency: 'EUR', invoice_date: ymd(d4) },
      raw: buildEmail({
        from: 'Ryanair <Itinerary@ryanair.com>',
        to: 'maja@example.se',
        subject: 'Ryanair Travel Itinerary',
        date: d4,
        text: 'Your travel itinerary',
        html: page(
          'Ryanair',
          `<h1>Ryanair</h1><p>Your travel itinerary</p><p>Reservation number: K7QX2P</p><p>Booking date: ${ymd(d4)}</p>
<p>Flight FR 123: Stockholm Arlanda (ARN) to Dublin (DUB)</p><p>Passenger: Maja Berg</p><p><b>Total paid: EUR 84.99</b></p>`,
        ),
      }),
    },
    {
      vendorId: 'dominos',
      subType: 'food-delivery',
      expected: { vendor_name: "Domino's Pizza", total_amount: 215, currency: 'SEK', invoice_date: ymd(d5) },
      raw: buildEmail({
        from: "Domino's <domino@dominos.se>",
        to: 'maja@example.se',
        subject: 'Tack for din beställning',
        date: d5,
        text: 'Tack för din beställning',
        html: page(
          "Domino's",
          `<h1>Domino's Pizza</h1><p>Ordernummer: 55-1234</p><p>Datum: ${ymd(d5)}</p>
<table>${row('1 x Pepperoni medium', '169,00 kr')}${row('Utkörningsavgift', '46,00 kr')}${row('<b>Att betala</b>', '<b>215,00 kr</b>')}</table>`,
        ),
      }),
    },
    {
      vendorId: 'foodora',
      subType: 'food-delivery',
      raw: buildEmail({
        from: 'foodora <info@mail.foodora.se>',
        to: 'maja@example.se',
        subject: 'Orderbekräftelse? Nej – veckans erbjudanden',
        date: d6,
        text: 'Veckans erbjudanden',
        html: page('foodora', '<h1>Veckans erbjudanden</h1><p>Nyhetsbrev: 20% rabatt på allt denna vecka! Avregistrera dig här.</p>'),
      }),
    },
  ];
}
