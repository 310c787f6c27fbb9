import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/domain/errors.js';
import { route } from '../../../src/functions/invoices/delete_retail_invoice.js';
import { decode } from '../../../src/http/route.js';
import { httpRequest } from '../../support/http-request.js';

test('delete: a missing or blank invoice id is 400 MISSING_FIELDS; a long one reaches the use-case (its 404)', () => {
  const config = loadConfig({});
  const path = (pathParameters: Record<string, string>) => decode(route, httpRequest({ method: 'DELETE', pathParameters }), config).path;
  for (const p of [{}, { invoice_id: '' }, { invoice_id: '  ' }] as Record<string, string>[]) {
    assert.throws(
      () => path(p),
      (e: unknown) => e instanceof AppError && e.status === 400 && e.code === 'MISSING_FIELDS' && e.message === 'invoice_id is required in path parameters',
    );
  }
  assert.deepEqual(path({ invoice_id: 'x'.repeat(5000) }), { invoice_id: 'x'.repeat(5000) });
});
