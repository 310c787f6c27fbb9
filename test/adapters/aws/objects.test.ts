import assert from 'node:assert/strict';
import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, test } from 'node:test';
import { createS3Objects } from '../../../src/adapters/aws/objects.js';
import { loadConfig } from '../../../src/config.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { startLocalAws } from '../../support/aws.js';
import { createVersionedS3 } from '../../support/versioned-s3.js';

const config = loadConfig({});
const bucket = config.bucket;
const bytes = (s: string) => new TextEncoder().encode(s);
const s3Error = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: httpStatusCode < 500 ? 'client' : 'server', $metadata: { httpStatusCode }, message: name });

describe('S3 Objects: versions, batches and errors', () => {
  test('deletePrefix removes every version and delete marker across list pages, in batches of at most 1000', async () => {
    const s3 = createVersionedS3();
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

  test('put sends ContentType only when given', async () => {
    const s3 = createVersionedS3();
    const store = createS3Objects({ s3: s3.client, bucket });
    await store.put('invoices/u/rental/a.pdf', bytes('a'));
    await store.put('invoices/u/retail/x/a.html', bytes('a'), 'text/html');
    const inputs = s3.mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    assert.equal('ContentType' in inputs[0]!, false);
    assert.equal(inputs[1]!.ContentType, 'text/html');
    assert.equal(inputs[1]!.Bucket, bucket);
  });

  test('exists treats 403 like 404 (as the original F7); other failures are DependencyError', async () => {
    const s3 = createVersionedS3();
    const store = createS3Objects({ s3: s3.client, bucket });
    s3.failNext('HeadObjectCommand', s3Error('Forbidden', 403));
    s3.failNext('HeadObjectCommand', s3Error('InternalError', 500));
    assert.equal(await store.exists('invoices/u/a.pdf'), false);
    await assert.rejects(store.exists('invoices/u/a.pdf'), DependencyError);
  });

  test('S3 failures surface as DependencyError, including per-key DeleteObjects errors', async () => {
    const s3 = createVersionedS3();
    const store = createS3Objects({ s3: s3.client, bucket });
    await store.put('invoices/u/a.pdf', bytes('a'));
    s3.failNext('DeleteObjectsCommand', { Errors: [{ Key: 'invoices/u/a.pdf', Code: 'AccessDenied' }] });
    await assert.rejects(store.deletePrefix('invoices/u/'), DependencyError);
    s3.failNext('ListObjectVersionsCommand', s3Error('SlowDown', 503));
    await assert.rejects(store.deletePrefix('invoices/u/'), DependencyError);
    s3.failNext('PutObjectCommand', s3Error('InternalError', 500));
    await assert.rejects(store.put('invoices/u/b.pdf', bytes('b')), DependencyError);
    // The faults were one-offs: the object is still there and now goes.
    await store.deletePrefix('invoices/u/');
    assert.equal(s3.versionsUnder('invoices/u/'), 0);
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
});
