import type { LanguageTable } from './types.js';

export const pl: LanguageTable = {
  code: 'pl',
  months: {
    styczeń: 1, stycznia: 1, sty: 1, luty: 2, lutego: 2, lut: 2, marzec: 3, marca: 3, kwiecień: 4, kwietnia: 4, kwi: 4,
    maj: 5, maja: 5, czerwiec: 6, czerwca: 6, cze: 6, lipiec: 7, lipca: 7, lip: 7, sierpień: 8, sierpnia: 8, sie: 8,
    wrzesień: 9, września: 9, wrz: 9, październik: 10, października: 10, paź: 10, listopad: 11, listopada: 11, lis: 11,
    grudzień: 12, grudnia: 12, gru: 12,
  },
  total: ['do zapłaty', 'razem do zapłaty', 'suma do zapłaty', 'kwota do zapłaty', 'łącznie do zapłaty', 'zapłacono', 'kwota zapłacona', 'wartość zamówienia', 'suma pln', 'razem brutto', 'kwota całkowita', 'łączna kwota'],
  totalWeak: ['razem', 'suma', 'łącznie', 'kwota', 'total'],
  price: ['cena'],
  notTotal: ['suma częściowa', 'netto', 'vat', 'ptu', 'rabat', 'w tym vat', 'na osobę'],
  subtotal: ['suma częściowa', 'wartość produktów', 'produkty'],
  tax: ['vat', 'ptu', 'w tym vat', 'podatek'],
  delivery: ['dostawa', 'koszt dostawy', 'opłata za dostawę', 'wysyłka', 'opłata serwisowa'],
  discount: ['rabat', 'zniżka', 'kod rabatowy', 'kupon', 'promocja'],
  date: ['data zamówienia', 'data zakupu', 'data wystawienia', 'data faktury', 'data płatności', 'data transakcji', 'data sprzedaży'],
  order: ['numer zamówienia', 'nr zamówienia', 'zamówienie nr', 'numer faktury', 'faktura nr', 'nr faktury', 'numer rezerwacji', 'numer paragonu', 'numer transakcji', 'numer klienta', 'numer biletu', 'bilet nr', 'bilet elektroniczny nr'],
  thanks: ['dziękujemy za zakupy w', 'dziękujemy za zamówienie w', 'dziękujemy za zamówienie z', 'dziękujemy za wybranie', 'dziękujemy za skorzystanie z', 'dziękujemy za rezerwację w', 'dziękujemy za rezerwację u', 'dziękujemy za dokonanie rezerwacji w'],
  receiptFrom: ['twój rachunek z', 'twoje zamówienie z', 'twoje zamówienie w', 'potwierdzenie zamówienia z', 'paragon z'],
  receipt: ['paragon', 'rachunek', 'faktura', 'potwierdzenie zamówienia', 'dziękujemy za zamówienie', 'dziękujemy za zakupy', 'twoje zamówienie', 'potwierdzenie płatności', 'potwierdzenie rezerwacji'],
  signOff: ['pozdrawiamy', 'z poważaniem', 'z pozdrowieniami', 'serdecznie pozdrawiamy'],
  legalForms: ['sp. z o.o.', 'Sp. z o.o.', 'S.A.', 'SA', 'sp.k.', 'sp. j.'],
  bankAlert: ['transakcja kartą', 'obciążenie rachunku', 'uznanie rachunku', 'saldo rachunku', 'wyciąg z rachunku', 'przelew przychodzący', 'wpływ na rachunek'],
  marketing: ['newsletter', 'kup teraz', 'oferta specjalna', 'wyprzedaż', 'nie przegap', 'zapisz się'],
};
