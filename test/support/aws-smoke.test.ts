import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../../src/config.js';
import { startLocalAws } from './aws.js';

test('dynalite and s3rver answer the real clients with every table and the bucket', async () => {
  const config = loadConfig({});
  const aws = await startLocalAws(config);
  try {
    await aws.clients.doc.put({ TableName: 'Users', Item: { UserID: 'u1', Email: 'a@b.se' } });
    const got = await aws.clients.doc.get({ TableName: 'Users', Key: { UserID: 'u1' } });
    assert.equal(got.Item?.Email, 'a@b.se');
    await aws.clients.s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: 'invoices/u1/x.pdf', Body: 'pdf' }));
    const obj = await aws.clients.s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: 'invoices/u1/x.pdf' }));
    assert.equal(await obj.Body?.transformToString(), 'pdf');
  } finally {
    await aws.close();
  }
});
