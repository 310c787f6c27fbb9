import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createDynamoDocs } from '../../../../src/adapters/aws/client/dynamodb.js';
import { credentialCache, credentialsFromEnv } from '../../../../src/adapters/aws/client/credentials.js';
import { AwsServiceError } from '../../../../src/adapters/aws/client/transport.js';

// A DynamoDB endpoint on 127.0.0.1 whose answers each test scripts, recording what it was sent.
type Answer = { status: number; body?: string; headers?: Record<string, string>; hang?: boolean };
let answers: Answer[] = [];
let seen: { target: string; auth: string; body: string }[] = [];
let endpoint = '';
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ target: String(req.headers['x-amz-target']), auth: String(req.headers['authorization']), body: Buffer.concat(chunks).toString('utf8') });
    const a = answers.shift() ?? { status: 200, body: '{}' };
    if (a.hang) return; // never answers: the client's timeout must end the attempt
    res.writeHead(a.status, { 'content-type': 'application/x-amz-json-1.0', ...a.headers });
    res.end(a.body ?? '');
  });
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});
const docs = (extra: Partial<Parameters<typeof createDynamoDocs>[0]> = {}) =>
  createDynamoDocs({ region: 'eu-north-1', endpoint, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' }, ...extra });
const reset = (...a: Answer[]) => {
  answers = a;
  seen = [];
};

test('a 500 and a throttle are retried; the third answer counts', async () => {
  reset({ status: 500, body: '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"}' }, { status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}' }, { status: 200, body: '{"Item":{"UserID":{"S":"u1"},"n":{"N":"4.5"}}}' });
  const d = docs();
  assert.deepEqual((await d.get({ TableName: 'Users', Key: { UserID: 'u1' } })).Item, { UserID: 'u1', n: 4.5 });
  assert.equal(seen.length, 3);
  assert.ok(seen.every((s) => s.target === 'DynamoDB_20120810.GetItem' && s.auth.startsWith('AWS4-HMAC-SHA256 Credential=AK/')));
  d.destroy();
});

test('a condition failure is not retried and keeps the service error name, message and status', async () => {
  reset({ status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}' });
  const d = docs();
  await assert.rejects(d.put({ TableName: 'Users', Item: { UserID: 'u1' }, ConditionExpression: 'attribute_not_exists(UserID)' }), (err: AwsServiceError) => {
    assert.ok(err instanceof AwsServiceError);
    assert.equal(err.name, 'ConditionalCheckFailedException');
    assert.equal(err.message, 'The conditional request failed');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
  assert.equal(seen.length, 1);
  d.destroy();
});

test('the error type may come only in X-Amzn-ErrorType; a body that is not JSON names the status', async () => {
  reset({ status: 400, body: '', headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/' } }, { status: 403, body: '<html>denied</html>' });
  const d = docs();
  await assert.rejects(d.get({ TableName: 'T', Key: { k: 'v' } }), { name: 'ValidationException' });
  await assert.rejects(d.get({ TableName: 'T', Key: { k: 'v' } }), { name: 'HTTP 403' });
  d.destroy();
});

test('retries stop after maxAttempts; a hanging answer times out and is retried', async () => {
  reset({ status: 503, body: '{}' }, { status: 503, body: '{}' }, { status: 503, body: '{}' }, { status: 200, body: '{}' });
  const d = docs();
  await assert.rejects(d.get({ TableName: 'T', Key: { k: 'v' } }), (err: AwsServiceError) => err.$metadata.httpStatusCode === 503);
  assert.equal(seen.length, 3);
  d.destroy();

  reset({ status: 200, hang: true }, { status: 200, body: '{"Item":{"k":{"S":"v"}}}' });
  const quick = docs({ timeoutMs: 200 });
  assert.deepEqual((await quick.get({ TableName: 'T', Key: { k: 'v' } })).Item, { k: 'v' });
  assert.equal(seen.length, 2);
  quick.destroy();
});

test('items travel as DynamoDB JSON: undefined attributes dropped, binary as base64 both ways, sets and maps kept', async () => {
  reset(
    { status: 200, body: '{}' },
    { status: 200, body: JSON.stringify({ Items: [{ k: { S: 'a' }, blob: { B: Buffer.from('pdf').toString('base64') }, tags: { SS: ['x', 'y'] } }], LastEvaluatedKey: { k: { S: 'a' } } }) },
  );
  const d = docs();
  await d.put({ TableName: 'T', Item: { k: 'a', gone: undefined, blob: new Uint8Array([1, 2, 3]), m: { n: 1, l: [true, null] } } });
  const sent = JSON.parse(seen[0]!.body);
  assert.deepEqual(sent.Item, { k: { S: 'a' }, blob: { B: 'AQID' }, m: { M: { n: { N: '1' }, l: { L: [{ BOOL: true }, { NULL: true }] } } } });
  const page = await d.query({ TableName: 'T', KeyConditionExpression: 'k = :k', ExpressionAttributeValues: { ':k': 'a' } });
  assert.deepEqual(JSON.parse(seen[1]!.body).ExpressionAttributeValues, { ':k': { S: 'a' } });
  assert.deepEqual(page.LastEvaluatedKey, { k: 'a' });
  assert.equal(Buffer.from(page.Items![0]!.blob as Uint8Array).toString(), 'pdf');
  assert.deepEqual(page.Items![0]!.tags, new Set(['x', 'y']));
  d.destroy();
});

test('credentials: Lambda gives them in the environment; without them the call fails clearly; temporary ones are reused until near expiry', async () => {
  assert.deepEqual(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 't' }), { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 't' });
  assert.throws(() => credentialsFromEnv({}), /AWS_ACCESS_KEY_ID/);
  let calls = 0;
  const soon = credentialCache(async () => ({ accessKeyId: `k${++calls}`, secretAccessKey: 's', expiration: new Date(Date.now() + 60_000) }));
  await soon();
  await soon();
  assert.equal(calls, 2, 'credentials expiring within five minutes are fetched again');
  calls = 0;
  const later = credentialCache(async () => ({ accessKeyId: `k${++calls}`, secretAccessKey: 's', expiration: new Date(Date.now() + 3_600_000) }));
  await Promise.all([later(), later(), later()]);
  await later();
  assert.equal(calls, 1);
});
