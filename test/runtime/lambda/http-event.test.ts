import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/domain/errors.js';
import { decodeHttpEvent, encodeHttpResponse } from '../../../src/runtime/lambda/events/http.js';
import { apiGatewayEvent } from '../../support/lambda-events.js';

describe('API Gateway HTTP API 2.0 decoding', () => {
  it('maps the event to HttpRequest: lower-cased headers, cookies, query, path parameters, source ip', () => {
    const req = decodeHttpEvent(
      apiGatewayEvent({
        method: 'get',
        path: '/v1/invoices/rental',
        headers: { 'X-Trace': 't' },
        query: { 'invoice-id': 'a,b' },
        pathParameters: { type: 'rental' },
        cookies: ['a=1', 'b=2'],
      }),
      1024,
    );
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/v1/invoices/rental');
    assert.equal(req.headers['x-trace'], 't');
    assert.equal(req.headers.cookie, 'a=1; b=2');
    assert.deepEqual(req.query, { 'invoice-id': 'a,b' });
    assert.deepEqual(req.pathParameters, { type: 'rental' });
    assert.equal(req.sourceIp, '203.0.113.9');
    assert.equal(req.body, undefined);
  });

  it('keeps base64 bodies flagged, and measures the limit on decoded bytes', () => {
    const req = decodeHttpEvent(apiGatewayEvent({ method: 'POST', path: '/p', body: Buffer.from('å=1').toString('base64'), isBase64Encoded: true }), 10);
    assert.equal(req.isBase64Encoded, true);
    assert.equal(Buffer.from(req.body!, 'base64').toString('utf8'), 'å=1');
    // 12 base64 characters are 9 bytes: under a 10-byte limit.
    assert.doesNotThrow(() => decodeHttpEvent(apiGatewayEvent({ method: 'POST', path: '/p', body: 'YWFhYWFhYWFh', isBase64Encoded: true }), 10));
    assert.throws(
      () => decodeHttpEvent(apiGatewayEvent({ method: 'POST', path: '/p', body: 'å'.repeat(6) }), 10),
      (e: unknown) => e instanceof AppError && e.status === 413 && e.code === 'PAYLOAD_TOO_LARGE',
    );
  });

  it('malformed events are 400 INVALID_REQUEST', () => {
    const base = apiGatewayEvent({ method: 'POST', path: '/p' });
    for (const bad of [
      null,
      { ...base, version: '1.0' },
      { ...base, rawPath: 5 },
      { ...base, headers: { a: 1 } },
      { ...base, queryStringParameters: ['x'] },
      { ...base, body: 12 },
    ]) {
      assert.throws(() => decodeHttpEvent(bad, 100), (e: unknown) => e instanceof AppError && e.status === 400 && e.code === 'INVALID_REQUEST');
    }
  });

  it('encodes responses as API Gateway expects; 204 has an empty body', () => {
    assert.deepEqual(encodeHttpResponse({ statusCode: 204 }), { statusCode: 204, headers: {}, body: '', isBase64Encoded: false });
    const r = encodeHttpResponse({ statusCode: 200, body: { message: 'm', code: 200, data: null } });
    assert.equal(r.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(r.body), { message: 'm', code: 200, data: null });
  });
});
