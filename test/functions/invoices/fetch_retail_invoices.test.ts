import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/domain/errors.js';
import { route } from '../../../src/functions/invoices/fetch_retail_invoices.js';
import { decode } from '../../../src/http/route.js';
import { httpRequest } from '../../support/http-request.js';

const config = loadConfig({});
const readIngestRequest = (body: Record<string, unknown> | string | undefined) =>
  decode(route, httpRequest({ method: 'POST', ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) }), config).body;

test('request body rules: half a range, malformed dates, unknown category are 400s', () => {
  const is400 = (body: Record<string, unknown>, code: string, message: string) =>
    assert.throws(() => readIngestRequest(body), (e: unknown) => e instanceof AppError && e.status === 400 && e.code === code && e.message === message);
  const subtypes = 'food-delivery, clothing, technology, subscriptions, grocery, utility, miscellaneous, travel';
  is400({ start_date: '2026-01-01' }, 'MISSING_FIELDS', 'Both start_date and end_date must be provided for custom date range');
  is400({ end_date: '2026-01-01' }, 'MISSING_FIELDS', 'Both start_date and end_date must be provided for custom date range');
  is400({ start_date: '2026/01/01', end_date: '2026-01-02' }, 'INVALID_REQUEST', 'Invalid start_date. Expected a date in YYYY-MM-DD format');
  is400({ start_date: '2026-01-01', end_date: '2026-02-30' }, 'INVALID_REQUEST', 'Invalid end_date. Expected a date in YYYY-MM-DD format');
  is400({ start_date: 20260101, end_date: '2026-02-01' }, 'INVALID_REQUEST', 'Invalid start_date. Expected a date in YYYY-MM-DD format');
  is400({ start_date: '2026-03-01', end_date: '2026-02-01' }, 'INVALID_REQUEST', 'start_date must not be after end_date');
  is400({ vendor_category: 'food' }, 'INVALID_REQUEST', `Invalid retail sub-type 'food'. Valid options: ${subtypes}`);
  // Several faults: half a range first (also with a value of the wrong type), then the dates, their order, the category.
  is400({ start_date: 5, vendor_category: 'food' }, 'MISSING_FIELDS', 'Both start_date and end_date must be provided for custom date range');
  is400({ start_date: 'x', end_date: 'y', vendor_category: 'food' }, 'INVALID_REQUEST', 'Invalid start_date. Expected a date in YYYY-MM-DD format');
  is400({ start_date: '2026-03-01', end_date: '2026-02-01', vendor_category: 'food' }, 'INVALID_REQUEST', 'start_date must not be after end_date');
  is400({ vendor_category: { toString: 1 } }, 'INVALID_REQUEST', `Invalid retail sub-type '(object)'. Valid options: ${subtypes}`);
  is400({ vendor_category: 'x'.repeat(500) }, 'INVALID_REQUEST', `Invalid retail sub-type '${'x'.repeat(100)}'. Valid options: ${subtypes}`);
  assert.deepEqual(readIngestRequest(undefined), {});
  assert.deepEqual(readIngestRequest('  \n'), {});
  assert.deepEqual(readIngestRequest({ start_date: null, end_date: null }), {});
  assert.deepEqual(readIngestRequest({ start_date: '2025-09-01', end_date: '2025-10-31', vendor_category: 'food-delivery' }), {
    startDate: '2025-09-01',
    endDate: '2025-10-31',
    vendorCategory: 'food-delivery',
  });
  assert.throws(() => readIngestRequest('null'), (e: unknown) => e instanceof AppError && e.code === 'INVALID_JSON');
});
