import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRentNotice, type RentNoticeSpec } from '../../../src/demo/rent-notice-pdf.js';
import { parseRentalPdf } from '../../../src/parsing/rental/rental-item.js';
import { assertIosShape, OPTS } from './helpers.js';

async function itemFor(spec: RentNoticeSpec, key = OPTS.key) {
  const res = await parseRentalPdf(await renderRentNotice(spec), { ...OPTS, key });
  assert.ok('item' in res, `expected an item, got ${JSON.stringify(res)}`);
  assertIosShape(res.item);
  return res.item;
}

const WALLENSTAM: RentNoticeSpec = {
  layout: 'wallenstam',
  dueDate: '2025-03-31',
  ocr: '1306798107',
  bankgiro: '5402-9681',
  vat: 10300,
  lines: [
    { label: 'Hyra', amount: 892000 },
    { label: 'El enligt mätare', amount: 41200 },
    { label: 'Kallvatten enligt mätare', amount: 16300 },
    { label: 'Varmvatten enligt mätare', amount: 32000 },
  ],
};

test('wallenstam notice → exact RentalInvoices item (docs/flows.md#rent-notice-rules)', async () => {
  assert.deepEqual(await itemFor(WALLENSTAM), {
    UserID: 'user_1',
    InvoiceID: 'Invoice_1306798107',
    Filename: 'Hyresavi_1306798107',
    OCR: '1306798107',
    'Due Date': '31-03-2025',
    due_date_month: '3',
    due_date_year: '2025',
    'Total Amount': 9815,
    Hyra: 8920,
    El: 412,
    Kallvatten: 163,
    Varmvatten: 320,
    Moms: 103,
    line_items: [
      { label: 'Hyra', kind: 'rent', amount: 8920 },
      { label: 'El', kind: 'electricity', amount: 412 },
      { label: 'Kallvatten', kind: 'cold_water', amount: 163 },
      { label: 'Varmvatten', kind: 'hot_water', amount: 320 },
    ],
    total_amount_exact: 9815,
    bankgiro: '5402-9681',
    parse_status: 'ok',
    parse_reasons: [],
    warnings: [],
  });
});

test('wallenstam retroactive rent lines stay as strings, the hard-coded months are dropped', async () => {
  const item = await itemFor({
    ...WALLENSTAM,
    lines: [
      ...WALLENSTAM.lines,
      { label: 'Retroaktiv hyra avser 2412', amount: 15000 },
      { label: 'Retroaktiv hyra avser 2402', amount: 5000 },
    ],
  });
  assert.equal(item['Retroaktiv hyra avser 2412'], '150');
  assert.equal('Retroaktiv hyra avser 2402' in item, false);
  assert.equal(item['Total Amount'], 10015);
  assert.equal(item.Hyra, 8920);
  assert.equal(item.parse_status, 'ok');
  assert.equal((item.line_items as unknown[]).length, 6);
});

test('stenhus notice (same-line amounts, OCR-nummer, Betalas senast, bankgiro) → exact item', async () => {
  const spec: RentNoticeSpec = {
    layout: 'stenhus',
    dueDate: '2025-04-30',
    ocr: '4560012306',
    bankgiro: '297-3675',
    vat: 9725,
    lines: [
      { label: 'Hyra bostad', amount: 745000 },
      { label: 'Hushållsel', amount: 38900 },
      { label: 'Vatten', amount: 21000 },
      { label: 'Avgift bredband', amount: 19900 },
    ],
  };
  assert.deepEqual(await itemFor(spec, 'invoices/user_1/rental/Stenhus_avi_2025-04.pdf'), {
    UserID: 'user_1',
    InvoiceID: 'Invoice_2025-04',
    Filename: 'Stenhus_avi_2025-04',
    OCR: '4560012306',
    'Due Date': '30-04-2025',
    due_date_month: '4',
    due_date_year: '2025',
    'Total Amount': 8248,
    Hyra: 7450,
    El: 389,
    Kallvatten: 0,
    Varmvatten: 0,
    Moms: 97,
    line_items: [
      { label: 'Hyra bostad', kind: 'rent', amount: 7450 },
      { label: 'Hushållsel', kind: 'electricity', amount: 389 },
      { label: 'Vatten', kind: 'water', amount: 210 },
      { label: 'Avgift bredband', kind: 'fee', amount: 199 },
    ],
    total_amount_exact: 8248,
    bankgiro: '297-3675',
    parse_status: 'ok',
    parse_reasons: [],
    warnings: [],
  });
});

test('norrbo notice (Referensnummer, plusgiro, decimals, parking, heating, blocks) → exact item', async () => {
  const spec: RentNoticeSpec = {
    layout: 'norrbo',
    dueDate: '2025-03-31',
    ocr: '12304564',
    plusgiro: '410 54 68-5',
    vat: 11250,
    lines: [
      { label: 'Bostadshyra', amount: 420000 },
      { label: 'P-plats 12', amount: 45000 },
      { label: 'Värme', amount: 35050 },
      { label: 'Kallvatten', amount: 12025 },
      { label: 'Varmvatten', amount: 18725 },
    ],
  };
  assert.deepEqual(await itemFor(spec, 'invoices/user_1/rental/norrbo_12304564.pdf'), {
    UserID: 'user_1',
    InvoiceID: 'Invoice_12304564',
    Filename: 'norrbo_12304564',
    OCR: '12304564',
    'Due Date': '31-03-2025',
    due_date_month: '3',
    due_date_year: '2025',
    'Total Amount': 5308,
    Hyra: 4200,
    El: 0,
    Kallvatten: 120,
    Varmvatten: 187,
    Moms: 113,
    line_items: [
      { label: 'Bostadshyra', kind: 'rent', amount: 4200 },
      { label: 'P-plats 12', kind: 'parking', amount: 450 },
      { label: 'Värme', kind: 'heating', amount: 350.5 },
      { label: 'Kallvatten', kind: 'cold_water', amount: 120.25 },
      { label: 'Varmvatten', kind: 'hot_water', amount: 187.25 },
    ],
    total_amount_exact: 5308,
    plusgiro: '410 54 68-5',
    parse_status: 'ok',
    parse_reasons: [],
    warnings: [],
  });
});
