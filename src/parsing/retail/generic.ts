import { findDates, type FoundDate } from './dates.js';
import type { ReceiptDocument } from './document.js';
import { dateValue, findLabeled, idValue, moneyValue, type LabelHit } from './labels.js';
import { findMoney, resolveCurrency, round2, type Money } from './money.js';
import { phraseRegex, phrases, phraseSource, vocabulary } from './lang/index.js';
import { platformOf } from './platforms.js';
import type { LineItem, ReceiptInput, StageResult } from './types.js';

/** Stage 3: rules that work for any vendor, in English and Swedish. */

// A label from the language tables (not inside a longer word); group 1 is the label.
const tableLabel = (words: string[]): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])(${phraseSource(words)})(?![\\p{L}])`, 'iu');

/**
 * Total labels, strongest first. The score of a candidate total starts from its label's
 * strength (index → `LABEL_STRENGTH`): a label naming the amount paid, a bare "Total"/"Summe",
 * "payment"/"amount", a price label, an amount beside a card.
 */
const TOTAL_LABELS = [
  tableLabel(phrases('total')),
  /\b(grand\s*total|total\s+(?:charged|paid|due|to\s+pay|payable|amount|price|cost|charges)|amount\s+(?:paid|charged|due|billed)|payment\s+total|order\s+total|total\s+(?:incl|inkl)[^\t\d]{0,25}|totalt?\s+att\s+betala|summa\s+att\s+betala|belopp\s+att\s+betala|att\s+betala|totalbelopp|totalsumma|totalt\s+belopp|totalpris|betalt\s+belopp|debiterat\s+belopp|you\s+paid|total\s+charges\s+for[\w\s]*)\b/i,
  /\b(total|totalt|summa|totalpris|summe|gesamtsumme|gesamtbetrag|endbetrag|i\s+alt)\b|^(?:paid|betalt|charged|debiterat)\b/i,
  tableLabel(phrases('totalWeak')),
  /\b(payment|amount|belopp|betalt|charged)\b/i,
  tableLabel(phrases('price')),
  // Last resort: the amount printed beside the card it was charged to (`Visa •••• 1234  $13.05`).
  /\b(?:visa|master\s?card|amex|american\s+express|card|kort)\b[^\t\d]{0,12}[•*.xX]{1,}\s?\d{4}\b/i,
];
// A label that names a part of the total, never the total itself.
const NOT_TOTAL_TABLES = vocabulary('notTotal');
// The EN/SV rules that predate the tables: patterns, not phrases.
const NOT_TOTAL_EN_SV =
  /sub[\s-]?total|per[\s-](?:person|passenger|traveller|traveler|night|month)|before\s+(?:vat|tax)|excl|exkl|ex\.?\s*moms|savings|delsumma|mellansumma|total\s+(?:tax|vat|discount|savings|points|items?|quantity|weight)|totalt\s+antal|varav|\bmoms\b|tax\s+total|estimated\s+total|points|miles|rewards/i;
const NOT_TOTAL = new RegExp(`${NOT_TOTAL_EN_SV.source}|${NOT_TOTAL_TABLES.source}`, 'iu');

const DATE_LABELS = [
  /\b(order\s*date|date\s+of\s+(?:order|purchase|issue|invoice)|purchase\s+date|invoice\s+date|receipt\s+date|transaction\s+date|payment\s+date|billing\s+date|date\s+paid|date\s+issued|issued\s+on|placed\s+on|ordered\s+on|order\s+placed(?:\s+on)?|paid\s+on|billed\s+on|orderdatum|köpdatum|fakturadatum|kvittodatum|beställningsdatum|betaldatum|datum\s+för\s+köp)\b\s*:?/i,
  tableLabel(phrases('date')),
  /(?:^|\t)\s*(date|datum|dato|fecha|päivämäärä|data)\s*:?/i,
];

const ORDER_LABELS = [
  /\b(order\s*(?:#|no\.?|number|nr\.?|id|reference|ref\.?|confirmation\s*#?)|order\s*:(?=\s*#?[A-Z0-9-]*\d)|ordernummer|ordernr\.?|order-?id|beställningsnummer|beställnings-?id|bestellnummer|auftragsnummer|ordrenummer|ordrenr\.?)\s*[:#]?/i,
  /\b(booking\s*(?:reference|number|no\.?|ref\.?|id|code)|bokningsnummer|bokningsreferens|bokningskod|confirmation\s*(?:code|number|#|no\.?)|your\s+confirmation\s+receipt|bekräftelsenummer|record\s*locator|reservation\s*(?:number|code|#|no\.?)|itinerary\s*(?:number|#)|pnr)\s*[:#]?/i,
  /\b(invoice(?:\s*(?:number|no\.?|#|id)|(?=\s*#?\d))|fakturanummer|fakturanr\.?|receipt\s*(?:number|no\.?|#|id)|kvittonummer|kvittonr\.?|transaction\s*(?:id|number)|transaktions-?id|reference\s*(?:number|no\.?)|referensnummer|document\s*no\.?)\s*[:#]?/i,
  // Every language's order/booking/receipt number labels, after the EN/SV ones (index 0 is "order", used for multi-order emails).
  tableLabel(phrases('order')),
];

const FEE_LABELS = {
  delivery_fee: [
    tableLabel(phrases('delivery')),
    /\b(delivery\s*(?:fee|charge|cost)s?|shipping(?:\s*(?:&|and)\s*handling)?|postage(?:\s*(?:&|and)\s*(?:packing|packaging))?|fraktavgift|frakt|leveransavgift|utkörningsavgift|budavgift|leveranskostnad)\b/i,
  ],
  tax: [tableLabel(phrases('tax')), /\b(sales\s+tax|taxes(?:\s+and\s+(?:other\s+)?fees)?|tax|vat|varav\s+moms|moms|mva)\b/i],
  discount: [tableLabel(phrases('discount')), /\b(discount|rabatt|promotion|promo(?:\s*code)?|voucher|coupon|kampanj|rabattkod)\b/i],
  subtotal: [tableLabel(phrases('subtotal')), /\b(sub[\s-]?total|item\s+subtotal|delsumma|mellansumma|summa\s+varor)\b/i],
} as const;

const PAYMENT_METHODS: [RegExp, string][] = [
  [/\bapple\s*pay\b/i, 'Apple Pay'],
  [/\bgoogle\s*pay\b/i, 'Google Pay'],
  [/\bvisa\b/i, 'Visa'],
  [/\bmaster\s?card\b/i, 'Mastercard'],
  [/\bamerican\s+express|\bamex\b/i, 'American Express'],
  [/\bmaestro\b/i, 'Maestro'],
  [/\bklarna\b/i, 'Klarna'],
  [/\bswish\b/i, 'Swish'],
  [/\bpaypal\b/i, 'PayPal'],
  [/\bgift\s*card|presentkort\b/i, 'Gift card'],
];

// Sender display names made of these words carry no brand (`Customer Service`, `noreply`).
const GENERIC_SENDER_WORDS =
  /^(no[-_. ]?reply|do[-_. ]?not[-_. ]?reply|info|mail|email|e-?mail|notifications?|notice|news(?:letter)?|support|service|customer|kundservice|kundtjänst|team|orders?|order\s+confirmation|receipts?|billing|invoices?|payments?|reservations?|booking|bookings|confirmation|itinerary|sales|hello|hi|hej|the|your|and|&|-|\||:|via|från|from|rewards|account|accounts|alerts?|updates?|tickets?|fahrkarten?|billets?|biljett(?:er)?|billett(?:er)?|jízdenka|jízdenky|bilety?|lippu|boletos?|care|help|online|official|app|noreply|nyheter)$/i;

export function cleanVendorName(raw: string): string | undefined {
  let s = raw.replace(/["“”]/g, '').replace(/\s*\([^)]*\)/g, '').replace(/\s+/g, ' ').trim();
  s = s.replace(/^(?:the)\s+/i, '');
  const words = s.split(' ');
  // Drop generic words at the ends: "Alaska Airlines Reservation" → "Alaska Airlines".
  // A compound of such words (`Online-Ticket`) is one too.
  const generic = (w: string) => w.split('-').every((p) => GENERIC_SENDER_WORDS.test(p));
  while (words.length && generic(words[words.length - 1]!)) words.pop();
  while (words.length && generic(words[0]!)) words.shift();
  s = words.join(' ').replace(/[\s,.:;|-]+$/, '').trim();
  if (s.length < 2 || s.length > 60 || !/[A-Za-zÀ-ÿ]/.test(s) || /@/.test(s)) return undefined;
  return s;
}

/** `jack&jones` → `Jack&jones`, `amazon.com` → `Amazon.com`: the last-resort display name of a vendor id. */
export const vendorDisplayName = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1);

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The brand label of a domain (`email.alaskaair.com` → `alaskaair`), case as printed; none for mail and web services. */
function domainBrand(domain: string): string | undefined {
  const parts = domain.split('.').filter(Boolean);
  const sld = parts.length >= 3 && /^(co|com|org|net)$/i.test(parts[parts.length - 2]!) ? parts[parts.length - 3] : parts[parts.length - 2];
  if (!sld || !/[a-z]{2}/i.test(sld) || /^(gmail|googlemail|google|goo|hotmail|outlook|yahoo|icloud|me|live|msn|mail|protonmail|amazonses|sendgrid|mailchimp|mcsv|klaviyomail|rsgsv|exacttarget|facebook|instagram|twitter|youtube|linkedin|tiktok|pinterest|apple|microsoft|w3|schema|bit|tinyurl|example)$/i.test(sld)) return undefined;
  return sld;
}

/** Brand from a sender domain: `email.alaskaair.com` → `Alaskaair`, `mail.foodora.se` → `Foodora`. */
export function vendorFromDomain(from: string | undefined): string | undefined {
  const domain = from?.split('@')[1]?.toLowerCase();
  const sld = domain ? domainBrand(domain) : undefined;
  return sld ? vendorDisplayName(sld) : undefined;
}

/** The lines where a document names its company: the top 40 and the last 80 (not a padded middle). */
const letterheadAndFooter = (lines: string[]): string[] => (lines.length <= 120 ? lines : [...lines.slice(0, 40), ...lines.slice(-80)]);

// A web address printed in the text (`www.example.cz`, `https://shop.example.de/agb`, `Example.com`), not an email address.
const WEB_DOMAIN = /(?<![\w@.\-])(?:https?:\/\/)?([a-z\d][a-z\d-]*(?:\.[a-z\d-]+)+)/gi;
const TLD = /^(?:com|net|org|io|eu|se|no|dk|fi|de|at|ch|fr|be|nl|es|pt|it|pl|cz|sk|uk|ie|us|ca|travel)$/i;

/**
 * The brand of the web address the text prints most often (tickets and forwarded receipts that
 * carry no sender name the footer's `www.example.cz`); case as printed (`Example.com` → `Example`).
 */
function domainInText(doc: ReceiptDocument): string | undefined {
  const counts = new Map<string, { n: number; shown: string }>();
  for (const line of letterheadAndFooter(doc.lines)) {
    if (!/\.[a-z]{2}/i.test(line)) continue;
    for (const m of line.matchAll(WEB_DOMAIN)) {
      const host = m[1]!.replace(/[.-]+$/, '');
      if (!TLD.test(host.slice(host.lastIndexOf('.') + 1))) continue;
      const sld = domainBrand(host);
      if (!sld) continue;
      const c = counts.get(sld.toLowerCase()) ?? { n: 0, shown: sld };
      c.n++;
      if (/\p{Lu}/u.test(sld)) c.shown = sld;
      counts.set(sld.toLowerCase(), c);
    }
  }
  const top = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return top ? (/\p{Lu}/u.test(top.shown) ? top.shown : vendorDisplayName(top.shown)) : undefined;
}

// A closing formula on its own line; the sender's name is on the next line.
const SIGN_OFF = new RegExp(`^[\\s,]*(?:${phraseSource(phrases('signOff'))})[\\s,!.]*$`, 'iu');

/** The name under the letter's closing: `S pozdravem` / `REGIOJET`, `Med vänlig hälsning` / `Cykelbutiken`. */
function signOffName(doc: ReceiptDocument): string | undefined {
  const { lines } = doc;
  for (let i = lines.length - 2; i >= Math.max(0, lines.length - 60); i--) {
    if (lines[i]!.length > 40 || !SIGN_OFF.test(lines[i]!)) continue;
    const next = lines.slice(i + 1, i + 3).find((l) => l.trim())?.trim() ?? '';
    const name = cleanVendorName(stripLegalSuffix(next.split(/\s*[/|]\s*|,\s/)[0]!));
    return name && name.split(' ').length <= 4 && !/\d{3}/.test(name) && nameLike(name) ? name : undefined;
  }
  return undefined;
}

// Each form also in capitals, as letterheads print it (`LTD`, `GMBH`).
const escapeForms = (forms: string[]): string => [...new Set(forms.flatMap((f) => [f, f.toUpperCase()]))].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
// A capitalised name of up to four words before a legal form, case kept (`REGIOJET a.s.`, `Nordvik AS`).
// It starts at a word start, so each start is tried once (linear).
const LEGAL_ENTITY = new RegExp(
  `(?<![\\p{L}\\d&'’.\\-])(\\p{Lu}[\\p{L}\\d&'’.\\-]*(?:[ \\t]+[\\p{Lu}\\d][\\p{L}\\d&'’.\\-]*){0,3}),?[ \\t]+(?:${escapeForms(phrases('legalForms'))})(?![\\p{L}\\d])`,
  'u',
);

/**
 * The company the legal-entity lines name (`REGIOJET a.s., IČO …`), only when they all name the
 * same one: two companies (several sellers, or the buyer's firm) leave it to other signals. A value
 * after a label (`Företag: Kund AB`, the buyer's own company) is not the seller.
 */
function legalEntity(doc: ReceiptDocument): string | undefined {
  const names = new Map<string, string>();
  for (const line of letterheadAndFooter(doc.lines)) {
    const m = line.length < 400 ? LEGAL_ENTITY.exec(line) : null;
    if (!m || /:\s*$/.test(line.slice(0, m.index))) continue;
    // The name starts after the last sentence end (`… um 10 Uhr. Nordbahn AG`).
    const name = cleanVendorName(m[1]!.split(/\.[ \t]+/).pop()!);
    if (name) names.set(name.toLowerCase(), name);
  }
  return names.size === 1 ? [...names.values()][0] : undefined;
}

const THANKS =
  /\b(?:[Tt]hank\s*(?:s|you)\s+for\s+(?:shopping|ordering|your\s+(?:order|purchase|booking)|choosing|using|flying|booking|riding)[ \t]+(?:(?:at|with|from|on)[ \t]+)?|[Tt]ack\s+för\s+(?:ditt\s+köp|din\s+beställning|din\s+order|att\s+du\s+handlat|att\s+du\s+valt)\s+(?:hos|på|från|med)\s+)([A-Z0-9][\w&'’.\-]*(?:[ \t]+[A-Z0-9][\w&'’.\-]*){0,3})/;
const COPYRIGHT = /(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*[-–]\s*)?(?:\d{4}\s*)?,?\s*(\p{Lu}[\p{L}\d&'’.\-]*(?:\s+[\p{Lu}(][\p{L}\d&'’.\-)]*){0,4})/iu;
const LEGAL_SUFFIX = /[\s,]+(?:inc\.?|ltd\.?|llc|l\.l\.c\.|ab|oü|gmbh|s\.?a\.?r?\.?l?\.?|ag|corp\.?|corporation|limited|plc|bv|b\.v\.|as|a\/s|oy|co\.|company|group|holding|international|\(publ\)|all\s+rights\s+reserved\.?)+\s*$/i;

export function stripLegalSuffix(s: string): string {
  let prev = '';
  let cur = s.trim();
  while (prev !== cur) {
    prev = cur;
    cur = cur.replace(LEGAL_SUFFIX, '').replace(/[\s.,]+$/, '').trim();
  }
  return cur || s.trim();
}

/**
 * A logo or brand line at the very top (often an image's alt text) that the email repeats
 * further down: `Amazon.co.uk` … `Your Orders on Amazon.co.uk`, `eBay` … `eBay Money Back Guarantee`.
 */
function brandLine(doc: ReceiptDocument): string | undefined {
  const rest = doc.lines.slice(3).join('\n');
  for (const line of doc.lines.slice(0, 3)) {
    for (const cell of line.split(/\t|\s\|\s|^\|\s*/)) {
      const c = cell.trim();
      if (c.length < 2 || c.length > 30 || c.split(' ').length > 3 || !/^[A-Z0-9]/i.test(c) || /\d{3}/.test(c)) continue;
      // Only a bare name: no label (`Transaction ID:`), greeting (`Hi Jakub`) or sentence fragment.
      if (cleanVendorName(c) !== c || /[:,]$|\b(id|number|nummer|date|datum|total|dear|hi|hello|hej|receipt|order|invoice|kvitto|thanks?)\b/i.test(c)) continue;
      if (new RegExp(`(?<!\\w)${escapeRe(c)}(?!\\w)`).test(rest)) return c;
    }
  }
  return undefined;
}

// "Thank you for shopping at X" and "Your receipt from X" in every language: the merchant follows the phrase.
const NAME_AFTER = String.raw`[\s:,-]*["“„]?(\p{Lu}[\p{L}\d&'’.\-]*(?:[ \t]+(?:&[ \t]+)?[\p{Lu}\d][\p{L}\d&'’.\-]*){0,3})`;
const THANKS_ANY = new RegExp(`(?<![\\p{L}])(?:${phraseSource(phrases('thanks'))})${NAME_AFTER}`, 'iu');
const RECEIPT_FROM = new RegExp(`(?<![\\p{L}])(?:${phraseSource(phrases('receiptFrom'))})${NAME_AFTER}`, 'iu');

/** The name a phrase match captured, cut at sentence punctuation, without a legal form. */
function capturedName(m: RegExpExecArray | null): string | undefined {
  if (!m) return undefined;
  // The phrase is matched case-insensitively, the name is not: it ends at the first lower-case word.
  const words = m[m.length - 1]!.split(/[.,!?](?:\s|$)/)[0]!.split(/[ \t]+/);
  const upper = words.findIndex((w) => !/^[\p{Lu}\d&]/u.test(w));
  const v = cleanVendorName(words.slice(0, upper < 0 ? words.length : upper).join(' '));
  return v && !/^(your|our|the|us|this|uns|nas|vás|oss|os|nous)$/i.test(v) ? stripLegalSuffix(v) : undefined;
}

const THANK_WORD = /thank|tack|takk|tak\b|dank|merci|gracias|dziękuj|děkuj|kiitos|välkommen/i;

interface VendorCandidate {
  name: string;
  signal: string;
  weight: number;
}

/** Alt text of the first images (a logo), when it is a bare name. */
function logoAlt(doc: ReceiptDocument): string | undefined {
  for (const raw of doc.elements?.imgAlts ?? []) {
    const alt = cleanVendorName(stripLegalSuffix(raw.replace(/\s+logo$/i, '')));
    if (alt && alt.split(' ').length <= 4 && !/\b(logo|image|icon|banner|header|spacer)\b/i.test(alt)) return alt;
  }
  return undefined;
}

/** A name, not a sentence: every word capitalised (small joining words aside). */
const nameLike = (s: string): boolean => s.split(' ').every((w) => /^[\p{Lu}\d&]/u.test(w) || /^(?:and|of|de|du|la|von|der|och|og|i|y|et|the)$/.test(w));

function firstHeading(doc: ReceiptDocument): string | undefined {
  const h1 = doc.elements?.h1;
  if (!doc.$ || !h1) return undefined;
  const raw = doc.$(h1).text().replace(/\s+/g, ' ').trim();
  const h = nameLike(raw) ? cleanVendorName(raw) : undefined;
  return h && h.split(' ').length <= 4 && !/\d/.test(h) ? h : undefined;
}

/**
 * The merchant, from the document's own signals. Each signal names a candidate with a weight:
 *   thank-you line 30, "your receipt from …" (subject or text) 30, payment-to line 28,
 *   a platform email's "From <restaurant>" line 28,
 *   sender name 25, logo alt text 20, brand line 20, sign-off 20, heading 15, title 15,
 *   copyright line 15, legal-entity line 12, sender domain 10, web address in the text 8;
 * every further signal naming the same merchant adds 10. Platforms and processors (PayPal,
 * Toast, Uber Eats…) are set aside: the best other candidate is the vendor and the platform is
 * returned separately; a platform is the vendor only when nothing else is named.
 */
function findVendor(doc: ReceiptDocument, input: ReceiptInput): { vendor?: string; platform?: string; evidence?: string } {
  const subject = input.subject ?? '';
  const cands: VendorCandidate[] = [];
  const add = (name: string | undefined, signal: string, weight: number) => {
    if (name) cands.push({ name, signal, weight });
  };
  // Only lines with a thank-you word go through the many-language phrase patterns.
  const thankLines = doc.lines.filter((l) => l.length < 400 && THANK_WORD.test(l)).join('\n');
  add(capturedName(THANKS.exec(thankLines) ?? THANKS.exec(subject) ?? THANKS_ANY.exec(thankLines) ?? THANKS_ANY.exec(subject)), 'thank-you line', 30);
  add(capturedName(RECEIPT_FROM.exec(subject) ?? RECEIPT_FROM.exec(doc.title) ?? RECEIPT_FROM.exec(doc.lines.slice(0, 15).join('\n'))), 'receipt-from phrase', 30);
  add(findMerchant(doc), 'payment-to line', 28);
  add(input.fromName ? cleanVendorName(input.fromName) : undefined, 'sender name', 25);
  add(logoAlt(doc), 'logo alt text', 20);
  add(brandLine(doc), 'brand line', 20);
  add(firstHeading(doc), 'heading', 15);
  if (doc.title) {
    const part = doc.title.split(/\s[|\-–:]\s/)[0]!.trim();
    const t = nameLike(part) ? cleanVendorName(part) : undefined;
    if (t && t.split(' ').length <= 4) add(t, 'title', 15);
  }
  // Footers name the company: "Copyright © 1999-2018 PayPal." / "© 2025 Apple Inc."
  for (let i = doc.lines.length - 1; i >= Math.max(0, doc.lines.length - 80); i--) {
    const m = COPYRIGHT.exec(doc.lines[i]!);
    if (m) {
      add(cleanVendorName(stripLegalSuffix(m[1]!.replace(/\s+(?:all|alla)\s+.*$/i, ''))), 'copyright line', 15);
      break;
    }
  }
  add(signOffName(doc), 'sign-off', 20);
  add(legalEntity(doc), 'legal-entity line', 12);
  add(domainInText(doc), 'domain in text', 8);
  add(vendorFromDomain(input.from), 'sender domain', 10);
  if (cands.some((c) => platformOf(c.name))) add(deliveryFrom(doc), 'from line', 28);
  if (!cands.length) return {};

  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\d]/gu, '');
  const platformCands = cands.filter((c) => platformOf(c.name));
  const merchants = cands.filter((c) => !platformOf(c.name) && !/\*\||\|\*|unknown/i.test(c.name));
  const platform = platformCands.length ? platformOf(platformCands.sort((a, b) => b.weight - a.weight)[0]!.name) : platformOf(vendorFromDomain(input.from));
  if (!merchants.length) {
    const best = platformCands.sort((a, b) => b.weight - a.weight)[0];
    return best ? { vendor: platformOf(best.name)!, evidence: `${best.signal} (a platform; no merchant named)` } : {};
  }
  // Agreement: the same name from several signals (also as part of a longer one: "Lyft" in "Lyft Bike").
  const scored = merchants.map((c) => {
    const [a, others] = [norm(c.name), merchants.filter((o) => o !== c)];
    const agree = others.filter((o) => a && norm(o.name) && (norm(o.name).startsWith(a) || a.startsWith(norm(o.name))));
    return { c, score: c.weight + 10 * new Set(agree.map((o) => o.signal)).size, others: agree };
  });
  // Ties go to the longer name ("Delta Air Lines" over "Delta").
  scored.sort((x, y) => y.score - x.score || y.c.name.length - x.c.name.length);
  // The most complete spelling among the agreeing signals: "Delta Air Lines" over "Delta".
  const first = scored[0]!;
  const fuller = first.others.filter((o) => norm(o.name).startsWith(norm(first.c.name)) && o.name.length > first.c.name.length && o.weight >= 25);
  const win = fuller.length ? { ...first, c: fuller.sort((x, y) => y.weight - x.weight)[0]! } : first;
  const evidence = [win.c.signal, ...new Set(win.others.map((o) => o.signal))].join(' + ');
  return { vendor: win.c.name, ...(platform && norm(platform) !== norm(win.c.name) ? { platform } : {}), evidence };
}

const BLOCK_VALUE = /(?::|\t)\s*(-?\s?[$€£]?\s?\d[\d.,]*\d)\s*(?:[A-Z]{3})?$/;
const PER_PERSON = /per[\s-](?:person|passenger|traveller|traveler)/i;

/**
 * Does the block of lines (from, to) itemise exactly `total`? Then that total is one
 * self-contained charge. A fare itemised per passenger counts when the total is a whole
 * multiple of the per-passenger total.
 */
function blockAddsUp(lines: string[], from: number, to: number, total: number): boolean {
  let sum = 0;
  let parts = 0;
  let perPerson: number | undefined;
  for (let i = from + 1; i < to; i++) {
    const m = BLOCK_VALUE.exec(lines[i]!);
    const v = m ? findMoney(m[1]!)[0] : undefined;
    if (!v) continue;
    if (PER_PERSON.test(lines[i]!)) perPerson = v.amount;
    if (NOT_TOTAL.test(lines[i]!)) continue;
    sum += v.amount;
    parts++;
  }
  if (parts < 2) return false;
  const itemised = round2(sum);
  if (Math.abs(itemised - total) < 0.01) return true;
  if (perPerson === undefined || Math.abs(itemised - perPerson) >= 0.01 || perPerson <= 0) return false;
  const n = total / perPerson;
  return n >= 1 && n <= 9 && Math.abs(n - Math.round(n)) < 1e-6;
}

const LABEL_STRENGTH = [40, 40, 25, 25, 10, 8, 5];

/** What the rest of the receipt says the total should be: parts that add up to it. */
interface Parts {
  items?: number;
  subtotal?: number;
  delivery_fee?: number;
  tax?: number;
  discount?: number;
}

/** Items (or the subtotal) + fees (+ tax, unless prices include it) − discounts: the sums a total may equal. */
function expectedTotals(p: Parts): { sum: number; how: string }[] {
  const fee = p.delivery_fee ?? 0;
  const disc = p.discount ?? 0;
  const out: { sum: number; how: string }[] = [];
  for (const [base, name] of [[p.subtotal, 'subtotal'], [p.items, 'items']] as const) {
    if (base === undefined || base <= 0) continue;
    // A subtotal alone "adds up" to itself: that candidate is the subtotal, not a checked total.
    if (name === 'items' || fee || disc) out.push({ sum: round2(base + fee - disc), how: `${name}${fee ? ' + fees' : ''}${disc ? ' − discount' : ''}` });
    if (p.tax) out.push({ sum: round2(base + fee + p.tax - disc), how: `${name}${fee ? ' + fees' : ''} + tax${disc ? ' − discount' : ''}` });
  }
  return out;
}

export interface TotalChoice {
  money: Money;
  line: number;
  /** Why this candidate won, kept as the value's evidence. */
  evidence: string;
  /** Set when equally strong candidates disagree and nothing (arithmetic) decides. */
  disputed?: number[];
}

/**
 * Every labelled amount is a candidate; the highest score wins:
 *   label strength (40 / 25 / 10 / 8 / 5) + 20 when the parts add up to it (items or subtotal,
 *   fees, tax, discount; total-like labels only) + 15 when the subject repeats it + 8 for the largest of the strongest
 *   labels (a grand total is never smaller than a part) + 5 for a printed currency + up to 2 for
 *   being late in the document (totals close a receipt).
 * Several orders or separately itemised charges in one email are summed first, as before.
 */
function bestTotal(hits: LabelHit<Money>[], orderIds: string[], lines: string[], parts: Parts, subject: string | undefined): TotalChoice | undefined {
  const positive = hits.filter((h) => h.value.amount > 0);
  if (!positive.length) return undefined;
  const strength = (h: LabelHit<Money>) => LABEL_STRENGTH[h.rank] ?? 0;
  const top = Math.max(...positive.map(strength));
  const best = positive.filter((h) => strength(h) === top);
  // One email holding several orders, each with its own "Order total" and none for all: the sum.
  const sameLabel = best.filter((h) => /order\s+total/i.test(h.label));
  if (orderIds.length >= 2 && sameLabel.length === orderIds.length) {
    const sum = round2(sameLabel.reduce((a, h) => a + h.value.amount, 0));
    return { money: { ...sameLabel[0]!.value, amount: sum }, line: sameLabel[sameLabel.length - 1]!.line, evidence: `sum of ${sameLabel.length} order totals` };
  }
  // Several separately itemised charges in one email (a ticket and a seat purchase): their sum.
  const distinct = new Set(best.map((h) => h.value.amount));
  if (best.length >= 2 && distinct.size === best.length && best.every((h, i) => blockAddsUp(lines, i ? best[i - 1]!.line : -1, h.line, h.value.amount))) {
    const sum = round2(best.reduce((a, h) => a + h.value.amount, 0));
    return { money: { ...best[0]!.value, amount: sum }, line: best[best.length - 1]!.line, evidence: `sum of ${best.length} itemised charges` };
  }
  const expected = expectedTotals(parts);
  const inSubject = new Set(subject ? findMoney(subject.slice(0, 300)).map((m) => m.amount) : []);
  const maxTop = Math.max(...best.map((h) => h.value.amount));
  const scored = positive.map((h) => {
    const fit = expected.find((e) => Math.abs(e.sum - h.value.amount) <= Math.max(0.01, h.value.amount * 0.001));
    const why = [`label "${h.label.trim()}"`, `line ${h.line + 1}`];
    let score = strength(h) + (2 * h.line) / Math.max(1, lines.length);
    // Only total-like labels are checked: an item's own price trivially "adds up" to itself.
    if (fit && strength(h) >= 25) (score += 20), why.push(`= ${fit.how}`);
    if (inSubject.has(h.value.amount)) (score += 15), why.push('repeated in the subject');
    if (strength(h) === top && h.value.amount === maxTop) score += 8;
    if (h.value.currency) (score += 5), why.push(`${h.value.currency} printed`);
    return { h, score, fit: Boolean(fit) && strength(h) >= 25, why };
  });
  scored.sort((a, b) => b.score - a.score);
  const win = scored[0]!;
  const choice: TotalChoice = { money: win.h.value, line: win.h.line, evidence: win.why.join(', ') };
  // Equally strong labels naming different amounts, and no arithmetic to tell them apart.
  const rivals = scored.filter((c) => strength(c.h) === top && c.h.value.amount !== win.h.value.amount);
  if (!win.fit && strength(win.h) === top && top >= 40 && rivals.length && expected.length) {
    choice.disputed = [win.h.value.amount, ...new Set(rivals.map((r) => r.h.value.amount))];
  }
  return choice;
}

const ITEM_NOISE =
  /sub[\s-]?total|total|summa|moms|vat|tax|frakt|delivery|shipping|postage|discount|rabatt|promotion|voucher|fee|avgift|payment|betal|amount|belopp|balance|saldo|refund|charged|price:|pris:|card|kort|points|bonus/i;

// Totals, parts and fees in every language: such a line is never an item.
const ITEM_NOISE_TABLES = phraseRegex(['total', 'totalWeak', 'subtotal', 'tax', 'delivery', 'discount', 'notTotal'].flatMap((k) => phrases(k as 'total')));

function findItems(lines: string[], endLine: number): LineItem[] {
  const items: LineItem[] = [];
  for (let i = 0; i < Math.min(endLine, lines.length) && items.length < 100; i++) {
    const line = lines[i]!;
    if (line.length > 160 || !/\d/.test(line) || ITEM_NOISE.test(line) || ITEM_NOISE_TABLES.test(line)) continue;
    const money = findMoney(line, true);
    if (!money.length) continue;
    let name = line.slice(0, money[0]!.index).replace(/\t/g, ' ').trim();
    let quantity = 1;
    const lead = /^(\d{1,3})\s*(?:x|×|st\.?|pcs|stk)?\s+(.+)$/i.exec(name);
    const trail = /^(.+?)\s*(?:x|×|qty:?|antal:?)\s*(\d{1,3})(?:\s*(?:st|pcs))?$/i.exec(name);
    const cellQty = /^(.+?)\s+(\d{1,3})\s*(?:st|pcs|stk)?\.?$/i.exec(name);
    if (lead && /[A-Za-zÀ-ÿ]{2}/.test(lead[2]!)) [quantity, name] = [Number(lead[1]), lead[2]!];
    else if (trail) [name, quantity] = [trail[1]!, Number(trail[2])];
    else if (cellQty && line.includes('\t')) [name, quantity] = [cellQty[1]!, Number(cellQty[2])];
    name = name.replace(/[\s:|,;–-]+$/, '').trim();
    if (!/[A-Za-zÀ-ÿ]{2}/.test(name) || name.length > 120 || quantity < 1) continue;
    const lineTotal = money[money.length - 1]!.amount;
    if (lineTotal < 0) continue;
    // With a unit price and a line total printed, the first is the unit price.
    const price = money.length >= 2 ? money[0]!.amount : round2(lineTotal / quantity);
    items.push({ name, price, quantity });
  }
  return items;
}

const NOT_FEE = /before|excl|exkl|incl|inkl|total|summa|address|adress|info|details|option|uppgifter|sätt|method|policy|free\s+over/i;

function firstFee(lines: string[], labels: readonly RegExp[], end: number): number | undefined {
  const hits = findLabeled(lines.slice(0, end + 3), labels, moneyValue, {
    exclude: NOT_FEE,
    ahead: 1,
    digitValue: true,
  });
  const h = hits[hits.length - 1];
  return h ? Math.abs(h.value.amount) : undefined;
}

/** A line that is only a date (and maybe a time), like a receipt's date header `JULY 3, 2025 AT 12:45 PM`. */
function dateLine(line: string, dayFirst: boolean): FoundDate | undefined {
  if (line.length > 45) return undefined;
  const d = findDates(line, dayFirst)[0];
  if (!d) return undefined;
  const withoutDate = `${line.slice(0, d.index)} ${line.slice(d.index + d.length)}`.replace(/^\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?/i, '');
  return /^[\s,\-–|]*(?:at\s+|kl\.?\s*)?(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm)?\s*(?:[A-Z]{2,4})?)?[\s,]*$/i.test(withoutDate) ? d : undefined;
}

/** Evidence of a date printed under a purchase/booking-date label (the document says what it is). */
export const PURCHASE_DATE_LABEL = 'purchase-date label';

export interface GenericFindings {
  result: StageResult;
  /** Line index of the chosen total (items are read above it). */
  totalLine?: number;
  /** Per field: the evidence of the chosen candidate. */
  evidence: Record<string, string>;
  /** Fields whose equally strong candidates disagree, with the amounts seen. */
  disputed: Record<string, unknown[]>;
}

/** Items, subtotal, fees, tax and discount printed anywhere in the receipt (for the arithmetic check of totals). */
function receiptParts(lines: string[]): Parts {
  const parts: Parts = {};
  const items = findItems(lines, lines.length);
  if (items.length) parts.items = round2(items.reduce((a, i) => a + i.price * i.quantity, 0));
  for (const key of ['delivery_fee', 'tax', 'discount', 'subtotal'] as const) {
    const v = firstFee(lines, FEE_LABELS[key], lines.length);
    if (v !== undefined) parts[key] = v;
  }
  return parts;
}

const RECEIPT_WORDS = vocabulary('receipt');

/** No label at all, but one amount with a currency printed (maybe several times): a ticket's price. */
function onlyAmount(doc: ReceiptDocument): TotalChoice | undefined {
  const found = findMoney(doc.text.slice(0, 20_000), true).filter((m) => m.amount > 0);
  const amounts = new Set(found.map((m) => m.amount));
  if (amounts.size !== 1) return undefined;
  const m = found[0]!;
  const line = doc.text.slice(0, m.index).split('\n').length - 1;
  return { money: m, line, evidence: 'the only amount printed' };
}

// The merchant paid through a platform: "You sent a payment of £4.49 GBP to La Barbiera",
// "Receipt for your payment to AdBlock", "Here's your receipt for Pizza Lizzy", "Seller: X".
const MERCHANT = [
  /\b(?:payment|donation|betalning)\s+(?:of\s+[^\n]{1,25}?\s+)?(?:to|till)\s+([^\n(]{2,60}?)(?:\s*\(|[.!]?\s*$)/im,
  /\breceipt\s+for\s+([^\n]{2,60}?)(?:\s*[.!]|\s+total|\s*$)/im,
  /^(?:seller|merchant|säljare|restaurant|restaurang)\s*:?\s*(?:\t|\n)?\s*([^\n\t]{2,60})$/im,
];

function findMerchant(doc: ReceiptDocument): string | undefined {
  const text = `${doc.title}\n${doc.lines.slice(0, 80).join('\n')}`;
  for (const re of MERCHANT) {
    const m = re.exec(text);
    const v = m?.[1]?.replace(/&#39;|['’]s$/g, '').trim();
    // A name has a capital or is a domain; "processes your order." is a sentence.
    if (v && !/^(your|the|this|our|details|payment|order)\b/i.test(v) && (/\p{Lu}/u.test(v) || /\.[a-z]{2,}$/.test(v))) return withoutBranch(v);
  }
  return undefined;
}

/**
 * A delivery platform's "From <restaurant>" block: the word alone on its line with the name on
 * the next, or the name on the same line, run into the address. Read only in a platform's email,
 * where "from" names the seller.
 */
const FROM_LINE = /^[ \t]*(?:from|från|fra|von|od)(?:[ \t]*\n[ \t]*|[ \t]+)(\p{Lu}[^\n]{0,120})$/imu;

// Where an address begins when a line runs the name into it: a street word or a house number.
const ADDRESS_START = /^(?:rua|av\.?|avenida|calle|carrer|via|viale|rue|boulevard|bd\.?|ul\.?|aleja|street|st\.|road|rd\.?|straße|strasse|str\.|gatan|vägen|gata|gate|veien|vej|\d.*)$/i;

function deliveryFrom(doc: ReceiptDocument): string | undefined {
  const m = FROM_LINE.exec(doc.lines.slice(0, 40).join('\n'));
  const words = m ? m[1]!.split(',')[0]!.split(' ') : [];
  const end = words.findIndex((w, i) => i > 0 && ADDRESS_START.test(w));
  const v = m ? withoutBranch(words.slice(0, end < 0 ? words.length : end).join(' ')) : undefined;
  // Not cleanVendorName: its greeting and generic words are names here ("Hello Beijing").
  return v && v.length >= 2 && v.split(' ').length <= 5 && !/\d|@/.test(v) ? v : undefined;
}

/** A shop's branch is no part of its name: "Sushicome - Saldanha", "Poke House 🐠 (Saldanha)". */
function withoutBranch(name: string): string {
  return name
    .replace(/\s*\([^()\n]{1,40}\)\s*$/u, '')
    .replace(/\s+[-–]\s+[^-–\n]{1,40}$/u, '')
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function extractGeneric(doc: ReceiptDocument, input: ReceiptInput): GenericFindings {
  const r: StageResult = {};
  const { lines } = doc;

  const idHits = findLabeled(lines, ORDER_LABELS, idValue, { ahead: 2, valueLine: /^[\s#:]*[A-Z0-9][A-Z0-9\-/_.]{3,40}\s*$/i });
  const subjectIds = input.subject ? findLabeled([input.subject], ORDER_LABELS, idValue) : [];
  const allIds = [...subjectIds, ...idHits];
  if (allIds.length) {
    const rank = Math.min(...allIds.map((h) => h.rank));
    r.order_id = allIds.find((h) => h.rank === rank)!.value;
  }
  const orderIds = [...new Set(idHits.filter((h) => h.rank === 0).map((h) => h.value))];

  const totalHits = findLabeled(lines, TOTAL_LABELS, moneyValue, { exclude: NOT_TOTAL, ahead: 3, maxLineLength: 120, digitValue: true });
  const total = bestTotal(totalHits, orderIds, lines, receiptParts(lines), input.subject) ?? (r.order_id || RECEIPT_WORDS.test(doc.text.slice(0, 20_000)) ? onlyAmount(doc) : undefined);
  const ctx = { text: doc.text, ...(input.from ? { from: input.from } : {}) };
  const evidence: Record<string, string> = {};
  if (total) {
    r.total_amount = total.money.amount;
    evidence.total_amount = total.evidence;
    const cur = resolveCurrency(total.money, ctx);
    if (cur) r.currency = cur;
  }
  if (!r.currency) {
    // The most frequent printed currency in the email.
    const counts = new Map<string, number>();
    for (const m of findMoney(doc.text.slice(0, 300_000), true)) {
      const c = resolveCurrency(m, ctx);
      if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (top) r.currency = top[0];
  }

  const dayFirst = r.currency !== 'USD';
  const dateHits = findLabeled(lines, DATE_LABELS, dateValue(dayFirst), { ahead: 1, digitValue: true });
  // Order: a labelled date; a date opening the subject or the first lines (the transaction's own
  // date, which can be a day before the email is sent); the email date (added by the cascade);
  // without an email date, any date near the top (exported or forwarded mail).
  const subjectDate = input.subject ? findDates(input.subject.slice(0, 40), dayFirst).find((d) => d.index <= 12) : undefined;
  const topDate = lines.slice(0, 5).map((l) => dateLine(l, dayFirst)).find(Boolean);
  if (dateHits.length) {
    const rank = Math.min(...dateHits.map((h) => h.rank));
    r.invoice_date = dateHits.find((h) => h.rank === rank)!.value.date;
    evidence.invoice_date = PURCHASE_DATE_LABEL;
  } else if (subjectDate ?? topDate) {
    r.invoice_date = (subjectDate ?? topDate)!.date;
  } else if (!input.emailDate) {
    const top = findDates(lines.slice(0, 30).join('\n'), dayFirst)[0];
    if (top) r.invoice_date = top.date;
  }

  const vendor = findVendor(doc, input);
  if (vendor.vendor) r.vendor_name = vendor.vendor;
  if (vendor.platform) r.platform = vendor.platform;
  if (vendor.evidence) evidence.vendor_name = vendor.evidence;

  const end = total?.line ?? lines.length;
  const items = findItems(lines, end);
  if (items.length) r.items = items;
  for (const key of ['delivery_fee', 'tax', 'discount', 'subtotal'] as const) {
    const v = firstFee(lines, FEE_LABELS[key], end);
    if (v !== undefined) r[key] = v;
  }
  const payLine = lines.find((l) => /pay|betal|card|kort|charged|billed/i.test(l) && PAYMENT_METHODS.some(([re]) => re.test(l)));
  if (payLine) r.payment_method = PAYMENT_METHODS.find(([re]) => re.test(payLine))![1];

  const merchant = findMerchant(doc);
  if (merchant && merchant !== r.vendor_name) r.merchant = merchant;
  if (r.platform && !r.merchant && r.vendor_name !== r.platform) r.merchant = r.vendor_name;
  Object.assign(r, categoryHints(doc, input));
  const disputed: Record<string, unknown[]> = total?.disputed ? { total_amount: total.disputed } : {};
  return { result: r, evidence, disputed, ...(total ? { totalLine: total.line } : {}) };
}

/** Category fields that simple keyword rules can find; the rest is left to the LLM or defaults. */
const INVOICE_NO = [/\b(invoice\s*(?:number|no\.?|#)|fakturanummer)\s*[:#]?/i];
const RECEIPT_NO = [/\b(receipt\s*(?:number|no\.?|#)|kvittonummer|document\s*no\.?)\s*[:#]?/i];

function categoryHints(doc: ReceiptDocument, input: ReceiptInput): StageResult {
  const t = doc.text.slice(0, 100_000);
  const out: StageResult = {};
  const transport = /\b(flight|airline|boarding|departure\s+gate|flyg|flight\s+\d)/i.test(t)
    ? 'flight'
    : /\b(train|tåg|rail|sj\b)/i.test(t)
      ? 'train'
      : /\b(bus|buss|coach)\b/i.test(t)
        ? 'bus'
        : /\b(ride|trip\s+fare|driver|taxi)\b/i.test(t)
          ? 'taxi'
          : /\b(check-?in|hotel|property|accommodation|boende)\b/i.test(t)
            ? 'accommodation'
            : undefined;
  if (transport) out.transport_type = transport;
  const route = /\b([A-Z]{3})\s*(?:→|->|–|-|to)\s*([A-Z]{3})\b/.exec(t);
  if (route) out.travel_details = [{ departure_location: route[1]!, arrival_location: route[2]!, departure_date: null, arrival_date: null }];
  const duration = /\b(monthly|yearly|annual(?:ly)?|per\s+month|per\s+year|månadsvis|per\s+månad|årsvis|per\s+år)\b/i.exec(t);
  if (duration) out.duration = duration[1]!.toLowerCase();
  const invoiceNo = findLabeled(doc.lines, INVOICE_NO, idValue)[0];
  if (invoiceNo) out.invoice_number = invoiceNo.value;
  const receiptNo = findLabeled(doc.lines, RECEIPT_NO, idValue)[0];
  if (receiptNo) out.receipt_number = receiptNo.value;
  const utility = /\b(electricity|elektricitet|elavtal|elförbrukning)\b/i.test(t)
    ? 'electricity'
    : /\b(broadband|bredband|internet|fiber)\b/i.test(t)
      ? 'internet'
      : /\b(district\s+heating|fjärrvärme|heating)\b/i.test(t)
        ? 'heating'
        : /\b(water|vatten)\b/i.test(t)
          ? 'water'
          : undefined;
  if (utility && input.subType === 'utility') out.utility_type = utility;
  // Bounded run: an unbounded one is retried from every digit of a long digit run (quadratic).
  const usage = /(\d[\d\s.,]{0,24}(?:kWh|MWh|m³|m3|GB))\b/.exec(t);
  if (usage && input.subType === 'utility') out.usage_details = usage[1]!.replace(/\s+/g, ' ').trim();
  if (/\bkindle\b/i.test(t)) out.category = 'Books';
  return out;
}
