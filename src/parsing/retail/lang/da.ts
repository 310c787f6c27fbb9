import type { LanguageTable } from './types.js';

export const da: LanguageTable = {
  code: 'da',
  months: {
    januar: 1, februar: 2, marts: 3, april: 4, maj: 5, juni: 6, juli: 7, august: 8, september: 9, oktober: 10, okt: 10,
    november: 11, december: 12,
  },
  total: ['at betale', 'i alt at betale', 'total at betale', 'totalbeløb', 'beløb i alt', 'betalt beløb', 'hævet beløb', 'i alt inkl. moms', 'i alt inkl moms', 'du betalte'],
  totalWeak: ['i alt', 'total', 'sum', 'betalt', 'beløb'],
  price: ['pris'],
  notTotal: ['subtotal', 'heraf moms', 'moms', 'ekskl', 'ekskl. moms', 'rabat', 'per person', 'pr. person', 'pr. nat'],
  subtotal: ['subtotal', 'varer i alt', 'mellemsum'],
  tax: ['moms', 'heraf moms'],
  delivery: ['fragt', 'levering', 'leveringsgebyr', 'forsendelse', 'porto', 'servicegebyr'],
  discount: ['rabat', 'rabatkode', 'kampagne', 'gavekort'],
  date: ['ordredato', 'købsdato', 'fakturadato', 'kvitteringsdato', 'bestillingsdato', 'betalingsdato'],
  order: ['ordrenummer', 'ordrenr', 'bestillingsnummer', 'kvitteringsnummer', 'fakturanummer', 'referencenummer', 'bookingnummer'],
  thanks: ['tak for dit køb hos', 'tak for din bestilling hos', 'tak for din ordre hos', 'tak fordi du handlede hos', 'tak fordi du valgte', 'tak for din booking hos', 'tak fordi du bookede hos'],
  receiptFrom: ['din kvittering fra', 'kvittering fra', 'din ordre fra', 'din bestilling fra', 'ordrebekræftelse fra'],
  receipt: ['kvittering', 'ordrebekræftelse', 'tak for din bestilling', 'tak for dit køb', 'tak for din ordre', 'faktura', 'din ordre', 'bestillingsbekræftelse'],
  signOff: ['med venlig hilsen', 'venlig hilsen', 'de bedste hilsner', 'mvh'],
  legalForms: ['A/S', 'ApS', 'I/S', 'IVS'],
  bankAlert: ['korttransaktion', 'din saldo er', 'kontoudtog', 'overførsel modtaget', 'indbetaling på din konto'],
  marketing: ['nyhedsbrev', 'køb nu', 'gå ikke glip af', 'tilbud', 'udsalg', 'tilmeld dig'],
};
