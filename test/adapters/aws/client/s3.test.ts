/**
 * Our S3 client (src/adapters/aws/client/s3.ts) against two S3 protocol servers on 127.0.0.1:
 * s3rver (a third-party S3 implementation; it does not check V4 signatures and has no versioning)
 * and the versioned bucket fake (test/support/versioned-s3.ts; it checks signatures, decodes the
 * path as S3 does, and can inject faults). What both support runs on both.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createS3, type S3Bucket } from '../../../../src/adapters/aws/client/s3.js';
import { AwsServiceError } from '../../../../src/adapters/aws/client/transport.js';
import { loadConfig } from '../../../../src/config.js';
import { CLIENT_ATTEMPTS } from '../../../fakes/aws/client-attempts.js';
import { startS3VersionsProxy } from '../../../fakes/aws/s3-versions-proxy.js';
import { startLocalAws, type LocalAws } from '../../../support/aws.js';
import { deleteErrorsReply, s3ErrorReply, startVersionedS3, type VersionedS3 } from '../../../support/versioned-s3.js';

const config = loadConfig({});
const bucket = config.bucket;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const unique = () => `client-test/${Math.random().toString(36).slice(2)}/`;

/** Names that need encoding in a URL path, an XML text or both; pairs that must stay distinct keys. */
const awkwardNames = [
  'with space.pdf',
  'å ä ö Å Ä Ö.pdf', // NFC
  'a\u030a.pdf', // "å" as a + combining ring (NFD): another key than NFC "å"
  'a+b.pdf',
  'a b.pdf', // what an unencoded "+" would turn into
  '100%.pdf',
  '50%25 off.pdf', // a literal "%25": must not be decoded to "%"
  'a%2Fb.pdf', // a literal "%2F": must not become a folder
  'a/b.pdf',
  'deep/er/still/x.pdf',
  "!'()*~$,;=@.pdf",
  'a&b<c>"d\'.pdf', // XML-special
  'semi;colon#hash?query.pdf',
];

const isStatus = (status: number, name?: string) => (err: unknown) => {
  assert.ok(err instanceof AwsServiceError, `an AwsServiceError, got ${String(err)}`);
  assert.equal(err.$metadata.httpStatusCode, status);
  if (name) assert.equal(err.name, name);
  return true;
};

interface Backend {
  bucket(name?: string): S3Bucket;
  /** The keys stored under the prefix as the server itself lists them (not through our client). */
  storedKeys(prefix: string): Promise<string[]>;
}

function onBothServers(open: () => Backend): void {
  test('keys with spaces, å ä ö, +, %, / and XML-special characters: put, get, head and delete reach exactly that key', async () => {
    const be = open();
    const b = be.bucket();
    const p = unique();
    const keys = awkwardNames.map((n) => p + n);
    for (const k of keys) await b.put(k, bytes(`body of ${k}`), { contentType: 'text/plain; charset=utf-8' });
    assert.deepEqual((await be.storedKeys(p)).sort(), [...keys].sort(), 'stored under exactly these keys, none merged');
    for (const k of keys) {
      const got = await b.get(k);
      assert.ok(got, k);
      assert.equal(text(got.body), `body of ${k}`, k);
      assert.equal(got.contentType, 'text/plain; charset=utf-8', k);
      assert.ok(got.lastModified instanceof Date && Math.abs(got.lastModified.getTime() - Date.now()) < 60_000, k);
      await b.head(k);
    }
    for (const k of keys) await b.delete(k);
    assert.deepEqual(await be.storedKeys(p), []);
    for (const k of keys) {
      assert.equal(await b.get(k), undefined, k);
      await assert.rejects(b.head(k), isStatus(404), k);
    }
  });

  test('binary bodies come back byte for byte; an empty body is an empty object', async () => {
    const b = open().bucket();
    const p = unique();
    const body = new Uint8Array(70_000).map((_, i) => (i * 31 + 7) % 256);
    await b.put(`${p}bin`, body);
    assert.deepEqual(new Uint8Array((await b.get(`${p}bin`))!.body), body);
    await b.put(`${p}empty`, new Uint8Array(0));
    assert.equal((await b.get(`${p}empty`))!.body.byteLength, 0);
  });

  test('a missing key: get is undefined (404 NoSuchKey), head fails with status 404', async () => {
    const b = open().bucket();
    const k = `${unique()}none.pdf`;
    assert.equal(await b.get(k), undefined);
    await assert.rejects(b.head(k), isStatus(404, 'NotFound'));
  });

  test('a missing bucket is an error, never "no such key"', async () => {
    const b = open().bucket('no-such-bucket');
    await assert.rejects(b.get('a.pdf'), isStatus(404, 'NoSuchBucket'));
    await assert.rejects(b.head('a.pdf'), isStatus(404));
  });

  test('deleteVersions without version ids deletes those keys and reports no errors', async () => {
    const be = open();
    const b = be.bucket();
    const p = unique();
    const keys = [`${p}a&b.pdf`, `${p}å ö.pdf`, `${p}x+y/z.pdf`, `${p}keep.pdf`];
    for (const k of keys) await b.put(k, bytes('x'));
    assert.deepEqual(await b.deleteVersions(keys.slice(0, 3).map((key) => ({ key }))), []);
    assert.deepEqual(await be.storedKeys(p), [`${p}keep.pdf`]);
    assert.deepEqual(await b.deleteVersions([]), []);
  });
}

describe('S3 client on s3rver', () => {
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());
  onBothServers(() => ({ bucket: (name = bucket) => aws.clients.s3.bucket(name), storedKeys: (prefix) => aws.listKeys(bucket, prefix) }));

  test("listVersions decodes the XML entities in s3rver's listing (through the versions proxy)", async () => {
    const proxy = await startS3VersionsProxy(aws.s3Endpoint);
    const s3 = createS3({ region: config.region, endpoint: proxy.endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    try {
      const p = unique();
      const keys = [`${p}a&b.pdf`, `${p}<x> "q" 'r'.pdf`, `${p}å.pdf`];
      for (const k of keys) await aws.clients.s3.bucket(bucket).put(k, bytes('x'));
      const page = await s3.bucket(bucket).listVersions(p);
      assert.deepEqual(page.entries.map((e) => e.key).sort(), [...keys].sort());
      assert.equal(page.next, undefined);
    } finally {
      s3.destroy();
      await proxy.close();
    }
  });
});

describe('S3 client on the versioned bucket fake', () => {
  let fake: VersionedS3;
  beforeEach(async () => {
    fake = await startVersionedS3({ bucket });
  });
  afterEach(() => fake.close());
  onBothServers(() => ({ bucket: (name = bucket) => fake.client.bucket(name), storedKeys: async (prefix) => fake.currentKeys(prefix) }));

  test('the fake checks signatures: a client with the wrong secret is refused', async () => {
    const s3 = createS3({ region: 'eu-west-1', endpoint: fake.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'not-x' } });
    try {
      await assert.rejects(s3.bucket(bucket).get('a.pdf'), isStatus(403, 'SignatureDoesNotMatch'));
    } finally {
      s3.destroy();
    }
  });

  test('a bucket is named in the host, except one with dots, which goes in the path (TLS wildcard)', async () => {
    const sent: { host?: string; path?: string }[] = [];
    const s3 = createS3({ region: 'eu-west-1', endpoint: fake.endpoint, credentials: fake.credentials, pathStyle: false, maxAttempts: 1, inspect: (r) => sent.push({ ...(r.host ? { host: r.host } : {}), path: r.path ?? '/' }) });
    try {
      await assert.rejects(s3.bucket('invoices.example.se').get('a b.pdf'), isStatus(404, 'NoSuchBucket'));
      assert.deepEqual(sent[0], { path: '/invoices.example.se/a%20b.pdf' });
      await s3.bucket('paypulse-invoices').get('a.pdf').catch(() => undefined);
      assert.deepEqual(sent[1], { host: `paypulse-invoices.${new URL(fake.endpoint).host}`, path: '/a.pdf' });
    } finally {
      s3.destroy();
    }
  });

  test('listVersions decodes XML entities in keys and version ids; deleteVersions sends them back escaped', async () => {
    const b = fake.client.bucket(bucket);
    const p = 'pre&fix <å>/';
    const keys = [`${p}a&b.pdf`, `${p}&amp;.pdf`, `${p}<x> "q" 'r'.pdf`];
    for (const k of keys) {
      await b.put(k, bytes('1'));
      await b.put(k, bytes('2'));
    }
    await b.delete(keys[0]!);
    const raw = fake.calls('PutObject');
    assert.equal(raw.length, 6);
    const page = await b.listVersions(p);
    assert.equal(page.next, undefined);
    assert.equal(page.entries.length, 7);
    assert.deepEqual([...new Set(page.entries.map((e) => e.key))].sort(), [...keys].sort());
    assert.ok(page.entries.every((e) => e.versionId && /[+/.]/.test(e.versionId)), 'version ids as S3 makes them, with + / and .');
    // The listing's XML had escaped them: the decoded text is what the model holds.
    assert.deepEqual(fake.calls('ListObjectVersions')[0]!.query.find(([k]) => k === 'prefix'), ['prefix', p]);
    assert.deepEqual(await b.deleteVersions(page.entries), []);
    assert.equal(fake.versionsUnder(p), 0);
  });

  test('listVersions follows key and version-id markers across pages', async () => {
    const paged = await startVersionedS3({ bucket, pageSize: 2 });
    try {
      const b = paged.client.bucket(bucket);
      const p = 'u ser/å+&/';
      for (let i = 0; i < 3; i++) await b.put(`${p}one.pdf`, bytes(String(i)));
      await b.put(`${p}two+.pdf`, bytes('x'));
      await b.delete(`${p}two+.pdf`);
      await b.put(`${p}zz.pdf`, bytes('x'));
      const seen: { key: string; versionId?: string }[] = [];
      const sent: (string | undefined)[][] = [];
      let marker: { key: string; versionId?: string } | undefined;
      do {
        const page = await b.listVersions(p, marker);
        const q = paged.calls('ListObjectVersions').at(-1)!.query;
        sent.push(['key-marker', 'version-id-marker'].map((n) => q.find(([k]) => k === n)?.[1]));
        seen.push(...page.entries);
        marker = page.next;
      } while (marker && sent.length < 10);
      assert.equal(sent.length, 3, 'six entries in pages of two');
      assert.equal(sent[0]![0], undefined);
      assert.equal(sent[1]![0], `${p}one.pdf`, 'the markers go back decoded');
      assert.equal(sent[2]![0], `${p}two+.pdf`);
      assert.ok(sent.slice(1).every(([, v]) => v && /[+/]/.test(v)), `a version-id marker with each key marker: ${JSON.stringify(sent)}`);
      assert.equal(seen.length, 6);
      assert.equal(new Set(seen.map((e) => `${e.key}\n${e.versionId}`)).size, 6, 'no entry twice');
      assert.deepEqual(await b.deleteVersions(seen), []);
      assert.equal(paged.versionsUnder(p), 0);
    } finally {
      await paged.close();
    }
  });

  test('deleteVersions sends a Content-MD5 of its body and returns the entries S3 reports as not deleted', async () => {
    const b = fake.client.bucket(bucket);
    await b.put('d/a&b.pdf', bytes('x'));
    await b.put('d/ok.pdf', bytes('x'));
    fake.failNext('DeleteObjects', deleteErrorsReply([{ key: 'd/a&b.pdf', versionId: 'v+1/2', code: 'AccessDenied', message: 'Access Denied' }]));
    assert.deepEqual(await b.deleteVersions([{ key: 'd/a&b.pdf', versionId: 'v+1/2' }, { key: 'd/ok.pdf' }]), [{ key: 'd/a&b.pdf', code: 'AccessDenied' }]);
    const [req] = fake.calls('DeleteObjects');
    assert.equal(req!.headers['content-md5'], createHash('md5').update(req!.body).digest('base64'));
    assert.match(req!.body.toString('utf8'), /<Key>d\/a&amp;b\.pdf<\/Key><VersionId>v\+1\/2<\/VersionId>/);
  });

  test(
    'deleteVersions removes a key holding a carriage return (S3 reads a raw CR in XML as LF)',
    async () => {
      const b = fake.client.bucket(bucket);
      const key = 'cr/a\rb.pdf';
      await b.put(key, bytes('x'));
      const page = await b.listVersions('cr/');
      assert.deepEqual(page.entries.map((e) => e.key), [key]);
      assert.deepEqual(await b.deleteVersions(page.entries), []);
      assert.equal(fake.versionsUnder('cr/'), 0, 'the version is gone');
    },
  );

  test('S3 refuses more than 1000 entries in one DeleteObjects (MalformedXML); 1000 pass', async () => {
    const b = fake.client.bucket(bucket);
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `many/${i}` }));
    await assert.rejects(b.deleteVersions(entries(1001)), isStatus(400, 'MalformedXML'));
    assert.deepEqual(await b.deleteVersions(entries(1000)), []);
    assert.deepEqual(fake.deleteBatchSizes, [1000]);
  });

  test('a conditional put on a taken key fails with 412 PreconditionFailed; on a free or deleted key it writes', async () => {
    const b = fake.client.bucket(bucket);
    await b.put('c/a.pdf', bytes('one'), { ifNoneMatch: '*' });
    await assert.rejects(b.put('c/a.pdf', bytes('two'), { ifNoneMatch: '*' }), isStatus(412, 'PreconditionFailed'));
    assert.equal(text((await b.get('c/a.pdf'))!.body), 'one');
    await b.delete('c/a.pdf');
    await b.put('c/a.pdf', bytes('three'), { ifNoneMatch: '*' });
    assert.equal(text((await b.get('c/a.pdf'))!.body), 'three');
  });

  test('a 500 answered once is retried and the second answer counts', async () => {
    const b = fake.client.bucket(bucket);
    await b.put('r/a.pdf', bytes('a'));
    fake.failNext('GetObject', s3ErrorReply('InternalError', 500, 'We encountered an internal error. Please try again.'));
    assert.equal(text((await b.get('r/a.pdf'))!.body), 'a');
    assert.equal(fake.calls('GetObject').length, 2);
  });

  test('a 5xx on every attempt fails after the last one with the service error; a 4xx is not retried', async () => {
    const b = fake.client.bucket(bucket);
    fake.failNext('PutObject', s3ErrorReply('ServiceUnavailable', 503, 'Service is unable to handle request.'), CLIENT_ATTEMPTS);
    await assert.rejects(b.put('r/b.pdf', bytes('b')), (err: unknown) => {
      isStatus(503, 'ServiceUnavailable')(err);
      assert.equal((err as Error).message, 'Service is unable to handle request.');
      return true;
    });
    assert.equal(fake.calls('PutObject').length, CLIENT_ATTEMPTS);
    fake.failNext('PutObject', s3ErrorReply('AccessDenied', 403, 'Access Denied'));
    await assert.rejects(b.put('r/b.pdf', bytes('b')), isStatus(403, 'AccessDenied'));
    assert.equal(fake.calls('PutObject').length, CLIENT_ATTEMPTS + 1);
    assert.equal(await b.get('r/b.pdf'), undefined, 'nothing was written');
  });
});
