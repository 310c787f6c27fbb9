/**
 * Hand-written receipt emails (fictional people and numbers) covering every category, Swedish
 * and English, with and without schema.org markup, plus non-receipts. Each receipt carries the
 * exact values a reader of the email would write down.
 */
import type { RetailSubtype } from '../../../src/domain/retail-subtypes.js';

export interface MailParts {
  from: string;
  subject: string;
  date: string;
  html?: string;
  text?: string;
  htmlCharset?: string;
}

/** A multipart/alternative RFC 822 message (quoted-printable free: 8bit bodies). */
export function eml(p: MailParts): string {
  const parts: string[] = [];
  if (p.text) parts.push(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${p.text}`);
  if (p.html) parts.push(`Content-Type: text/html; charset=${p.htmlCharset ?? 'utf-8'}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${p.html}`);
  return [
    `From: ${p.from}`,
    'To: kund@example.se',
    `Subject: ${p.subject}`,
    `Date: ${p.date}`,
    'Message-ID: <fixture@example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    ...parts.map((x) => `--b1\r\n${x}`),
    '--b1--',
    '',
  ].join('\r\n');
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title><style>td{padding:4px}.x{color:red}</style>` +
  `<script>window.track=1</script></head><body><img src="https://t.example.test/open.gif?u=1" width="1" height="1" alt="">${body}</body></html>`;

export interface ReceiptFixture {
  name: string;
  kind: 'eml' | 'html' | 'txt';
  content: string;
  vendorId?: string;
  subType: RetailSubtype;
  expected: {
    vendor_name: string;
    total_amount: number;
    currency: string;
    invoice_date: string;
    order_id: string | null;
    status?: 'ok' | 'needs_review';
  };
  /** Detail fields to check exactly. */
  detail?: Record<string, unknown>;
  provenance?: Record<string, string>;
}

export const RECEIPTS: ReceiptFixture[] = [
  {
    name: 'foodora (sv, vendor rules)',
    kind: 'eml',
    vendorId: 'foodora',
    subType: 'food-delivery',
    content: eml({
      from: 'foodora <info@mail.foodora.se>',
      subject: 'Orderbekräftelse',
      date: 'Fri, 24 Jan 2026 18:42:10 +0100',
      html: page(
        'foodora',
        `<h1>Tack för din beställning!</h1><p>Din beställning från Pizzeria Napoli är på väg.</p>
        <p>Ordernummer: s7xk-2f9q</p>
        <table>
          <tr><td>1x Pizza Margherita</td><td>119,00 kr</td></tr>
          <tr><td>2x Coca-Cola 33 cl</td><td>50,00 kr</td></tr>
          <tr><td>Leveransavgift</td><td>29,00 kr</td></tr>
          <tr><td>Rabatt</td><td>-20,00 kr</td></tr>
          <tr><td><b>Totalt</b></td><td><b>178,00 kr</b></td></tr>
        </table>
        <p>Betalningsmetod: Visa •••• 4242</p>
        <p>Frågor? Ring 08-123 456 78 eller maila hjalp@foodora.se</p>`,
      ),
    }),
    expected: { vendor_name: 'foodora', total_amount: 178, currency: 'SEK', invoice_date: '2026-01-24', order_id: 's7xk-2f9q' },
    detail: {
      delivery_fee: 29,
      discount: 20,
      items: [
        { name: 'Pizza Margherita', description: null, price: 119, quantity: 1 },
        { name: 'Coca-Cola 33 cl', description: null, price: 25, quantity: 2 },
      ],
    },
    provenance: { vendor_name: 'vendor', total_amount: 'vendor', order_id: 'vendor', invoice_date: 'email' },
  },
  {
    name: "Domino's (sv html, :- amounts)",
    kind: 'html',
    vendorId: 'dominos',
    subType: 'food-delivery',
    content: page(
      "Domino's Pizza",
      `<p>Tack för din beställning hos Domino's!</p>
      <div>Ordernummer: 88120-44</div><div>Orderdatum: 2026-01-11 19:02</div>
      <table><tr><th>Produkt</th><th>Antal</th><th>Pris</th></tr>
      <tr><td>Vesuvio Medium</td><td>1</td><td>109:-</td></tr>
      <tr><td>Garlic Bread</td><td>2</td><td>78:-</td></tr>
      <tr><td>Utkörningsavgift</td><td></td><td>39:-</td></tr>
      <tr><td>Att betala</td><td></td><td>226:-</td></tr></table>`,
    ),
    expected: { vendor_name: "Domino's Pizza", total_amount: 226, currency: 'SEK', invoice_date: '2026-01-11', order_id: '88120-44' },
    detail: {
      delivery_fee: 39,
      discount: 0,
      items: [
        { name: 'Vesuvio Medium', description: null, price: 109, quantity: 1 },
        { name: 'Garlic Bread', description: null, price: 39, quantity: 2 },
      ],
    },
  },
  {
    name: 'Wolt (en, euro comma decimals)',
    kind: 'eml',
    subType: 'food-delivery',
    content: eml({
      from: 'Wolt <info@wolt.com>',
      subject: 'Your Wolt receipt',
      date: 'Sun, 3 Mar 2025 20:15:00 +0200',
      html: page(
        'Wolt',
        `<p>Thanks for ordering with Wolt!</p><p>Order date: 3 March 2025</p><p>Order ID: 65ab21f0c3</p>
        <table><tr><td>1 × Pad Thai</td><td>14,90 €</td></tr><tr><td>Delivery fee</td><td>2,90 €</td></tr>
        <tr><td>Service fee</td><td>0,99 €</td></tr><tr><td>Total</td><td>18,79 €</td></tr></table>`,
      ),
    }),
    expected: { vendor_name: 'Wolt', total_amount: 18.79, currency: 'EUR', invoice_date: '2025-03-03', order_id: '65ab21f0c3', status: 'needs_review' },
  },
  {
    name: 'Zalando (en, JSON-LD Order)',
    kind: 'eml',
    vendorId: 'zalando',
    subType: 'clothing',
    content: eml({
      from: 'Zalando <info@service-mail.zalando.se>',
      subject: 'Thanks for your order',
      date: 'Sun, 02 Nov 2025 10:01:00 +0100',
      html: page(
        'Zalando',
        `<script type="application/ld+json">{"@context":"http://schema.org","@type":"Order","merchant":{"@type":"Organization","name":"Zalando"},
        "orderNumber":"10101234567890","orderDate":"2025-11-01T21:14:00+01:00","priceCurrency":"SEK","price":"1249.00",
        "acceptedOffer":[{"@type":"Offer","itemOffered":{"@type":"Product","name":"Levi's 501 Jeans"},"price":"799.00","priceCurrency":"SEK","eligibleQuantity":{"@type":"QuantitativeValue","value":"1"}},
        {"@type":"Offer","itemOffered":{"@type":"Product","name":"Nike Tee"},"price":"225.00","priceCurrency":"SEK","eligibleQuantity":{"@type":"QuantitativeValue","value":"2"}}]}</script>
        <p>Thanks for your order!</p><p>Order number: 10101234567890</p><p>Total (VAT included) 1 249,00 kr</p><p>Payment method: Klarna</p>`,
      ),
    }),
    expected: { vendor_name: 'Zalando', total_amount: 1249, currency: 'SEK', invoice_date: '2025-11-01', order_id: '10101234567890' },
    detail: {
      tax: 0,
      delivery_fee: 0,
      payment_method: 'Klarna',
      items: [
        { name: "Levi's 501 Jeans", brand: 'Zalando', price: 799, quantity: 1 },
        { name: 'Nike Tee', brand: 'Zalando', price: 225, quantity: 2 },
      ],
    },
    provenance: { vendor_name: 'markup', total_amount: 'markup', order_id: 'markup', invoice_date: 'markup', currency: 'markup' },
  },
  {
    name: 'H&M (sv, no markup, varav moms)',
    kind: 'html',
    subType: 'clothing',
    content: page(
      'H&amp;M',
      `<h2>Tack för ditt köp hos H&amp;M</h2><p>Ordernummer 55512345</p><p>Orderdatum 2025-10-05</p>
      <table><tr><td>T-shirt regular fit</td><td>1</td><td>199,00 kr</td></tr><tr><td>Jeans slim</td><td>1</td><td>399,00 kr</td></tr>
      <tr><td>Frakt</td><td></td><td>0,00 kr</td></tr><tr><td>Totalt</td><td></td><td>598,00 kr</td></tr>
      <tr><td>varav moms</td><td></td><td>119,60 kr</td></tr></table><p>© 2025 H&amp;M Hennes &amp; Mauritz AB</p>`,
    ),
    expected: { vendor_name: 'H&M', total_amount: 598, currency: 'SEK', invoice_date: '2025-10-05', order_id: '55512345' },
    detail: {
      tax: 119.6,
      delivery_fee: 0,
      payment_method: null,
      items: [
        { name: 'T-shirt regular fit', brand: 'H&M', price: 199, quantity: 1 },
        { name: 'Jeans slim', brand: 'H&M', price: 399, quantity: 1 },
      ],
    },
  },
  {
    name: 'Elgiganten (sv, vendor rules, thousands with space)',
    kind: 'eml',
    vendorId: 'elgiganten',
    subType: 'technology',
    content: eml({
      from: 'Elgiganten <donotreply@elgiganten.se>',
      subject: 'Orderbekräftelse 4471029',
      date: 'Mon, 15 Sep 2025 09:30:00 +0200',
      html: page(
        'Elgiganten',
        `<p>Hej! Tack för din order.</p><p>Ordernummer: 4471029</p><p>Orderdatum: 2025-09-14</p>
        <table><tr><td>Samsung 55" QLED TV</td><td>1 st</td><td>12 490,00 kr</td></tr>
        <tr><td>Frakt</td><td></td><td>0,00 kr</td></tr>
        <tr><td>Totalt att betala</td><td></td><td>12 490,00 kr</td></tr>
        <tr><td>varav moms 25%</td><td></td><td>2 498,00 kr</td></tr></table>
        <p>Betalsätt: Mastercard</p>`,
      ),
    }),
    expected: { vendor_name: 'Elgiganten', total_amount: 12490, currency: 'SEK', invoice_date: '2025-09-14', order_id: '4471029' },
    detail: { tax: 2498, delivery_fee: 0, payment_method: 'Mastercard', items: [{ name: 'Samsung 55" QLED TV', price: 12490, quantity: 1 }] },
  },
  {
    name: 'Kjell & Company (sv, microdata Order)',
    kind: 'html',
    subType: 'technology',
    content: page(
      'Kjell & Company',
      `<div itemscope itemtype="http://schema.org/Order">
        <div itemprop="seller" itemscope itemtype="http://schema.org/Organization"><span itemprop="name">Kjell &amp; Company</span></div>
        <p>Ordernummer: <span itemprop="orderNumber">KC-200311</span></p>
        <time itemprop="orderDate" datetime="2025-08-20">20 augusti 2025</time>
        <div itemprop="acceptedOffer" itemscope itemtype="http://schema.org/Offer">
          <span itemprop="itemOffered" itemscope itemtype="http://schema.org/Product"><span itemprop="name">USB-C-laddare 65 W</span></span>
          <meta itemprop="price" content="449.00"><meta itemprop="priceCurrency" content="SEK">
        </div>
        <p>Summa: <span itemprop="price" content="449.00">SEK 449</span><meta itemprop="priceCurrency" content="SEK"></p>
      </div>`,
    ),
    expected: { vendor_name: 'Kjell & Company', total_amount: 449, currency: 'SEK', invoice_date: '2025-08-20', order_id: 'KC-200311' },
    provenance: { vendor_name: 'markup', total_amount: 'markup' },
  },
  {
    name: 'Spotify (sv subscription)',
    kind: 'eml',
    subType: 'subscriptions',
    content: eml({
      from: 'Spotify <no-reply@spotify.com>',
      subject: 'Ditt kvitto från Spotify',
      date: 'Mon, 1 Dec 2025 06:12:00 +0100',
      html: page(
        'Spotify',
        `<h1>Kvitto</h1><p>Datum: 2025-12-01</p><p>Kvittonummer: 9876543210</p>
        <table><tr><td>Spotify Premium Individual (per månad)</td><td>119,00 kr</td></tr>
        <tr><td>Totalt</td><td>119,00 kr</td></tr></table><p>Betalningsmetod: Mastercard •••• 4242</p>`,
      ),
    }),
    expected: { vendor_name: 'Spotify', total_amount: 119, currency: 'SEK', invoice_date: '2025-12-01', order_id: '9876543210' },
    detail: { receipt_number: '9876543210', invoice_number: null, payment_method: 'Mastercard', duration: 'per månad' },
  },
  {
    name: 'Streamflix (en plain text with headers)',
    kind: 'txt',
    subType: 'subscriptions',
    content: [
      'From: Streamflix <info@account.streamflix.example>',
      'Subject: Your Streamflix receipt',
      'Date: Wed, 3 Sep 2025 08:00:00 -0400',
      '',
      'Hi Alex,',
      'Thanks for your payment. Your monthly plan renews on October 3, 2025.',
      'Billing date: September 3, 2025',
      'Invoice number: INV-2025-0903-77',
      'Plan: Standard (monthly)',
      'Amount paid: $15.49',
      'Payment method: Visa ending in 1881',
    ].join('\n'),
    expected: { vendor_name: 'Streamflix', total_amount: 15.49, currency: 'USD', invoice_date: '2025-09-03', order_id: 'INV-2025-0903-77' },
  },
  {
    name: 'ICA (sv grocery)',
    kind: 'html',
    subType: 'grocery',
    content: page(
      'ICA Kvantum Malmborgs',
      `<h2>ICA Kvantum Malmborgs</h2><p>Kvitto</p><p>Datum: 2025-09-14 17:02</p>
      <table><tr><td>Mjölk 3%</td><td>2 st</td><td>33,80 kr</td></tr><tr><td>Bananer</td><td>1 st</td><td>24,95 kr</td></tr>
      <tr><td>Kaffe 500g</td><td>1 st</td><td>64,90 kr</td></tr><tr><td>Totalt</td><td></td><td>123,65 kr</td></tr>
      <tr><td>Varav moms 12%</td><td></td><td>13,25 kr</td></tr></table><p>Kort: Visa ************1234</p><p>Välkommen åter! ICA Kvantum Malmborgs</p>`,
    ),
    expected: { vendor_name: 'ICA Kvantum Malmborgs', total_amount: 123.65, currency: 'SEK', invoice_date: '2025-09-14', order_id: null },
    detail: {
      store_name: 'ICA Kvantum Malmborgs',
      store_location: null,
      items: [
        { name: 'Mjölk 3%', price: 16.9, quantity: 2, unit: 'pcs', category: 'miscellaneous' },
        { name: 'Bananer', price: 24.95, quantity: 1, unit: 'pcs', category: 'miscellaneous' },
        { name: 'Kaffe 500g', price: 64.9, quantity: 1, unit: 'pcs', category: 'miscellaneous' },
      ],
    },
  },
  {
    name: 'Tesco (en grocery, GBP)',
    kind: 'eml',
    subType: 'grocery',
    content: eml({
      from: '"Tesco.com" <no-reply@tesco.com>',
      subject: 'Your Tesco order receipt',
      date: 'Sat, 12 Jul 2025 14:20:00 +0100',
      html: page(
        'Tesco',
        `<p>Thank you for shopping at Tesco.</p><p>Order number: 7784-2231-09</p>
        <table><tr><td>Semi-skimmed milk 2L</td><td>£1.65</td></tr><tr><td>Bread 800g</td><td>£1.40</td></tr>
        <tr><td>Subtotal</td><td>£3.05</td></tr><tr><td>Delivery charge</td><td>£4.50</td></tr>
        <tr><td>Grand total</td><td>£7.55</td></tr></table>`,
      ),
    }),
    expected: { vendor_name: 'Tesco.com', total_amount: 7.55, currency: 'GBP', invoice_date: '2025-07-12', order_id: '7784-2231-09' },
  },
  {
    name: 'Vattenfall (sv utility)',
    kind: 'html',
    subType: 'utility',
    content: page(
      'Vattenfall',
      `<p>Din faktura från Vattenfall</p><p>Fakturanummer 556677889</p><p>Fakturadatum 2025-11-30</p>
      <p>Elförbrukning november: 450 kWh</p><p>Att betala: 1 050,00 kr</p><p>© 2025 Vattenfall AB</p>`,
    ),
    expected: { vendor_name: 'Vattenfall', total_amount: 1050, currency: 'SEK', invoice_date: '2025-11-30', order_id: '556677889' },
    detail: { utility_type: 'electricity', provider: 'Vattenfall', usage_details: '450 kWh' },
  },
  {
    name: 'Amazon.com (en, vendor rules)',
    kind: 'eml',
    vendorId: 'amazon.com',
    subType: 'miscellaneous',
    content: eml({
      from: 'Amazon.com <digital-no-reply@amazon.com>',
      subject: 'Your Amazon.com order of "The Long Way Home"',
      date: 'Wed, 5 Mar 2025 17:45:00 -0800',
      html: page(
        'Amazon.com',
        `<p>Thank you for shopping with us.</p><p>Order #112-1234567-7654321</p><p>Order Placed: March 5, 2025</p>
        <table><tr><td>The Long Way Home (Kindle Edition)</td><td>$9.99</td></tr>
        <tr><td>Item Subtotal:</td><td>$9.99</td></tr><tr><td>Tax Collected:</td><td>$0.90</td></tr>
        <tr><td>Grand Total:</td><td>$10.89</td></tr></table>`,
      ),
    }),
    expected: { vendor_name: 'Amazon.com', total_amount: 10.89, currency: 'USD', invoice_date: '2025-03-05', order_id: '112-1234567-7654321' },
    detail: { category: 'Books', tax: 0.9, delivery_fee: 0, items: [{ name: 'The Long Way Home (Kindle Edition)', price: 9.99, quantity: 1 }] },
  },
  {
    name: 'Flying Tiger (en, DKK)',
    kind: 'html',
    subType: 'miscellaneous',
    content: page(
      'Flying Tiger Copenhagen',
      `<p>Thank you for shopping at Flying Tiger Copenhagen!</p><p>Receipt no. 31-20250704-118</p><p>Date: 04.07.2025</p>
      <table><tr><td>Notebook</td><td>DKK 30,00</td></tr><tr><td>Candle</td><td>DKK 120,00</td></tr>
      <tr><td>Total</td><td>DKK 150,00</td></tr></table>`,
    ),
    expected: { vendor_name: 'Flying Tiger Copenhagen', total_amount: 150, currency: 'DKK', invoice_date: '2025-07-04', order_id: '31-20250704-118' },
  },
  {
    name: 'Ryanair (en, vendor rules, ISO code before amount)',
    kind: 'eml',
    vendorId: 'ryanair',
    subType: 'travel',
    content: eml({
      from: 'Ryanair <Itinerary@ryanair.com>',
      subject: 'Ryanair Travel Itinerary',
      date: 'Tue, 12 Aug 2025 11:00:00 +0000',
      html: page(
        'Ryanair',
        `<p>Reservation number: K7QZ2M</p><p>Booking date: 12 Aug 2025</p><p>Flight FR 123 STN → ARN</p>
        <p>Passenger: Mr Test Person</p><p>Total paid EUR 89.98</p>`,
      ),
    }),
    expected: { vendor_name: 'Ryanair', total_amount: 89.98, currency: 'EUR', invoice_date: '2025-08-12', order_id: 'K7QZ2M' },
    detail: {
      transport_type: 'flight',
      transport_company: 'Ryanair',
      booking_reference: 'K7QZ2M',
      travel_details: [{ departure_location: 'STN', arrival_location: 'ARN', departure_date: null, arrival_date: null }],
      passengers: [],
    },
  },
  {
    name: 'SJ (sv train ticket)',
    kind: 'eml',
    subType: 'travel',
    content: eml({
      from: 'SJ <noreply@sj.se>',
      subject: 'Din bokningsbekräftelse',
      date: 'Thu, 6 Nov 2025 07:40:00 +0100',
      html: page(
        'SJ',
        `<p>Tack för att du reser med SJ!</p><p>Bokningsnummer: XKCD1234</p><p>Tåg Stockholm C – Göteborg C, 2025-11-20</p>
        <p>Totalt 495 kr</p>`,
      ),
    }),
    expected: { vendor_name: 'SJ', total_amount: 495, currency: 'SEK', invoice_date: '2025-11-06', order_id: 'XKCD1234' },
    detail: { transport_type: 'train', transport_company: 'SJ', booking_reference: 'XKCD1234' },
  },
];

export interface NonReceiptFixture {
  name: string;
  content: string;
  kind: 'eml' | 'html';
}

export const NON_RECEIPTS: NonReceiptFixture[] = [
  {
    name: 'newsletter (en)',
    kind: 'eml',
    content: eml({
      from: 'Zalando <news@service-mail.zalando.se>',
      subject: 'New arrivals: autumn jackets from $59.99',
      date: 'Mon, 6 Oct 2025 09:00:00 +0200',
      html: page('Zalando', `<h1>Autumn is here</h1><p>Jackets from $59.99. Shop now!</p><p><a href="https://z.example/u">Unsubscribe</a></p>`),
    }),
  },
  {
    name: 'marketing (sv)',
    kind: 'eml',
    content: eml({
      from: 'Elgiganten <nyhetsbrev@elgiganten.se>',
      subject: '20% rabatt på allt – bara i helgen!',
      date: 'Fri, 10 Oct 2025 09:00:00 +0200',
      html: page('Elgiganten', `<p>Missa inte! Hörlurar nu 999 kr (ord. pris 1 249 kr). Handla nu.</p><p><a href="#">Avregistrera</a></p>`),
    }),
  },
  {
    name: 'shipping notice with order number and total (en)',
    kind: 'eml',
    content: eml({
      from: 'Amazon.com <shipment-tracking@amazon.com>',
      subject: 'Your Amazon.com order #112-1234567-7654321 has shipped',
      date: 'Thu, 6 Mar 2025 10:00:00 -0800',
      html: page('Amazon.com', `<p>Your package is on the way.</p><p>Order #112-1234567-7654321</p><p>Order Total: $10.89</p><p>Track your package</p>`),
    }),
  },
  {
    name: 'delivery notice (sv)',
    kind: 'eml',
    content: eml({
      from: 'PostNord <noreply@postnord.se>',
      subject: 'Ditt paket är på väg',
      date: 'Tue, 14 Oct 2025 12:00:00 +0200',
      html: page('PostNord', `<p>Ditt paket från Elgiganten har skickats.</p><p>Ordernummer: 4471029</p><p>Spåra ditt paket här.</p>`),
    }),
  },
  {
    name: 'password reset (en)',
    kind: 'eml',
    content: eml({
      from: 'foodora <info@mail.foodora.se>',
      subject: 'Reset your password',
      date: 'Tue, 14 Oct 2025 12:00:00 +0200',
      html: page('foodora', `<p>Someone asked to reset your password. Use code 482913.</p>`),
    }),
  },
  {
    name: 'ParcelDelivery markup only',
    kind: 'html',
    content: page(
      'Delivery',
      `<script type="application/ld+json">{"@context":"http://schema.org","@type":"ParcelDelivery","trackingNumber":"JJD0001","partOfOrder":{"@type":"Order","orderNumber":"A-1"}}</script><p>Order A-1 update. Total: 199 kr</p>`,
    ).replace('"@type":"Order"', '"@type":"OrderReference"'),
  },
  {
    name: 'abandoned cart with a total (en)',
    kind: 'eml',
    content: eml({
      from: 'Zalando <info@service-mail.zalando.se>',
      subject: 'You left something in your cart',
      date: 'Wed, 15 Oct 2025 19:00:00 +0200',
      html: page('Zalando', `<p>Still thinking it over?</p><table><tr><td>Wool coat</td><td>1 499,00 kr</td></tr><tr><td>Total</td><td>1 499,00 kr</td></tr></table>`),
    }),
  },
  {
    name: 'cancelled order (sv)',
    kind: 'eml',
    content: eml({
      from: 'Elgiganten <donotreply@elgiganten.se>',
      subject: 'Din beställning har avbokats',
      date: 'Wed, 15 Oct 2025 19:00:00 +0200',
      html: page('Elgiganten', `<p>Din beställning är makulerad.</p><p>Ordernummer: 4471030</p><p>Totalt 2 990,00 kr återbetalas inom 5 dagar.</p>`),
    }),
  },
  {
    name: 'review request (en)',
    kind: 'eml',
    content: eml({
      from: 'foodora <info@mail.foodora.se>',
      subject: 'How was your order from Pizzeria Napoli?',
      date: 'Sat, 25 Jan 2026 10:00:00 +0100',
      html: page('foodora', `<p>Rate your meal</p><p>Order ID: s7xk-2f9q</p>`),
    }),
  },
  {
    name: 'charge summary that says it is not a receipt',
    kind: 'html',
    content: page('Trip', `<p>This is your charge summary</p><p>Total $36.80</p><p>This is not a payment receipt.</p>`),
  },
];
