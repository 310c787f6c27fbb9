import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest, sha256Hex, uriEncode } from '../../../../src/adapters/aws/client/sigv4.js';

// The SDK's own signer is the reference: the same request, time and credentials must give the
// same Authorization header.
const toBytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
// The hash the SDK's signer is given (its own comes from the client's runtime config).
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(toBytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzE//session+token=' };
const now = new Date('2026-12-04T12:34:56Z');

async function reference(service: string, req: { method: string; host: string; path: string; query: [string, string][]; headers: Record<string, string>; body: string }, s3: boolean) {
  const signer = new SignatureV4({ service, region: 'eu-north-1', credentials, sha256: Sha256, uriEscapePath: !s3, applyChecksum: s3 });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) query[k] = k in query ? [...([] as string[]).concat(query[k]!), v] : v;
  const signed = await signer.sign(
    { method: req.method, protocol: 'https:', hostname: req.host, path: req.path, query, headers: { ...req.headers, host: req.host }, body: req.body },
    { signingDate: now },
  );
  return signed.headers['authorization'] ?? signed.headers['Authorization'];
}

const cases: { name: string; service: string; s3: boolean; req: { method: string; host: string; path: string; query: [string, string][]; headers: Record<string, string>; body: string } }[] = [
  {
    name: 'DynamoDB JSON call',
    service: 'dynamodb',
    s3: false,
    req: { method: 'POST', host: 'dynamodb.eu-north-1.amazonaws.com', path: '/', query: [], headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' }, body: '{"TableName":"Users","Key":{"UserID":{"S":"user_1"}}}' },
  },
  {
    name: 'SNS form post with spaces and unicode',
    service: 'sns',
    s3: false,
    req: { method: 'POST', host: 'sns.eu-north-1.amazonaws.com', path: '/', query: [], headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=Publish&Message=Ny%20hyresavi%20%C3%A5%C3%A4%C3%B6' },
  },
  {
    name: 'S3 object key with spaces, unicode, + and a listing query',
    service: 's3',
    s3: true,
    req: {
      method: 'GET',
      host: 'paypulse-invoices.s3.eu-north-1.amazonaws.com',
      path: `/${['invoices', 'user_1', 'Hyresavi feb+mars (Göteborg)*.pdf'].map(uriEncode).join('/')}`,
      query: [['versions', ''], ['prefix', 'invoices/user 1/'], ['key-marker', 'a+b=c&d']],
      headers: { 'x-amz-content-sha256': sha256Hex('') },
      body: '',
    },
  },
];

for (const c of cases) {
  test(`SigV4: ${c.name} is signed exactly as the SDK signs it`, async () => {
    const headers = { ...c.req.headers, 'content-length': String(Buffer.byteLength(c.req.body)) };
    const ours = { method: c.req.method, host: c.req.host, path: c.req.path, query: c.req.query, headers: { ...headers } as Record<string, string>, payloadHash: sha256Hex(c.req.body) };
    signRequest(ours, { service: c.service, region: 'eu-north-1', credentials, now, doubleEncodePath: !c.s3 });
    assert.equal(ours.headers['x-amz-date'], '20261204T123456Z');
    assert.equal(ours.headers['x-amz-security-token'], credentials.sessionToken);
    assert.equal(ours.headers['authorization'], await reference(c.service, { ...c.req, headers }, c.s3));
  });
}

test('SigV4: a different secret, day or body changes the signature', () => {
  const sig = (secret: string, when: Date, body: string) => {
    const r = { method: 'POST', host: 'sns.eu-north-1.amazonaws.com', path: '/', query: [] as [string, string][], headers: {}, payloadHash: sha256Hex(body) };
    signRequest(r, { service: 'sns', region: 'eu-north-1', credentials: { accessKeyId: 'A', secretAccessKey: secret }, now: when, doubleEncodePath: true });
    return (r.headers as Record<string, string>)['authorization'];
  };
  const base = sig('s1', now, 'x');
  assert.notEqual(sig('s2', now, 'x'), base);
  assert.notEqual(sig('s1', new Date('2026-12-05T12:34:56Z'), 'x'), base);
  assert.notEqual(sig('s1', now, 'y'), base);
  assert.equal(sig('s1', now, 'x'), base);
});
