import type { LanguageTable } from './types.js';

export const sv: LanguageTable = {
  code: 'sv',
  months: {
    januari: 1, februari: 2, mars: 3, april: 4, maj: 5, juni: 6, juli: 7, augusti: 8, september: 9, oktober: 10, okt: 10,
    november: 11, december: 12,
  },
  total: [
    'att betala', 'totalt att betala', 'summa att betala', 'belopp att betala', 'totalbelopp', 'totalsumma',
    'totalt belopp', 'totalpris', 'betalt belopp', 'debiterat belopp', 'totalt inkl. moms', 'totalt inkl moms',
    'summa inkl. moms', 'att betala totalt', 'du betalade',
  ],
  totalWeak: ['totalt', 'summa', 'total', 'betalt', 'debiterat', 'belopp'],
  price: ['pris', 'biljettpris'],
  notTotal: ['delsumma', 'mellansumma', 'varav moms', 'exkl', 'exkl. moms', 'ex moms', 'moms', 'totalt antal', 'rabatt', 'per person', 'per natt', 'per månad'],
  subtotal: ['delsumma', 'mellansumma', 'summa varor', 'varor'],
  tax: ['moms', 'varav moms'],
  delivery: ['frakt', 'fraktavgift', 'leveransavgift', 'utkörningsavgift', 'budavgift', 'leveranskostnad', 'serviceavgift'],
  discount: ['rabatt', 'rabattkod', 'kampanj', 'presentkort'],
  date: ['orderdatum', 'köpdatum', 'fakturadatum', 'kvittodatum', 'beställningsdatum', 'betaldatum', 'datum för köp', 'bokningsdatum'],
  order: ['ordernummer', 'ordernr', 'beställningsnummer', 'bokningsnummer', 'bokningsreferens', 'bokningskod', 'kvittonummer', 'kvittonr', 'fakturanummer', 'bekräftelsenummer', 'referensnummer'],
  thanks: ['tack för ditt köp hos', 'tack för ditt köp på', 'tack för din beställning hos', 'tack för din beställning från', 'tack för att du handlat hos', 'tack för att du handlade hos', 'tack för att du valt', 'välkommen åter till', 'tack för att du bokat din resa hos', 'tack för att du bokat hos', 'tack för din bokning hos', 'tack för att du bokade hos'],
  receiptFrom: ['ditt kvitto från', 'kvitto från', 'din beställning från', 'din order från', 'din beställning hos', 'ditt köp hos', 'orderbekräftelse från'],
  receipt: ['kvitto', 'orderbekräftelse', 'beställningsbekräftelse', 'tack för din beställning', 'tack för ditt köp', 'faktura', 'bokningsbekräftelse', 'din beställning', 'din order'],
  signOff: ['med vänlig hälsning', 'med vänliga hälsningar', 'vänliga hälsningar', 'vänlig hälsning', 'hälsningar', 'mvh'],
  legalForms: ['AB', 'AB (publ)', 'HB', 'KB'],
  bankAlert: ['korttransaktion', 'saldobesked', 'ditt saldo är', 'kontoutdrag', 'överföring mottagen', 'lönen har kommit', 'insättning på ditt konto', 'har dragits från ditt konto'],
  marketing: ['nyhetsbrev', 'handla nu', 'missa inte', 'nyheter för', 'erbjudande', 'rea', 'anmäl dig'],
};
