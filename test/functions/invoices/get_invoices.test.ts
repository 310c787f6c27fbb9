import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/domain/errors.js';
import fn, { retailQuery, route } from '../../../src/functions/invoices/get_invoices.js';
import { parse } from '../../../src/http/route.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { httpRequest } from '../../support/http-request.js';

const config = loadConfig({});
const s = route.schemas(config);
const decodeQuery = (query: Record<string, string>) => parse(s.query, query, 'query', s.invalid);
const throwsWith = (f: () => unknown, status: number, code: string, message: string) =>
  assert.throws(f, (e: unknown) => e instanceof AppError && e.status === status && e.code === code && e.message === message);

test('retail query: decoded into typed modes', () => {
  assert.deepEqual(decodeQuery({}), { counts: false });
  assert.deepEqual(decodeQuery({ counts: 'TRUE', subtype: 'grocery' }), { counts: true, subtype: 'grocery' });
  assert.deepEqual(decodeQuery({ counts: 'false', subtype: 'travel', 'invoice-id': 'f1' }), { counts: false, subtype: 'travel', invoiceId: 'f1' });
  // An empty or oversized id is the use-case's 404, not a bad query.
  assert.deepEqual(decodeQuery({ subtype: 'travel', 'invoice-id': '' }), { counts: false, subtype: 'travel', invoiceId: '' });
  assert.deepEqual(retailQuery.parse({ counts: 'true' }), { counts: true });
});

test('bad query combinations are 400 INVALID_REQUEST with the spec messages, in the spec order', () => {
  const subtypes = 'food-delivery, clothing, technology, subscriptions, grocery, utility, miscellaneous, travel';
  throwsWith(() => decodeQuery({ subtype: 'food' }), 400, 'INVALID_REQUEST', `Invalid retail sub-type 'food'. Valid options: ${subtypes}`);
  throwsWith(() => decodeQuery({ 'invoice-id': 'f1' }), 400, 'INVALID_REQUEST', 'invoice-id parameter requires subtype parameter to be specified');
  throwsWith(() => decodeQuery({ counts: 'true', subtype: 'food-delivery', 'invoice-id': 'f1' }), 400, 'INVALID_REQUEST', 'counts parameter cannot be combined with invoice-id');
  throwsWith(() => decodeQuery({ counts: 'yes' }), 400, 'INVALID_REQUEST', "Invalid counts value 'yes'. Must be 'true' or 'false'");
  // Several faults: counts first, then the sub-type, then the combinations.
  throwsWith(() => decodeQuery({ counts: 'yes', subtype: 'food', 'invoice-id': 'x' }), 400, 'INVALID_REQUEST', "Invalid counts value 'yes'. Must be 'true' or 'false'");
  throwsWith(() => decodeQuery({ subtype: 'food', 'invoice-id': 'x' }), 400, 'INVALID_REQUEST', `Invalid retail sub-type 'food'. Valid options: ${subtypes}`);
  throwsWith(() => decodeQuery({ counts: 'true', 'invoice-id': 'x' }), 400, 'INVALID_REQUEST', 'invoice-id parameter requires subtype parameter to be specified');
});

test('the invoice type is checked before any query, and rental takes no sub-type or detail query', async () => {
  // The use-case is never reached: no ports are needed beyond authentication.
  const deps = {
    log: silentLogger,
    config,
    jwt: { verify: async () => ({ userId: 'u1' }) },
    users: { getById: async () => ({ userId: 'u1' }) },
  } as never;
  const call = (type: string, query: Record<string, string>) =>
    fn.http!(httpRequest({ pathParameters: { type }, query, headers: { authorization: 'Bearer t' } }), deps);
  const bad = await call('receipts', { subtype: 'food' });
  assert.deepEqual([bad.statusCode, bad.body], [400, { error: { code: 'INVALID_REQUEST', message: "Invalid invoice type 'receipts'. Must be 'rental' or 'retail'" } }]);
  for (const q of [{ subtype: 'clothing' }, { 'invoice-id': 'x' }, { subtype: 'not-a-subtype' }, { subtype: '' }] as Record<string, string>[]) {
    const r = await call('rental', q);
    assert.deepEqual([r.statusCode, r.body], [400, { error: { code: 'INVALID_REQUEST', message: 'Rental invoices do not support sub-type filtering or detail lookup' } }]);
  }
});
