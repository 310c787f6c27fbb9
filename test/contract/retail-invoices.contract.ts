import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RETAIL_SUBTYPES } from '../../src/domain/retail-subtypes.js';
import type { RetailInvoices } from '../../src/ports/retail-invoices.js';
import { baseRow, detailRow } from '../support/retail.js';

/** The behaviour every RetailInvoices adapter must have. `fresh` gives an empty store. */
export function retailInvoicesContract(name: string, fresh: () => Promise<RetailInvoices>): void {
  test(`${name}: put then read base and detail rows with their original attributes and JSON types`, async () => {
    const s = await fresh();
    await s.put(baseRow('u1', 'retail_invoice_a', 'food-delivery', '2026-01-24'), detailRow('retail_invoice_a'));
    assert.deepEqual(await s.getBase('u1', 'retail_invoice_a'), baseRow('u1', 'retail_invoice_a', 'food-delivery', '2026-01-24'));
    assert.deepEqual(await s.getDetail('food-delivery', 'retail_invoice_a'), detailRow('retail_invoice_a'));
    assert.equal(await s.getBase('u2', 'retail_invoice_a'), undefined, 'another user never gets the row');
    assert.equal(await s.getDetail('clothing', 'retail_invoice_a'), undefined, 'detail rows live in their sub-type table');
  });

  test(`${name}: put overwrites the same invoice (re-delivery) instead of adding one`, async () => {
    const s = await fresh();
    await s.put(baseRow('u1', 'retail_invoice_a', 'food-delivery', '2026-01-24'), detailRow('retail_invoice_a'));
    await s.put(
      baseRow('u1', 'retail_invoice_a', 'food-delivery', '2026-01-25', { total_amount: 100 }),
      detailRow('retail_invoice_a', { delivery_fee: 0 }),
    );
    const all = await s.listForUser('u1');
    assert.equal(all.length, 1);
    assert.equal(all[0]!.total_amount, 100);
    assert.equal((await s.getDetail('food-delivery', 'retail_invoice_a'))!.delivery_fee, 0);
    assert.equal((await s.counts('u1'))['food-delivery'], 1);
  });

  test(`${name}: lists by user and by sub-type (newest first), counts zero-filled`, async () => {
    const s = await fresh();
    await s.put(baseRow('u1', 'r1', 'food-delivery', '2025-12-01'), detailRow('r1'));
    await s.put(baseRow('u1', 'r2', 'food-delivery', '2026-01-24'), detailRow('r2'));
    await s.put(baseRow('u1', 'r3', 'travel', '2025-06-01'), detailRow('r3'));
    await s.put(baseRow('u2', 'r4', 'food-delivery', '2026-02-01'), detailRow('r4'));
    assert.deepEqual((await s.listForUser('u1')).map((r) => r.InvoiceID).sort(), ['r1', 'r2', 'r3']);
    assert.deepEqual((await s.listBySubType('u1', 'food-delivery')).map((r) => r.InvoiceID), ['r2', 'r1']);
    assert.deepEqual(await s.listBySubType('u1', 'clothing'), []);
    const counts = await s.counts('u1');
    assert.deepEqual(Object.keys(counts).sort(), [...RETAIL_SUBTYPES].sort());
    assert.deepEqual(counts, { 'food-delivery': 2, clothing: 0, technology: 0, subscriptions: 0, grocery: 0, utility: 0, miscellaneous: 0, travel: 1 });
    assert.equal(await s.countBySubType('u1', 'food-delivery'), 2);
    assert.equal(await s.countBySubType('u1', 'grocery'), 0);
    assert.deepEqual(await s.counts('nobody'), { 'food-delivery': 0, clothing: 0, technology: 0, subscriptions: 0, grocery: 0, utility: 0, miscellaneous: 0, travel: 0 });
  });

  test(`${name}: listing reads every page`, async () => {
    const s = await fresh();
    // Large items push a DynamoDB query past its 1 MB page.
    const padding = 'x'.repeat(90_000);
    for (let i = 0; i < 14; i++) {
      const id = `r${String(i).padStart(2, '0')}`;
      await s.put(baseRow('u1', id, 'clothing', `2025-01-${String(i + 1).padStart(2, '0')}`, { padding }), detailRow(id));
    }
    assert.equal((await s.listForUser('u1')).length, 14);
    assert.equal((await s.listBySubType('u1', 'clothing')).length, 14);
    assert.equal((await s.counts('u1')).clothing, 14);
    assert.equal(await s.countBySubType('u1', 'clothing'), 14);
  });

  test(`${name}: delete removes base and detail of the owner's invoice only`, async () => {
    const s = await fresh();
    await s.put(baseRow('u1', 'r1', 'travel', '2025-06-01'), detailRow('r1'));
    assert.equal(await s.delete('u2', 'r1'), undefined, 'not the owner: nothing happens');
    assert.ok(await s.getBase('u1', 'r1'));
    const removed = await s.delete('u1', 'r1');
    assert.equal(removed?.InvoiceID, 'r1');
    assert.equal(await s.getBase('u1', 'r1'), undefined);
    assert.equal(await s.getDetail('travel', 'r1'), undefined);
    assert.equal(await s.delete('u1', 'r1'), undefined, 'a second delete finds nothing');
  });

  test(`${name}: deleteForUser removes every base and detail row of that user and nobody else's`, async () => {
    const s = await fresh();
    for (const [i, st] of RETAIL_SUBTYPES.entries()) await s.put(baseRow('u1', `a${i}`, st, '2025-01-01'), detailRow(`a${i}`));
    for (let i = 0; i < 30; i++) await s.put(baseRow('u1', `b${i}`, 'grocery', '2025-02-01'), detailRow(`b${i}`));
    await s.put(baseRow('u2', 'keep', 'grocery', '2025-02-01'), detailRow('keep'));
    assert.equal(await s.deleteForUser('u1'), 38);
    assert.deepEqual(await s.listForUser('u1'), []);
    for (const [i, st] of RETAIL_SUBTYPES.entries()) assert.equal(await s.getDetail(st, `a${i}`), undefined);
    assert.equal(await s.getDetail('grocery', 'b29'), undefined);
    assert.ok(await s.getBase('u2', 'keep'));
    assert.ok(await s.getDetail('grocery', 'keep'));
    assert.equal(await s.deleteForUser('u1'), 0, 'idempotent');
  });
}
