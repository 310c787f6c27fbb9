import type { LanguageTable } from './types.js';

export const no: LanguageTable = {
  code: 'no',
  months: {
    januar: 1, februar: 2, mars: 3, april: 4, mai: 5, juni: 6, juli: 7, august: 8, september: 9, oktober: 10, okt: 10,
    november: 11, desember: 12, des: 12,
  },
  total: ['å betale', 'totalt å betale', 'sum å betale', 'totalbeløp', 'totalsum', 'betalt beløp', 'belastet beløp', 'totalt inkl. mva', 'totalt inkl mva', 'du betalte'],
  totalWeak: ['totalt', 'sum', 'total', 'betalt', 'beløp'],
  price: ['pris'],
  notTotal: ['delsum', 'mellomsum', 'herav mva', 'hvorav mva', 'mva', 'eks. mva', 'ekskl', 'rabatt', 'per person', 'per natt'],
  subtotal: ['delsum', 'mellomsum', 'varer'],
  tax: ['mva', 'herav mva', 'hvorav mva', 'merverdiavgift'],
  delivery: ['frakt', 'fraktkostnad', 'levering', 'leveringsgebyr', 'porto', 'servicegebyr'],
  discount: ['rabatt', 'rabattkode', 'kampanje', 'gavekort'],
  date: ['ordredato', 'kjøpsdato', 'fakturadato', 'kvitteringsdato', 'bestillingsdato', 'betalingsdato', 'dato for kjøp'],
  order: ['ordrenummer', 'ordrenr', 'bestillingsnummer', 'kvitteringsnummer', 'fakturanummer', 'referansenummer', 'bookingnummer'],
  thanks: ['takk for at du handlet hos', 'takk for at du handlet på', 'takk for handelen hos', 'takk for din bestilling hos', 'takk for bestillingen hos', 'takk for at du valgte', 'takk for at du bestilte reisen hos', 'takk for din booking hos', 'takk for bestillingen din hos'],
  receiptFrom: ['din kvittering fra', 'kvittering fra', 'din ordre fra', 'din bestilling fra', 'din bestilling hos', 'ordrebekreftelse fra'],
  receipt: ['kvittering', 'ordrebekreftelse', 'takk for din bestilling', 'takk for handelen', 'takk for bestillingen', 'faktura', 'din bestilling', 'bestillingsbekreftelse'],
  signOff: ['med vennlig hilsen', 'vennlig hilsen', 'hilsen', 'mvh'],
  legalForms: ['AS', 'ASA', 'ANS', 'DA'],
  bankAlert: ['korttransaksjon', 'saldovarsel', 'din saldo er', 'kontoutskrift', 'innskudd på konto'],
  marketing: ['nyhetsbrev', 'handle nå', 'ikke gå glipp', 'tilbud', 'salg', 'meld deg på'],
};
