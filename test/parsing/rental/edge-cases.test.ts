import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRentNotice, type RentNoticeSpec } from '../../../src/demo/rent-notice-pdf.js';
import { parseRentalPdf } from '../../../src/parsing/rental/rental-item.js';
import { assertIosShape, OPTS, textPdf } from './helpers.js';

const BASE: RentNoticeSpec = {
  layout: 'stenhus',
  dueDate: '2025-03-28',
  ocr: '1306798107',
  bankgiro: '5402-9681',
  lines: [
    { label: 'Hyra', amount: 800000 },
    { label: 'El enligt mätare', amount: 30000 },
  ],
};

async function item(spec: RentNoticeSpec) {
  const res = await parseRentalPdf(await renderRentNotice(spec), OPTS);
  assert.ok('item' in res, JSON.stringify(res));
  assertIosShape(res.item);
  return res.item;
}

test('missing Moms line → Moms 0 and still ok (D3)', async () => {
  const it = await item({ ...BASE, layout: 'wallenstam', lines: [{ label: 'Hyra', amount: 800000 }] });
  assert.equal(it.Moms, 0);
  assert.equal(it.parse_status, 'ok');
});

test('missing OCR → OCR "" and needs_review', async () => {
  for (const layout of ['wallenstam', 'stenhus', 'norrbo'] as const) {
    const { ocr: _ocr, ...rest } = BASE;
    const it = await item({ ...rest, layout, plusgiro: '410 54 68-5' });
    assert.equal(it.OCR, '', layout);
    assert.equal(it.parse_status, 'needs_review', layout);
    assert.deepEqual(it.parse_reasons, ['ocr_missing'], layout);
  }
});

test('bad OCR check digit → needs_review, the printed value is kept', async () => {
  const it = await item({ ...BASE, ocr: '1306798108' });
  assert.equal(it.OCR, '1306798108');
  assert.deepEqual(it.parse_reasons, ['ocr_check_digit']);
});

test('line items not summing to the total → needs_review', async () => {
  for (const layout of ['wallenstam', 'stenhus', 'norrbo'] as const) {
    const it = await item({ ...BASE, layout, plusgiro: '410 54 68-5', total: 840000 });
    assert.equal(it['Total Amount'], 8400, layout);
    assert.deepEqual(it.parse_reasons, ['line_items_sum_mismatch'], layout);
  }
});

test('a sum within 1 kr of the total is accepted (rounding on the notice)', async () => {
  const it = await item({ ...BASE, layout: 'norrbo', plusgiro: '410 54 68-5', total: 830090 });
  assert.equal(it.parse_status, 'ok');
  assert.equal(it.total_amount_exact, 8300.9);
  assert.equal(it['Total Amount'], 8301);
});

test('decimals are kept exactly in line_items and total_amount_exact, rounded in the Int fields', async () => {
  const it = await item({
    ...BASE,
    layout: 'wallenstam',
    lines: [
      { label: 'Hyra', amount: 800050 },
      { label: 'El enligt mätare', amount: 30025 },
    ],
    vat: 6005,
  });
  assert.deepEqual(it.line_items, [
    { label: 'Hyra', kind: 'rent', amount: 8000.5 },
    { label: 'El', kind: 'electricity', amount: 300.25 },
  ]);
  assert.equal(it.total_amount_exact, 8300.75);
  assert.equal(it['Total Amount'], 8301);
  assert.equal(it.Hyra, 8001);
  assert.equal(it.Moms, 60);
  assert.equal(it.parse_status, 'ok');
});

test('docs/flows.md#rent-notice-rules keeps only its own labels: an unknown Wallenstam breakdown label leaves the block unpaired', async () => {
  const it = await item({ ...BASE, layout: 'wallenstam', lines: [{ label: 'Hyra', amount: 800000 }, { label: 'Hushållsel', amount: 30000 }] });
  assert.deepEqual(it.parse_reasons, ['breakdown_unpaired', 'line_items_missing']);
  assert.equal(it['Total Amount'], 8300);
  assert.equal(it.Hyra, 0);
});

test('implausible due date and bad bankgiro are reported', async () => {
  const it = await item({ ...BASE, dueDate: '2031-01-28', bankgiro: '5402-9682' });
  assert.deepEqual(it.parse_reasons, ['due_date_out_of_range', 'bankgiro_invalid']);
  assert.equal(it['Due Date'], '28-01-2031');
});

test('an impossible Wallenstam due date is a reason, not a crash', async () => {
  const it = await item({ ...BASE, layout: 'wallenstam', dueDate: '2025-02-30' });
  assert.deepEqual(it.parse_reasons, ['due_date_unparseable']);
  assert.equal(it['Due Date'], '');
  assert.equal(it.due_date_month, '');
});

test('unknown layout: a total but nothing else → needs_review item with every reason', async () => {
  const res = await parseRentalPdf(await textPdf(['Faktura från Exempel AB', 'Att betala: 1 250,00 kr']), OPTS);
  assert.ok('item' in res);
  assert.equal(res.item['Total Amount'], 1250);
  assert.deepEqual(res.item.parse_reasons, ['due_date_missing', 'ocr_missing', 'line_items_missing']);
});

test('unknown layout: text without total or due date → skipped no_rent_fields', async () => {
  const res = await parseRentalPdf(await textPdf(['Välkommen som hyresgäst!', 'Trappstädning sker varannan vecka.']), OPTS);
  assert.deepEqual(res, { skipped: 'no_rent_fields' });
});

test('InvoiceID/Filename from the key, backslashes and dots handled', async () => {
  const pdf = await renderRentNotice(BASE);
  const res = await parseRentalPdf(pdf, { ...OPTS, key: 'C:\\mail\\Hyresavi_2025.03_99.pdf' });
  assert.ok('item' in res);
  assert.equal(res.item.Filename, 'Hyresavi_2025.03_99');
  assert.equal(res.item.InvoiceID, 'Invoice_99');
});

test('extra labels never overwrite core attributes and are bounded', async () => {
  const { buildRentalItem } = await import('../../../src/parsing/rental/rental-item.js');
  const extra: Record<string, string> = { OCR: 'x', 'Total Amount': 'y', ['L'.repeat(101)]: 'z' };
  for (let i = 0; i < 30; i++) extra[`Retroaktiv hyra avser 24${String(i).padStart(2, '0')}`] = String(i);
  const item = buildRentalItem(
    { ocr: '1230', total: 100, dueDate: '2025-03-31', lineItems: [{ label: 'Hyra', kind: 'rent', amount: 100 }], extra, layout: 'wallenstam', problems: [] },
    OPTS,
  );
  assert.equal(item.OCR, '1230');
  assert.equal(item['Total Amount'], 1);
  assert.equal('L'.repeat(101) in item, false);
  assert.equal(Object.keys(item).filter((k) => k.startsWith('Retroaktiv')).length, 20);
  assert.equal(item.parse_status, 'ok');
});
