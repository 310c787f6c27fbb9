/** The trigger decoders alone: each refusal names the first check that failed, in the order the checks run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../src/domain/errors.js';
import { decodeStreamRecord } from '../../../src/runtime/lambda/events/dynamodb.js';
import { decodeHttpEvent, looksLikeHttpEvent } from '../../../src/runtime/lambda/events/http.js';
import { decodeS3Event, looksLikeS3Event } from '../../../src/runtime/lambda/events/s3.js';
import { decodeScheduledEvent } from '../../../src/runtime/lambda/events/schedule.js';
import { apiGatewayEvent, scheduledEvent } from '../../support/lambda-events.js';

const triggers = [{ kind: 'objectCreated' as const, prefix: 'invoices/', suffix: '.pdf' }];
const s3 = (r: Record<string, unknown>) => ({ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'invoices/u/a.pdf' } }, ...r });
const s3Reason = (r: unknown) => {
  const [d] = decodeS3Event({ Records: [r] }, triggers);
  return d!.ok ? 'ok' : d!.reason;
};

test('S3 records: refusals in order (source, event name, bucket, key); size and time are optional', () => {
  assert.equal(s3Reason('x'), 'not an S3 record');
  assert.equal(s3Reason(s3({ eventSource: 'aws:sqs', eventName: 'x' })), 'not an S3 record');
  assert.equal(s3Reason(s3({ s3: 'x', eventName: 'x' })), 'not an S3 record');
  assert.equal(s3Reason(s3({ eventName: 'ObjectRemoved:Delete', s3: { object: {} } })), 'unexpected event ObjectRemoved:Delete');
  assert.equal(s3Reason(s3({ s3: { bucket: { name: '' }, object: {} } })), 'record without bucket name');
  assert.equal(s3Reason(s3({ s3: { bucket: { name: 'b' }, object: { key: 5 } } })), 'record without object key');
  const [d] = decodeS3Event({ Records: [s3({ s3: { bucket: { name: 'b' }, object: { key: 'invoices/u/a.pdf', size: 'big' } } })] }, triggers);
  assert.deepEqual(d, { ok: true, index: 0, event: { bucket: 'b', key: 'invoices/u/a.pdf', eventTime: new Date(0).toISOString() } });
  const [bad] = decodeS3Event({ Records: [s3({ eventName: 'x', s3: { bucket: {}, object: { key: 'invoices/u/k.pdf' } } })] }, triggers);
  assert.equal(bad!.ok ? '' : bad!.rawKey, 'invoices/u/k.pdf', 'a refused record is named by its key');
  assert.throws(() => decodeS3Event({ Records: 'x' }, triggers), /without Records/);
  assert.equal(looksLikeS3Event({ Records: [{}, { eventSource: 'aws:s3' }] }), true);
  assert.equal(looksLikeS3Event({ Records: [[]] }), false);
});

test('stream records: refusals in order, each naming what ids the record has', () => {
  const tables = new Map([['RentalInvoices', 'rentalInvoices' as const]]);
  const arn = 'arn:aws:dynamodb:eu-west-1:1:table/RentalInvoices/stream/x';
  const ok = { eventSource: 'aws:dynamodb', eventID: 'e1', eventName: 'INSERT', eventSourceARN: arn, dynamodb: { SequenceNumber: '7', NewImage: { A: { S: 'a' } } } };
  const decode = (r: unknown) => decodeStreamRecord(r, tables);
  assert.deepEqual(decode([]), { ok: false, reason: 'record is not an object' });
  assert.deepEqual(decode({ ...ok, eventSource: 'aws:s3', eventName: 'X' }), { ok: false, sequenceNumber: '7', eventId: 'e1', reason: 'not a DynamoDB stream record' });
  assert.deepEqual(decode({ ...ok, dynamodb: { SequenceNumber: '' }, eventID: 5 }), { ok: false, reason: 'record without dynamodb.SequenceNumber' });
  assert.deepEqual(decode({ ...ok, eventID: '', eventName: 'X' }), { ok: false, sequenceNumber: '7', reason: 'record without eventID' });
  assert.deepEqual(decode({ ...ok, eventName: 'TTL' }), { ok: false, sequenceNumber: '7', eventId: 'e1', reason: 'unknown eventName TTL' });
  assert.deepEqual(decode({ ...ok, eventSourceARN: 7, dynamodb: { SequenceNumber: '7', NewImage: [] } }), { ok: false, sequenceNumber: '7', eventId: 'e1', reason: 'stream of an unknown table' });
  assert.deepEqual(decode({ ...ok, dynamodb: { SequenceNumber: '7', NewImage: [] } }), { ok: false, sequenceNumber: '7', eventId: 'e1', reason: 'image is not in DynamoDB attribute-value format' });
  assert.deepEqual(decode({ ...ok, dynamodb: { SequenceNumber: '7' } }), { ok: false, sequenceNumber: '7', eventId: 'e1', reason: 'INSERT record without NewImage' });
  assert.deepEqual(decode(ok), { ok: true, sequenceNumber: '7', record: { eventId: 'e1', eventName: 'INSERT', table: 'rentalInvoices', newImage: { A: 'a' } } });
});

test('scheduled events: detail-type, then unexpected fields, then detail, then time', () => {
  const trig = [{ kind: 'schedule' as const, schedule: 'rentalLatest' as const }];
  const refused = (over: Record<string, unknown>) => assert.throws(() => decodeScheduledEvent(scheduledEvent('PayPulse-rentalLatest', over), trig));
  const message = (over: Record<string, unknown>) => {
    try {
      decodeScheduledEvent(scheduledEvent('PayPulse-rentalLatest', over), trig);
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  };
  assert.equal(message({ 'detail-type': 'X', extra: 1 }), 'unexpected detail-type X');
  assert.equal(message({ extra: 1, more: 2, detail: { a: 1 } }), 'scheduled event with unexpected fields: extra, more');
  assert.equal(message({ detail: { a: 1 }, time: 'never' }), 'scheduled event with a non-empty detail');
  assert.equal(message({ detail: null }), 'scheduled event with a non-empty detail');
  assert.equal(message({ time: 'never' }), 'scheduled event without a valid time');
  assert.equal(message({ resources: 'x' }), 'ok');
  refused({ source: 'aws.s3' });
  assert.throws(() => decodeScheduledEvent([], trig), /not an EventBridge event/);
});

test('HTTP API events: the request line, headers, body and its size, then the parameters', () => {
  const refused = (e: unknown, message: string, status = 400) =>
    assert.throws(() => decodeHttpEvent(e, 10), (x: unknown) => x instanceof AppError && x.status === status && x.message === message, message);
  const ev = (over: Record<string, unknown>) => ({ ...apiGatewayEvent({ method: 'POST', path: '/p' }), ...over });
  refused([], 'Malformed request: not an HTTP API 2.0 event');
  refused(ev({ requestContext: { http: 'x' } }), 'Malformed request: not an HTTP API 2.0 event');
  refused(ev({ rawPath: 5, headers: 'x' }), 'Malformed request: method or path missing');
  refused(ev({ headers: { a: 1 }, body: 5 }), 'Malformed request: headers');
  refused(ev({ body: 5, pathParameters: 'x' }), 'Malformed request: body');
  refused(ev({ body: 'x'.repeat(11), pathParameters: 'x' }), 'Request body exceeds 1 MiB', 413);
  refused(ev({ body: '!!', isBase64Encoded: true }), 'Malformed request: body is not base64');
  refused(ev({ pathParameters: { a: 1 }, queryStringParameters: 'x' }), 'Malformed request: path parameters');
  refused(ev({ queryStringParameters: { a: [] } }), 'Malformed request: query string');
  const req = decodeHttpEvent(ev({ headers: { 'X-A': 'b' }, cookies: ['a=1', 'b=2'], body: null, pathParameters: null }), 10);
  assert.deepEqual([req.headers, req.body, req.pathParameters], [{ 'x-a': 'b', cookie: 'a=1; b=2' }, undefined, {}]);
  assert.equal(looksLikeHttpEvent({ requestContext: { http: null } }), true);
  assert.equal(looksLikeHttpEvent({ requestContext: [] }), false);
});
