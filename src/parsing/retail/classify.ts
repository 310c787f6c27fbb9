import type { ReceiptDocument } from './document.js';
import { vocabulary } from './lang/index.js';
import type { ReceiptInput, StageResult } from './types.js';

/**
 * Is this email a purchase record at all? Vendor searches also catch shipping notices,
 * newsletters, marketing and account mail; storing those as invoices would show the user
 * purchases that never happened. Returns the reason when it is NOT a receipt.
 */

// The email says so itself.
const SELF_DENIAL =
  /\b(?:this\s+is\s+not\s+(?:a|an)\s+(?:payment\s+)?(?:receipt|invoice)|not\s+a\s+payment\s+receipt|detta\s+är\s+inte\s+ett?\s+(?:kvitto|faktura))\b/i;
const ACCOUNT =
  /\b(?:reset\s+your\s+password|password\s+reset|verify\s+your\s+(?:email|account)|confirm\s+your\s+email|sign-?in\s+attempt|security\s+(?:alert|code)|verification\s+code|one-?time\s+(?:code|password)|återställ\s+(?:ditt\s+)?lösenord|verifiera\s+din\s+e-?post|inloggningskod|new\s+(?:sign-?in|login))\b/i;
const SHIPPING =
  /\b(?:has\s+(?:been\s+)?(?:shipped|dispatched|delivered)|is\s+on\s+(?:its|the)\s+way|out\s+for\s+delivery|(?:shipping|delivery|dispatch)\s+(?:notification|update|confirmation)|track\s+your\s+(?:package|parcel|order|shipment)|your\s+(?:package|parcel)\b|har\s+skickats|är\s+på\s+väg|har\s+levererats|ditt\s+paket|leveransavisering|spåra\s+(?:ditt\s+)?paket|kan\s+hämtas|redo\s+att\s+hämtas|ready\s+for\s+pickup)/i;
const MARKETING =
  /\b(?:newsletter|nyhetsbrev|\d{1,2}\s?%\s+(?:off|rabatt)|sale\s+ends|shop\s+now|handla\s+nu|limited\s+time|don'?t\s+miss|missa\s+inte|new\s+arrivals|nyheter\s+för|exclusive\s+offer|erbjudande|rea\b|black\s+friday|we\s+miss\s+you|recommended\s+for\s+you|view\s+in\s+browser)/i;
// Mail about a purchase that did not (yet) happen: carts, reviews, reminders, failures, cancellations.
const NO_PURCHASE =
  /\b(?:(?:left|forgot)\s+(?:something|items?)\s+in\s+your\s+(?:cart|basket|bag)|still\s+in\s+your\s+(?:cart|basket)|complete\s+your\s+(?:order|purchase)|how\s+was\s+your|rate\s+your|review\s+your\s+(?:purchase|order|item)|leave\s+a\s+review|price\s+drop|back\s+in\s+stock|payment\s+(?:failed|declined|unsuccessful)|betalning(?:en)?\s+misslyckades|(?:order|booking|beställning(?:en)?|bokning(?:en)?)\s+(?:has\s+been\s+|är\s+|har\s+)?(?:cancell?ed|avboka(?:d|ts)|avbrut(?:en|its)|makulera(?:d|ts))|upcoming\s+(?:payment|renewal|charge)|glömt\s+något|din\s+varukorg|betygsätt|recensera)\b/i;
const UNSUBSCRIBE = /\b(?:unsubscribe|avregistrera|avsluta\s+prenumeration|manage\s+(?:your\s+)?preferences)\b/i;
// Words only a purchase record uses.
const TRANSACTIONAL =
  /\b(?:receipt|kvitto|order\s+confirmation|orderbekräftelse|beställningsbekräftelse|thanks?\s+(?:you\s+)?for\s+(?:your\s+)?(?:order|purchase|payment|booking|shopping|ordering)|tack\s+för\s+(?:din\s+beställning|ditt\s+köp|din\s+order|din\s+betalning)|invoice|faktura|you\s+(?:sent|paid)\s+a?\s*payment|payment\s+(?:received|confirmation)|betalningsbekräftelse|booking\s+confirm|bokningsbekräftelse|confirmation\s+(?:code|number)|itinerary|reseplan|amount\s+paid|total\s+charged|order\s+total|your\s+order|din\s+beställning|din\s+order)\b/i;

// Headlines of an order or payment confirmation (which may also promise a later delivery).
const ORDER_HEADLINE =
  /\b(?:receipt|kvitto|order\s+confirmation|orderbekräftelse|order\s+(?:is\s+)?confirmed|thanks?\s+(?:you\s+)?for\s+(?:your\s+|making\s+(?:another\s+)?)?(?:order|purchase|payment)|tack\s+för\s+(?:din\s+beställning|ditt\s+köp)|din\s+order\s+är\s+bekräftad|payment\s+(?:received|confirmation))\b/i;

// The language tables: receipt words, bank/card alerts, marketing.
const RECEIPT_WORDS = vocabulary('receipt');
const BANK_ALERT = vocabulary('bankAlert');
const MARKETING_WORDS = vocabulary('marketing');
// A bank account printed masked (`cuenta ****0000`, `account xxxx1234`): banks write that, shops print cards.
const MASKED_ACCOUNT = /(?<!\p{L})(?:cuenta|account|konto|compte|conto|účtu|účet|rachunku|rachunek|tili)(?!\p{L})[^\n*•xX]{0,25}[*•xX]{4,}\s?\d{3,4}/iu;

const isTransactional = (s: string): boolean => TRANSACTIONAL.test(s) || RECEIPT_WORDS.test(s);
const isMarketing = (s: string): boolean => MARKETING.test(s) || MARKETING_WORDS.test(s);

export function notReceiptReason(doc: ReceiptDocument, input: ReceiptInput, found: StageResult, markupShippingOnly: boolean): string | undefined {
  const head = `${input.subject ?? ''}\n${doc.lines.slice(0, 12).join('\n')}`;
  const body = doc.text.slice(0, 150_000);
  if (!doc.text.trim() && !input.subject) return 'empty email';
  if (SELF_DENIAL.test(body)) return 'the email states it is not a receipt';
  if (ACCOUNT.test(head)) return 'account or security email';
  if (NO_PURCHASE.test(head)) return 'no completed purchase (cart, review, reminder, failure or cancellation)';
  const hasTotal = found.total_amount !== undefined;
  const transactional = isTransactional(head) || isTransactional(body);
  const top = body.slice(0, 6000);
  // Money moved, but the sender is the bank, not the merchant: no purchase record.
  if (!ORDER_HEADLINE.test(head) && (BANK_ALERT.test(head) || BANK_ALERT.test(top) || MASKED_ACCOUNT.test(top))) return 'bank or card alert';
  if (markupShippingOnly) return 'shipping notice (ParcelDelivery markup)';
  // A shipping notice may repeat the order total; its headline is what tells it apart.
  if (SHIPPING.test(head) && !ORDER_HEADLINE.test(head))
    return 'shipping or delivery notice';
  if (!hasTotal && !found.order_id) {
    if (isMarketing(head) || UNSUBSCRIBE.test(body)) return 'marketing or newsletter';
    if (!transactional) return 'no purchase found (no total, no order number)';
  }
  if (!transactional && isMarketing(head)) return 'marketing or newsletter';
  if (!hasTotal && !transactional) return 'no purchase found';
  return undefined;
}
