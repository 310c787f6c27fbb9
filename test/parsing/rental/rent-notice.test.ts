import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLooseDate } from '../../../src/parsing/rental/dates.js';
import { classifyLabel, parseRentNotice } from '../../../src/parsing/rental/rent-notice.js';

// pdftotext-shaped text of a Wallenstam notice: labels block, then amounts block (docs/flows.md#rent-notice-rules).
const H_TEXT = [
  'Wallenstam AB',
  'Hyresavi',
  'Hyra',
  'El enligt mätare',
  'Kallvatten enligt mätare',
  'Varmvatten enligt mätare',
  'Retroaktiv hyra avser 2405',
  '',
  '8 920',
  '412',
  '163',
  '320',
  '*120*',
  'Moms: 103',
  'Förfallodatum: 2025-03-31',
  'Totalt att betala:',
  '',
  '9 935',
  '',
  '# 1306798107 #  9935 00  5 >  54029681#41#',
].join('\n');

test('docs/flows.md#rent-notice-rules: OCR, due date, total, breakdown pairs, Moms, extras', () => {
  const p = parseRentNotice(H_TEXT);
  assert.equal(p.layout, 'wallenstam');
  assert.equal(p.ocr, '1306798107');
  assert.equal(p.dueDate, '2025-03-31');
  assert.equal(p.total, 993500);
  assert.equal(p.vat, 10300);
  assert.deepEqual(p.lineItems.map((l) => [l.label, l.kind, l.amount]), [
    ['Hyra', 'rent', 892000],
    ['El', 'electricity', 41200],
    ['Kallvatten', 'cold_water', 16300],
    ['Varmvatten', 'hot_water', 32000],
    ['Retroaktiv hyra avser 2405', 'other', 12000],
  ]);
  assert.deepEqual(p.extra, { 'Retroaktiv hyra avser 2405': '120' });
  assert.deepEqual(p.problems, []);
});

test('docs/flows.md#rent-notice-rules: an odd number of kept lines is a breakdown failure, header fields still read', () => {
  const p = parseRentNotice(H_TEXT.replace('412\n', ''));
  assert.deepEqual(p.problems, ['breakdown_unpaired']);
  assert.deepEqual(p.lineItems, []);
  assert.equal(p.total, 993500);
});

test('docs/flows.md#rent-notice-rules: the row-by-row shape (label, amount, label, amount) pairs the same way', () => {
  const rows = H_TEXT.replace(
    /Hyra\n[\s\S]*?\*120\*\n/,
    'Hyra\n\n8 920\n\nEl enligt mätare\n412\nKallvatten enligt mätare\n163\nVarmvatten enligt mätare\n320\nRetroaktiv hyra avser 2405\n*120*\n',
  );
  assert.notEqual(rows, H_TEXT);
  assert.deepEqual(parseRentNotice(rows), parseRentNotice(H_TEXT));
});

test('docs/flows.md#rent-notice-rules: one amount too many fails the block', () => {
  const p = parseRentNotice(H_TEXT.replace('Hyra\n', 'Hyra\n500\n'));
  assert.deepEqual(p.problems, ['breakdown_unpaired']);
});

test('docs/flows.md#rent-notice-rules: the OCR is only taken before " #"', () => {
  const p = parseRentNotice(H_TEXT.replace('# 1306798107 #', 'Avinummer 1306798107'));
  assert.equal(p.ocr, undefined);
});

test('generic: same-line items, Att betala, OCR-nummer, Betalas senast, bankgiro', () => {
  const p = parseRentNotice(
    [
      'Bostadsbolaget i Mellanstad',
      'OCR-nummer: 4564',
      'Bankgiro: 5402-9681',
      'Betalas senast: 31 mars 2025',
      'Hyra lägenhet 1102: 6 004,00 kr',
      'P-plats: 450,00 kr',
      'Värme 350,00 kr',
      'Varav moms 112,50 kr',
      'Att betala 6 804,00 kr',
    ].join('\n'),
  );
  assert.equal(p.layout, 'generic');
  assert.equal(p.ocr, '4564');
  assert.equal(p.bankgiro, '5402-9681');
  assert.equal(p.dueDate, '2025-03-31');
  assert.equal(p.total, 680400);
  assert.equal(p.vat, 11250);
  assert.deepEqual(p.lineItems.map((l) => [l.label, l.kind, l.amount]), [
    ['Hyra lägenhet 1102', 'rent', 600400],
    ['P-plats', 'parking', 45000],
    ['Värme', 'heating', 35000],
  ]);
});

test('generic: labels block then amounts block, total below its label, plusgiro, Referensnummer', () => {
  const p = parseRentNotice(
    [
      'Referensnummer',
      '12304564',
      'PG 90 20 03-3',
      'Förfallodag 2025-04-30',
      'Specifikation',
      'Grundhyra',
      'Garage 7',
      'Kallvatten',
      '',
      '5 000',
      '800',
      '150,50',
      'Summa att betala',
      '',
      '5 950,50',
    ].join('\n'),
  );
  assert.equal(p.ocr, '12304564');
  assert.equal(p.plusgiro, '90 20 03-3');
  assert.equal(p.dueDate, '2025-04-30');
  assert.equal(p.total, 595050);
  assert.deepEqual(p.lineItems.map((l) => [l.label, l.kind, l.amount]), [
    ['Grundhyra', 'rent', 500000],
    ['Garage 7', 'parking', 80000],
    ['Kallvatten', 'cold_water', 15050],
  ]);
});

test('generic: the slip line gives the OCR when no label does; non-numeric references kept apart', () => {
  assert.equal(parseRentNotice('Att betala: 100 kr\n#  12304564 #  100 00 >').ocr, '12304564');
  const p = parseRentNotice('Payment reference: IN-48951432\nTotal due $25.20');
  assert.equal(p.reference, 'IN-48951432');
  assert.equal(p.ocr, undefined);
  assert.equal(p.total, 2520);
});

test('generic: Total VAT and Subtotal are not the total; the last Total is', () => {
  const p = parseRentNotice(['Subtotal 100.00', 'Total VAT 25.00', 'Total 125.00', 'VAT 25.00'].join('\n'));
  assert.equal(p.total, 12500);
  assert.equal(p.vat, 2500);
});

test('label kinds', () => {
  const cases: Array<[string, string]> = [
    ['Hyra', 'rent'], ['Bostadshyra', 'rent'], ['Rent March', 'rent'], ['Hyra p-plats', 'parking'],
    ['Garageplats', 'parking'], ['El enligt mätare', 'electricity'], ['Hushållsel', 'electricity'],
    ['Kallvatten', 'cold_water'], ['Varmvatten', 'hot_water'], ['Vatten', 'water'], ['Värme', 'heating'],
    ['Avgift bredband', 'fee'], ['Mervärdesskatt 25%', 'vat'], ['Retroaktiv hyra avser 2405', 'other'],
    ['Förråd', 'other'], ['Elevator', 'other'],
  ];
  for (const [label, kind] of cases) assert.equal(classifyLabel(label), kind, label);
});

test('loose dates in several languages and formats', () => {
  const cases: Array<[string, string | undefined]> = [
    ['2025-03-31', '2025-03-31'],
    ['senast 31 mars 2025', '2025-03-31'],
    ['TOTAL AMOUNT DUE ON August 3, 2014', '2014-08-03'],
    ['Date due: 04/04/2023', '2023-04-04'],
    ['Fällig am 22.09.2022', '2022-09-22'],
    ['Échéance 5 juillet 2015', '2015-07-05'],
    ['due 12/31/2024', '2024-12-31'],
    ['TOTAL AMOUNT DUE ON August 3 , 2014', '2014-08-03'],
    ['Date limite de paiement le 05 Juillet 2015', '2015-07-05'],
    ['2025-02-30', undefined],
    ['31 foo 2025', undefined],
    ['no date here', undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseLooseDate(text), want, text);
});

test('generic: a due-date column in a header row picks the matching date below', () => {
  const p = parseRentNotice(['Invoice Date: Due Date: Reference:', '03/20/2023 04/04/2023 CUSTREF123', 'Total $ 10.00'].join('\n'));
  assert.equal(p.dueDate, '2023-04-04');
  assert.equal(p.reference, undefined, 'a date in the column below is never taken as the reference');
  const nl = parseRentNotice(['Klant Factuur datum Vervaldatum', 'SC0303 8-9-2022 22-9-2022', 'Totaal 49,99'].join('\n'));
  assert.equal(nl.dueDate, '2022-09-22');
});
