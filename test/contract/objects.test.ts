import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { createS3Objects } from '../../src/adapters/aws/objects.js';
import { createFileObjects } from '../../src/adapters/local/objects.js';
import { loadConfig } from '../../src/config.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';
import { startVersionedS3, type VersionedS3 } from '../support/versioned-s3.js';
import { objectsContract, objectsCreateContract, objectsPrefixContract } from './objects.contract.js';

const bucket = loadConfig({}).bucket;

describe('file Objects: contract', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pp-objects-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  objectsContract(() => createFileObjects({ root }));
  objectsPrefixContract(() => createFileObjects({ root }));
  objectsCreateContract(() => createFileObjects({ root }));
});

describe('S3 Objects on s3rver: contract (single objects)', () => {
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws(loadConfig({}));
  });
  after(() => aws.close());
  // Prefix deletion needs ListObjectVersions, which s3rver lacks: it runs on the versioned model below.
  objectsContract(() => createS3Objects({ s3: aws.clients.s3, bucket }));
});

describe('S3 Objects on a versioned bucket model (S3 REST over HTTP): contract', () => {
  let s3: VersionedS3;
  before(async () => {
    s3 = await startVersionedS3({ bucket });
  });
  after(() => s3.close());
  objectsContract(() => createS3Objects({ s3: s3.client, bucket }));
  objectsPrefixContract(() => createS3Objects({ s3: s3.client, bucket }));
  objectsCreateContract(() => createS3Objects({ s3: s3.client, bucket }));
});
