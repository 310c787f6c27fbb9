import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createS3Objects } from '../../../src/adapters/aws/objects.js';
import { loadConfig } from '../../../src/config.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { CLIENT_ATTEMPTS } from '../../fakes/aws/client-attempts.js';
import { startLocalAws } from '../../support/aws.js';
import { deleteErrorsReply, s3ErrorReply, startVersionedS3, type VersionedS3 } from '../../support/versioned-s3.js';

const config = loadConfig({});
const bucket = config.bucket;
const bytes = (s: string) => new TextEncoder().encode(s);

describe('S3 Objects: versions, batches and errors (versioned bucket over HTTP)', () => {
  let s3: VersionedS3;
  beforeEach(async () => {
    s3 = await startVersionedS3({ bucket });
  });
  afterEach(() => s3.close());

  test('deletePrefix removes every version and delete marker across list pages, in batches of at most 1000', async () => {
    const store = createS3Objects({ s3: s3.client, bucket });
    const p = 'invoices/user_many/';
    for (let i = 0; i < 800; i++) {
      const key = `${p}retail/grocery/v_2026-01-01_${String(i).padStart(8, '0')}.html`;
      await store.put(key, bytes('1'));
      await store.put(key, bytes('2'));
      if (i % 4 === 0) await store.delete(key);
    }
    await store.put('invoices/user_other/rental/a.pdf', bytes('x'));
    assert.equal(s3.versionsUnder(p), 1800);
    await store.deletePrefix(p);
    assert.equal(s3.versionsUnder(p), 0);
    assert.ok(s3.listCalls() >= 2, 'the listing spans pages');
    assert.deepEqual(s3.deleteBatchSizes, [1000, 800]);
    assert.equal(s3.versionsUnder('invoices/user_other/'), 1);
  });

  test('put sends Content-Type only when given', async () => {
    const store = createS3Objects({ s3: s3.client, bucket });
    await store.put('invoices/u/rental/a.pdf', bytes('a'));
    await store.put('invoices/u/retail/x/a.html', bytes('a'), 'text/html');
    const puts = s3.calls('PutObject');
    assert.equal(puts.length, 2);
    assert.equal('content-type' in puts[0]!.headers, false);
    assert.equal(puts[1]!.headers['content-type'], 'text/html');
    assert.deepEqual(puts.map((p) => [p.bucket, p.key]), [
      [bucket, 'invoices/u/rental/a.pdf'],
      [bucket, 'invoices/u/retail/x/a.html'],
    ]);
  });

  test('exists treats 403 like 404 (as the original F7); other failures are DependencyError', async () => {
    const store = createS3Objects({ s3: s3.client, bucket });
    s3.failNext('HeadObject', s3ErrorReply('AccessDenied', 403, 'Access Denied'));
    assert.equal(await store.exists('invoices/u/a.pdf'), false);
    // A 500 on every attempt the client makes (a single one is retried away).
    s3.failNext('HeadObject', s3ErrorReply('InternalError', 500, 'We encountered an internal error. Please try again.'), CLIENT_ATTEMPTS);
    await assert.rejects(store.exists('invoices/u/a.pdf'), DependencyError);
    assert.equal(s3.calls('HeadObject').length, 1 + CLIENT_ATTEMPTS);
  });

  test('S3 failures surface as DependencyError, including per-key DeleteObjects errors', async () => {
    const store = createS3Objects({ s3: s3.client, bucket });
    await store.put('invoices/u/a.pdf', bytes('a'));
    s3.failNext('DeleteObjects', deleteErrorsReply([{ key: 'invoices/u/a.pdf', code: 'AccessDenied', message: 'Access Denied' }]));
    await assert.rejects(store.deletePrefix('invoices/u/'), DependencyError);
    s3.failNext('ListObjectVersions', s3ErrorReply('SlowDown', 503, 'Please reduce your request rate.'), CLIENT_ATTEMPTS);
    await assert.rejects(store.deletePrefix('invoices/u/'), DependencyError);
    s3.failNext('PutObject', s3ErrorReply('InternalError', 500, 'We encountered an internal error. Please try again.'), CLIENT_ATTEMPTS);
    await assert.rejects(store.put('invoices/u/b.pdf', bytes('b')), DependencyError);
    // The faults were one-offs: the object is still there and now goes.
    assert.equal(await store.exists('invoices/u/a.pdf'), true);
    await store.deletePrefix('invoices/u/');
    assert.equal(s3.versionsUnder('invoices/u/'), 0);
  });

  test('create: 412 from the conditional put means taken; 409 ConditionalRequestConflict is a DependencyError', async () => {
    const store = createS3Objects({ s3: s3.client, bucket });
    const key = 'invoices/u/rental/Hyresavi.pdf';
    // Another writer wins between the look (HEAD: absent) and the conditional put: S3 answers 412.
    s3.failNext('HeadObject', { status: 404 });
    await s3.client.bucket(bucket).put(key, bytes('theirs'));
    assert.equal(await store.create(key, bytes('ours')), false);
    assert.equal(s3.calls('PutObject').at(-1)!.headers['if-none-match'], '*');
    assert.equal(new TextDecoder().decode((await store.get(key))!.body), 'theirs');
    s3.failNext('PutObject', s3ErrorReply('ConditionalRequestConflict', 409, 'A conflicting conditional action is currently in progress against this resource. Please try again.'));
    await assert.rejects(store.create('invoices/u/rental/other.pdf', bytes('x')), DependencyError);
  });
});

test('on s3rver a missing bucket is a DependencyError, not "absent"', async () => {
  const aws = await startLocalAws(config);
  try {
    const store = createS3Objects({ s3: aws.clients.s3, bucket: 'no-such-bucket' });
    await assert.rejects(store.get('invoices/u/a.pdf'), DependencyError);
    await assert.rejects(store.put('invoices/u/a.pdf', bytes('a')), DependencyError);
  } finally {
    await aws.close();
  }
});

test('on the versioned bucket a missing bucket is a DependencyError, not "absent"', async () => {
  const s3 = await startVersionedS3({ bucket });
  try {
    const store = createS3Objects({ s3: s3.client, bucket: 'no-such-bucket' });
    await assert.rejects(store.get('invoices/u/a.pdf'), (e: unknown) => e instanceof DependencyError && (e.cause as Error).name === 'NoSuchBucket');
    await assert.rejects(store.put('invoices/u/a.pdf', bytes('a')), DependencyError);
  } finally {
    await s3.close();
  }
});
