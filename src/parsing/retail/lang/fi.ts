import type { LanguageTable } from './types.js';

export const fi: LanguageTable = {
  code: 'fi',
  months: {
    tammikuu: 1, tammikuuta: 1, helmikuu: 2, helmikuuta: 2, maaliskuu: 3, maaliskuuta: 3, huhtikuu: 4, huhtikuuta: 4,
    toukokuu: 5, toukokuuta: 5, kesäkuu: 6, kesäkuuta: 6, heinäkuu: 7, heinäkuuta: 7, elokuu: 8, elokuuta: 8,
    syyskuu: 9, syyskuuta: 9, lokakuu: 10, lokakuuta: 10, marraskuu: 11, marraskuuta: 11, joulukuu: 12, joulukuuta: 12,
  },
  total: ['maksettava', 'maksettava yhteensä', 'yhteensä maksettu', 'loppusumma', 'kokonaissumma', 'veloitettu summa', 'maksettu summa', 'yhteensä sis. alv', 'summa yhteensä'],
  totalWeak: ['yhteensä', 'summa', 'maksettu', 'total'],
  price: ['hinta'],
  notTotal: ['välisumma', 'alv', 'veroton', 'alennus', 'henkilöä kohden'],
  subtotal: ['välisumma', 'tuotteet yhteensä'],
  tax: ['alv', 'arvonlisävero'],
  delivery: ['toimitus', 'toimitusmaksu', 'kuljetus', 'postikulut', 'palvelumaksu'],
  discount: ['alennus', 'alennuskoodi', 'kampanja', 'lahjakortti'],
  date: ['tilauspäivä', 'ostopäivä', 'laskun päivämäärä', 'päivämäärä', 'maksupäivä', 'kuittipäivä'],
  order: ['tilausnumero', 'tilaus nro', 'kuittinumero', 'laskunumero', 'varausnumero', 'viitenumero'],
  thanks: ['kiitos ostoksestasi', 'kiitos tilauksestasi', 'kiitos että valitsit', 'kiitos varauksestasi'],
  receiptFrom: ['kuitti', 'tilausvahvistus'],
  receipt: ['kuitti', 'tilausvahvistus', 'kiitos tilauksestasi', 'kiitos ostoksestasi', 'lasku', 'varausvahvistus'],
  signOff: ['ystävällisin terveisin', 'terveisin', 'parhain terveisin'],
  legalForms: ['Oy', 'Oyj', 'Ab', 'Ky'],
  bankAlert: ['korttitapahtuma', 'tilitapahtuma', 'tilisi saldo', 'tiliote'],
  marketing: ['uutiskirje', 'osta nyt', 'tarjous', 'ale', 'ilmoittaudu'],
};
