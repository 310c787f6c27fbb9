import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { renderRentNotice } from '../../src/demo/rent-notice-pdf.js';
import { evalInvoices, evalPaymentRefs } from '../../src/eval/invoices.js';

// A miniature corpus in the real format, built from generated notices.
let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paypulse-eval-'));
  await mkdir(path.join(dir, 'invoices', 'gen'), { recursive: true });
  await mkdir(path.join(dir, 'payment-refs'));
  const pdf = await renderRentNotice({
    layout: 'stenhus',
    dueDate: '2025-04-30',
    ocr: '1306798107',
    bankgiro: '5402-9681',
    vat: 2500,
    lines: [
      { label: 'Hyra bostad', amount: 500000 },
      { label: 'Hushållsel', amount: 10000 },
    ],
  });
  await writeFile(path.join(dir, 'invoices', 'gen', 'a.pdf'), pdf);
  await writeFile(path.join(dir, 'invoices', 'gen', 'broken.pdf'), 'nope');
  const expected = [
    // Right on everything except a deliberately wrong due date.
    { file: 'invoices/gen/a.pdf', total_amount: 5100, due_date: '2025-05-01', payment_reference: '1306798107', bankgiro: '5402-9681', vat_amount: 25, line_items: [{ label: 'Hushållsel', amount: 100 }, { label: 'Hyra', amount: 5000 }] },
    { file: 'invoices/gen/broken.pdf', total_amount: 10 },
  ];
  await writeFile(path.join(dir, 'invoices', 'expected.jsonl'), expected.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const refs = [
    { value: '1230', kind: 'ocr', length_digit: false, valid: true },
    { value: '1230', kind: 'ocr', length_digit: true, valid: false },
    { value: '5402-9681', kind: 'bankgiro', valid: true },
    { value: '4-2', kind: 'plusgiro', valid: false }, // deliberately wrong ground truth
  ];
  await writeFile(path.join(dir, 'payment-refs', 'ocr.jsonl'), refs.map((e) => JSON.stringify(e)).join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('evalInvoices scores only the keys present and notes failures', async () => {
  const r = await evalInvoices(dir);
  assert.equal(r.kind, 'invoices');
  assert.equal(r.records, 2);
  assert.deepEqual(r.fields, {
    total_amount: { correct: 1, total: 2 },
    due_date: { correct: 0, total: 1 },
    payment_reference: { correct: 1, total: 1 },
    bankgiro: { correct: 1, total: 1 },
    vat_amount: { correct: 1, total: 1 },
    line_items_count: { correct: 1, total: 1 },
    line_items_amounts: { correct: 1, total: 1 },
  });
  assert.deepEqual(r.notes, ['invoices/gen/a.pdf: missed due_date', 'invoices/gen/broken.pdf: no text (not_pdf)']);
});

test('evalPaymentRefs scores validity per kind', async () => {
  const r = await evalPaymentRefs(dir);
  assert.deepEqual(r.fields, { ocr: { correct: 2, total: 2 }, bankgiro: { correct: 1, total: 1 }, plusgiro: { correct: 0, total: 1 } });
  assert.equal(r.records, 4);
});
