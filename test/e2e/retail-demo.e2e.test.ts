import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runStandaloneRetailDemo } from '../../src/demo/retail.js';

test('the retail demo runs the whole chain and prints each step', async () => {
  const lines: string[] = [];
  const r = await runStandaloneRetailDemo((s) => lines.push(s), { now: new Date() });
  assert.deepEqual(r, {
    stored: 6,
    invoices: 5,
    counts: { 'food-delivery': 2, clothing: 1, technology: 1, subscriptions: 0, grocery: 0, utility: 0, miscellaneous: 0, travel: 1 },
    reingested: 0,
  });
  const text = lines.join('\n');
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) assert.match(text, new RegExp(`\\[${n}\\] `));
  assert.match(text, /food-delivery \d{4}-\d{2}-\d{2} {2}foodora +289\.5 SEK/);
  assert.match(text, /"invoiceDetails":\{"InvoiceID":"retail_invoice_/);
});
