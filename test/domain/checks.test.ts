import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findAmounts,
  isValidBankgiro,
  isValidOcr,
  isValidPlusgiro,
  luhnCheckDigit,
  makeOcr,
  minorToMajor,
  minorToWholeMajor,
  parseAmount,
} from '../../src/domain/checks.js';

// Transcribed from the banktools-se derived payment-reference table (values and validity).
const OCR_TABLE: Array<[value: string, lengthDigit: boolean, valid: boolean]> = [
  ['1230', false, true],
  ['1231', false, false],
  ['123456789023', true, true],
  ['1234567890037', true, true],
  ['12369', true, false],
  ['12369', false, true],
  ['12351', true, true],
  ['123067', true, true],
  ['1230', true, false],
  ['4564', false, true],
  ['1234', false, false],
  ['456061', true, true],
  ['12304564', false, true],
  ['3188720001', false, true],
  ['3201675000', false, true],
  ['0', false, false],
  ['00', false, true],
];
const BANKGIRO_TABLE: Array<[string, boolean]> = [
  ['5402-9681', true],
  ['297-3675', true],
  ['640-5070', true],
  ['902-0033', true],
  ['902-0034', false],
  ['5402-9682', false],
  ['54-0296', false],
  ['5402-96810', false],
  ['5402-9681X', false],
  [' 5 4 0 2 - 9 6 8 1 ', true],
];
const PLUSGIRO_TABLE: Array<[string, boolean]> = [
  ['28 65 43-4', true],
  ['410 54 68-5', true],
  ['4-2', true],
  ['90 20 03-3', true],
  ['90 20 03-4', false],
  ['410 54 68-6', false],
  ['410 54-51 21', false],
  ['1', false],
];

test('OCR references: Luhn with and without length digit', () => {
  for (const [value, lengthDigit, valid] of OCR_TABLE) {
    assert.equal(isValidOcr(value, lengthDigit ? 'length' : 'plain'), valid, `${value} length=${lengthDigit}`);
  }
  assert.equal(isValidOcr('12369', 'any'), true);
  assert.equal(isValidOcr('1231', 'any'), false);
  assert.equal(isValidOcr('1'.repeat(26) , 'any'), false, 'longer than 25 digits');
  assert.equal(isValidOcr('12a0'), false);
});

test('OCR generation round-trips through the check', () => {
  assert.equal(makeOcr('123'), '1230');
  assert.equal(makeOcr('1234567890', { lengthDigit: true }), '123456789023');
  assert.equal(luhnCheckDigit('456'), '4');
  for (let n = 100000; n < 100400; n += 7) {
    assert.ok(isValidOcr(makeOcr(String(n)), 'plain'));
    assert.ok(isValidOcr(makeOcr(String(n), { lengthDigit: true }), 'length'));
  }
});

test('bankgiro and plusgiro numbers', () => {
  for (const [value, valid] of BANKGIRO_TABLE) assert.equal(isValidBankgiro(value), valid, value);
  for (const [value, valid] of PLUSGIRO_TABLE) assert.equal(isValidPlusgiro(value), valid, value);
});

test('amounts in Swedish and English notation become minor units', () => {
  const cases: Array<[string, number | undefined]> = [
    ['12 345', 1234500],
    ['5 308,00 kr', 530800],
    ['6004,00', 600400],
    ['1.234,50', 123450],
    ['1,234.50', 123450],
    ['-120,00', -12000],
    ['\u2212120,00', -12000],
    ['4.11', 411],
    ['$4.11', 411],
    ['8 920', 892000],
    ['12\u00a0345,5', 1234550],
    ['1.234', 123400],
    ['0,00', 0],
    ['9 815:-', 981500],
    ['', undefined],
    ['kr', undefined],
    ['12,3,4', undefined],
    ['1.23.4', undefined],
    ['abc', undefined],
    ['2025-03-31', undefined],
    ['1,234,56', undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseAmount(text), want, JSON.stringify(text));
});

test('amount tokens in free text skip dates, percentages and long references', () => {
  const amounts = (s: string) => findAmounts(s).map((a) => a.minor);
  assert.deepEqual(amounts('Hyra 8 920,00 kr'), [892000]);
  assert.deepEqual(amounts('Moms 25% 102,50'), [10250]);
  assert.deepEqual(amounts('Betalas senast 2025-03-31'), []);
  assert.deepEqual(amounts('Att betala: 9 815 kr'), [981500]);
});

test('kronor conversions', () => {
  assert.equal(minorToMajor(530850), 5308.5);
  assert.equal(minorToWholeMajor(530850), 5309);
  assert.equal(minorToWholeMajor(530849), 5308);
  assert.equal(minorToWholeMajor(-12050), -121);
  assert.equal(Object.is(minorToWholeMajor(-10), 0), true);
});
