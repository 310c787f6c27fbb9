import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDates, plausibleDate } from '../../../src/parsing/retail/dates.js';
import { findMoney, normaliseCurrency, resolveCurrency } from '../../../src/parsing/retail/money.js';

const one = (s: string) => findMoney(s, true).map((m) => [m.amount, m.currency]);

describe('amounts as receipts print them', () => {
  const cases: [string, number, string][] = [
    ['289,50 kr', 289.5, 'SEK'],
    ['SEK 1 234', 1234, 'SEK'],
    ['$12.34', 12.34, 'USD'],
    ['1.234,50 €', 1234.5, 'EUR'],
    ['US$1,180.38', 1180.38, 'USD'],
    ['£4.49 GBP', 4.49, 'GBP'],
    ['$212.82 CAD', 212.82, 'CAD'],
    ['CA$15.00', 15, 'CAD'],
    ['99:-', 99, 'SEK'],
    ['1 299 Kr', 1299, 'SEK'],
    ['120,00 DKK', 120, 'DKK'],
    ['NOK 349', 349, 'NOK'],
    ['€16.95', 16.95, 'EUR'],
    ['6.00 PLN', 6, 'PLN'],
    ['Total$9.52', 9.52, 'USD'],
  ];
  for (const [s, amount, currency] of cases) it(s, () => assert.deepEqual(one(s), [[amount, currency]]));

  it('negative amounts and words that only look like currencies', () => {
    assert.deepEqual(one('Promotion -$8.32'), [[-8.32, 'USD']]);
    assert.deepEqual(one('please try 2 times, Tikr 5, 20% off'), []);
  });

  it('resolves kr and $ from context', () => {
    const [kr] = findMoney('349 kr', true);
    assert.equal(resolveCurrency(kr, { text: 'Totalt 349 kr', from: 'ordre@butikk.no' }), 'NOK');
    assert.equal(resolveCurrency(kr, { text: 'Beløb i DKK' }), 'DKK');
    assert.equal(resolveCurrency(kr, { text: 'Totalt 349 kr' }), 'SEK');
    assert.equal(normaliseCurrency('kr'), 'SEK');
    assert.equal(normaliseCurrency('usd'), 'USD');
    assert.equal(normaliseCurrency('XYZ'), undefined);
  });
});

describe('dates in English and Swedish', () => {
  const cases: [string, string, boolean?][] = [
    ['Feb 9, 2025', '2025-02-09'],
    ['9 februari 2025', '2025-02-09'],
    ['1 Jun 2018 15:27:25 BST', '2018-06-01'],
    ['2025-11-30', '2025-11-30'],
    ['10-06-2021', '2021-06-10'],
    ['04.07.2025', '2025-07-04'],
    ['07/15/2025', '2025-07-15'],
    ['03/04/2025', '2025-03-04', false],
    ['den 3:e maj 2025', '2025-05-03'],
  ];
  for (const [s, want, dayFirst] of cases) it(s, () => assert.equal(findDates(s, dayFirst ?? true)[0]?.date, want));

  it('rejects impossible and implausible dates', () => {
    assert.deepEqual(findDates('2025-02-30 and 31/31/2025'), []);
    const now = new Date('2026-01-01T00:00:00Z');
    assert.equal(plausibleDate('2025-12-31', now), true);
    assert.equal(plausibleDate('2026-01-03', now), false);
    assert.equal(plausibleDate('1999-12-31', now), false);
  });
});
