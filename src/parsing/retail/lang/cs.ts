import type { LanguageTable } from './types.js';

export const cs: LanguageTable = {
  code: 'cs',
  months: {
    leden: 1, ledna: 1, únor: 2, února: 2, březen: 3, března: 3, duben: 4, dubna: 4, květen: 5, května: 5, červen: 6,
    června: 6, červenec: 7, července: 7, srpen: 8, srpna: 8, září: 9, říjen: 10, října: 10, listopadu: 11,
    prosinec: 12, prosince: 12,
  },
  total: ['celkem k úhradě', 'k úhradě', 'celková cena', 'celková částka', 'částka k úhradě', 'zaplaceno', 'uhrazeno', 'celkem zaplaceno', 'cena celkem', 'celkem s dph'],
  totalWeak: ['celkem', 'suma', 'částka', 'total'],
  price: ['cena', 'cena jízdenky', 'jízdné'],
  notTotal: ['mezisoučet', 'bez dph', 'základ daně', 'dph', 'sleva', 'za osobu'],
  subtotal: ['mezisoučet', 'základ daně', 'zboží celkem'],
  tax: ['dph', 'daň'],
  delivery: ['doprava', 'doručení', 'poštovné', 'cena dopravy', 'servisní poplatek'],
  discount: ['sleva', 'slevový kód', 'kupón', 'akce'],
  date: ['datum objednávky', 'datum nákupu', 'datum vystavení', 'datum platby', 'datum rezervace', 'datum uskutečnění'],
  order: ['číslo objednávky', 'objednávka č', 'číslo rezervace', 'kód rezervace', 'číslo faktury', 'faktura č', 'číslo dokladu', 'variabilní symbol', 'číslo jízdenky', 'jízdenka č'],
  thanks: ['děkujeme za nákup v', 'děkujeme za nákup u', 'děkujeme za objednávku v', 'děkujeme za objednávku u', 'děkujeme, že jste si vybrali', 'děkujeme, že cestujete s', 'děkujeme za rezervaci u', 'děkujeme za rezervaci v', 'děkujeme, že jste si rezervovali u'],
  receiptFrom: ['vaše objednávka z', 'vaše objednávka u', 'účtenka z', 'potvrzení objednávky z'],
  receipt: ['účtenka', 'faktura', 'potvrzení objednávky', 'děkujeme za objednávku', 'děkujeme za nákup', 'potvrzení rezervace', 'vaše objednávka', 'jízdenka', 'daňový doklad'],
  signOff: ['s pozdravem', 's přátelským pozdravem', 'děkujeme a zdravíme', 'zdraví'],
  legalForms: ['a.s.', 's.r.o.', 'k.s.', 'v.o.s.', 'spol. s r.o.'],
  bankAlert: ['pohyb na účtu', 'příchozí platba', 'zůstatek na účtu', 'výpis z účtu', 'transakce kartou'],
  marketing: ['newsletter', 'nakupte nyní', 'speciální nabídka', 'výprodej', 'nenechte si ujít', 'registrujte se'],
};
