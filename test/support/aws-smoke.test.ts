import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { startLocalAws } from './aws.js';

test('dynalite and s3rver answer the real clients with every table and the bucket', async () => {
  const config = loadConfig({});
  const aws = await startLocalAws(config);
  try {
    await aws.clients.doc.put({ TableName: 'Users', Item: { UserID: 'u1', Email: 'a@b.se' } });
    const got = await aws.clients.doc.get({ TableName: 'Users', Key: { UserID: 'u1' } });
    assert.equal(got.Item?.Email, 'a@b.se');
    const bucket = aws.clients.s3.bucket(config.bucket);
    await bucket.put('invoices/u1/x.pdf', new TextEncoder().encode('pdf'), { contentType: 'application/pdf' });
    const obj = await bucket.get('invoices/u1/x.pdf');
    assert.equal(new TextDecoder().decode(obj?.body), 'pdf');
    assert.equal(obj?.contentType, 'application/pdf');
    assert.deepEqual(await aws.listKeys(config.bucket, 'invoices/u1/'), ['invoices/u1/x.pdf']);
  } finally {
    await aws.close();
  }
});
