import assert from 'node:assert/strict';
import { test } from 'node:test';
import fn, { newRentalInvoice } from '../../../src/functions/invoices/send_invoice_notification.js';
import type { ChangeRecord } from '../../../src/runtime/function.js';
import { createLogger, silentLogger } from '../../../src/runtime/log.js';
import type { Notification } from '../../../src/ports/notifier.js';

const insert = (image: Record<string, unknown>, eventName: ChangeRecord['eventName'] = 'INSERT'): ChangeRecord => ({ eventId: 'e1', eventName, table: 'rentalInvoices', newImage: image });

test('only an INSERT image with owner, id and a number or string amount is notified; others are dropped, not retried', async () => {
  assert.deepEqual(newRentalInvoice(insert({ UserID: 'u1', InvoiceID: 'Invoice_1', 'Total Amount': 9815, 'Due Date': '31-03-2025' }), silentLogger), {
    userId: 'u1', invoiceId: 'Invoice_1', total: 9815, dueDate: '31-03-2025',
  });
  assert.deepEqual(newRentalInvoice(insert({ UserID: 'u2', InvoiceID: 'Invoice_2', 'Total Amount': '10250' }), silentLogger), {
    userId: 'u2', invoiceId: 'Invoice_2', total: '10250', dueDate: '',
  });
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  assert.equal(newRentalInvoice(insert({ UserID: 'u1', InvoiceID: 'Invoice_1', 'Total Amount': 1 }, 'MODIFY'), log), undefined);
  assert.equal(lines.length, 0, 'a MODIFY record is not an error');
  for (const image of [{ InvoiceID: 'Invoice_3', 'Total Amount': 1 }, { UserID: 'u1', InvoiceID: 'I', 'Total Amount': true }, { UserID: 'u1', 'Total Amount': 1 }]) {
    assert.equal(newRentalInvoice(insert(image), log), undefined);
  }
  assert.equal(lines.filter((l) => l.includes('rental change record without owner, id or amount')).length, 3);

  // Through the function: a dropped record sends nothing and does not throw (so it is not retried).
  const sent: Notification[] = [];
  const deps = { log: silentLogger, notifier: { notify: async (n: Notification) => (sent.push(n), true) } } as never;
  await fn.changeFeed!(insert({ InvoiceID: 'Invoice_3', 'Total Amount': 1 }), deps);
  await fn.changeFeed!(insert({ UserID: 'u1', InvoiceID: 'Invoice_1', 'Total Amount': 9815, 'Due Date': '31-03-2025' }), deps);
  assert.deepEqual(sent.map((n) => n.dedupeKey), ['rental-invoice:Invoice_1']);
});
