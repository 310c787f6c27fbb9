/**
 * One language's receipt vocabulary, as data. Every entry is a literal phrase (matched
 * case-insensitively on word boundaries, whitespace flexible); `lang/index.ts` turns the tables
 * into linear-time alternations, so adding a language never means writing a regex.
 */
export interface LanguageTable {
  /** ISO 639-1. */
  code: string;
  /** Month name or abbreviation → month number (1–12), every grammatical form the language prints. */
  months: Record<string, number>;
  /** Labels of the amount actually paid, most specific first. */
  total: string[];
  /** Weaker total words (`Total`, `Summe`): used when no strong label is printed. */
  totalWeak: string[];
  /** A price label (`Price`, `Preis`, `Cena`): the total only when nothing else labels the amount paid. */
  price: string[];
  /** Labels of a part of the total: never the total itself. */
  notTotal: string[];
  subtotal: string[];
  tax: string[];
  delivery: string[];
  discount: string[];
  /** Labels of the order/purchase date. */
  date: string[];
  /** Labels of the order, booking or receipt number. */
  order: string[];
  /** Openings of "thank you for shopping at <Merchant>" lines; the merchant follows the phrase. */
  thanks: string[];
  /** Openings of a subject or heading naming the merchant: "Your receipt from <Merchant>". */
  receiptFrom: string[];
  /** Closing formulae of a letter (`Med vänlig hälsning`): the sender's name follows on the next line. */
  signOff: string[];
  /** Company legal forms as printed, case kept (`AB`, `GmbH`, `a.s.`, `sp. z o.o.`): a name before one is a company. */
  legalForms: string[];
  /** Words only a purchase record uses (receipt, order confirmation…). */
  receipt: string[];
  /** Bank and card alerts, account statements: money moved, but no purchase record from a merchant. */
  bankAlert: string[];
  /** Newsletters, events and marketing. */
  marketing: string[];
}
