import type { LanguageTable } from './types.js';

export const de: LanguageTable = {
  code: 'de',
  months: {
    januar: 1, jänner: 1, jan: 1, februar: 2, feb: 2, märz: 3, maerz: 3, mär: 3, april: 4, apr: 4, mai: 5, juni: 6, juli: 7,
    august: 8, aug: 8, september: 9, sept: 9, oktober: 10, okt: 10, november: 11, nov: 11, dezember: 12, dez: 12,
  },
  total: [
    'gesamtsumme', 'gesamtbetrag', 'endbetrag', 'rechnungsbetrag', 'zu zahlen', 'zu zahlender betrag',
    'zahlbetrag', 'bezahlter betrag', 'summe inkl. mwst', 'gesamt inkl. mwst', 'gesamtpreis', 'bestellsumme',
    'summe der bestellung', 'gesamtsumme inkl. mwst', 'gesamt (inkl. mwst.)',
  ],
  totalWeak: ['summe', 'gesamt', 'total', 'bezahlt', 'betrag'],
  price: ['preis', 'fahrpreis'],
  notTotal: ['zwischensumme', 'mwst', 'ust', 'netto', 'exkl', 'ohne mwst', 'enthaltene mwst', 'rabatt', 'pro person', 'pro nacht', 'gespart'],
  subtotal: ['zwischensumme', 'summe artikel', 'warenwert'],
  tax: ['mwst', 'ust', 'mehrwertsteuer', 'umsatzsteuer', 'enthaltene mwst'],
  delivery: ['versand', 'versandkosten', 'lieferung', 'liefergebühr', 'verpackung & versand', 'servicegebühr'],
  discount: ['rabatt', 'gutschein', 'nachlass', 'coupon', 'aktion'],
  date: ['bestelldatum', 'rechnungsdatum', 'kaufdatum', 'buchungsdatum', 'zahlungsdatum', 'bestellt am', 'datum der bestellung', 'belegdatum'],
  order: ['bestellnummer', 'bestell-nr', 'bestellnr', 'auftragsnummer', 'rechnungsnummer', 'buchungsnummer', 'auftragsnr', 'belegnummer', 'buchungscode', 'bestätigungsnummer'],
  thanks: ['vielen dank für ihren einkauf bei', 'vielen dank für deinen einkauf bei', 'danke für ihren einkauf bei', 'danke für deinen einkauf bei', 'vielen dank für ihre bestellung bei', 'vielen dank für deine bestellung bei', 'danke für deine bestellung bei', 'danke für ihre bestellung bei', 'vielen dank für ihre buchung bei', 'vielen dank für ihre buchung bei', 'danke für ihre buchung bei', 'vielen dank für deine buchung bei'],
  receiptFrom: ['ihre bestellung bei', 'deine bestellung bei', 'ihre rechnung von', 'deine rechnung von', 'ihr beleg von', 'bestellbestätigung von', 'ihre buchung bei'],
  receipt: ['rechnung', 'quittung', 'beleg', 'kassenbon', 'bestellbestätigung', 'auftragsbestätigung', 'buchungsbestätigung', 'vielen dank für ihre bestellung', 'vielen dank für deine bestellung', 'ihre bestellung', 'deine bestellung', 'zahlungsbestätigung'],
  signOff: ['mit freundlichen grüßen', 'mit freundlichen grüssen', 'freundliche grüße', 'viele grüße', 'beste grüße', 'herzliche grüße'],
  legalForms: ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.', 'UG', 'SE', 'OHG'],
  bankAlert: ['kartenumsatz', 'kontobewegung', 'ihr kontostand', 'kontoauszug', 'umsatzbenachrichtigung', 'lastschrift eingegangen', 'gutschrift auf ihrem konto'],
  marketing: ['newsletter', 'jetzt einkaufen', 'jetzt shoppen', 'nur für kurze zeit', 'angebot', 'sale', 'jetzt anmelden'],
};
