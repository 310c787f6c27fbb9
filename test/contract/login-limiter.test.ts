import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDynamoDocs } from '../../src/adapters/aws/client/dynamodb.js';
import { createDynamoLoginLimiter } from '../../src/adapters/aws/login-limiter.js';
import { HELPER_KEY, tableDefinitions } from '../../src/adapters/aws/tables.js';
import { createMemoryLoginLimiter } from '../../src/adapters/local/login-limiter.js';
import { loadConfig } from '../../src/config.js';
import { DependencyError } from '../../src/domain/errors.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';
import { loginLimiterContract } from './login-limiter.contract.js';

const config = loadConfig({});

loginLimiterContract('memory', async () => ({ make: (opts) => createMemoryLoginLimiter(opts), close: async () => {} }));

loginLimiterContract('DynamoDB (dynalite)', async () => {
  const aws = await startLocalAws(config);
  return {
    make: (opts) => createDynamoLoginLimiter({ doc: aws.clients.doc, table: config.tables.helpers, ...opts }),
    close: () => aws.close(),
  };
});

describe('DynamoDB login counters in the helper table', () => {
  let aws: LocalAws;
  let now = Date.parse('2026-01-10T12:00:00.250Z');
  const limiter = () =>
    createDynamoLoginLimiter({
      doc: aws.clients.doc,
      table: config.tables.helpers,
      clock: { now: () => new Date(now) },
      windowSeconds: 900,
      maxFailures: () => 3,
    });
  const item = async (key: string) =>
    (await aws.clients.doc.get({ TableName: config.tables.helpers, Key: { [HELPER_KEY]: key } })).Item;

  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());

  test('a counter is one item, expiring through the table TTL attribute when its window ends', async () => {
    const start = now;
    await limiter().reserve('account:a@example.se');
    now += 60_000;
    await limiter().reserve('account:a@example.se');
    const ttl = tableDefinitions(config).find((t) => t.key === 'helpers')!.ttlAttribute!;
    assert.deepEqual(await item('LOGINFAIL#account:a@example.se'), {
      [HELPER_KEY]: 'LOGINFAIL#account:a@example.se',
      window_start: start,
      failures: 2,
      [ttl]: Math.ceil((start + 900_000) / 1000),
    });
  });

  test('an expired counter not yet removed by TTL is replaced by a new window', async () => {
    await limiter().reserve('client:10.0.0.9');
    now += 901_000;
    await limiter().reserve('client:10.0.0.9');
    const it = await item('LOGINFAIL#client:10.0.0.9');
    assert.equal(it?.window_start, now);
    assert.equal(it?.failures, 1);
    assert.equal(it?.expires_at_epoch, Math.ceil((now + 900_000) / 1000));
  });

  test('reset deletes the counter item', async () => {
    await limiter().reserve('account:r@example.se');
    await limiter().reset('account:r@example.se');
    assert.equal(await item('LOGINFAIL#account:r@example.se'), undefined);
  });

  test('instances share counts (each Lambda builds its own limiter)', async () => {
    await limiter().reserve('account:s@example.se');
    await limiter().reserve('account:s@example.se');
    await limiter().reserve('account:s@example.se');
    assert.ok((await limiter().reserve('account:s@example.se')) > 0);
  });

  test('an unreachable DynamoDB surfaces as DependencyError', async () => {
    const doc = createDynamoDocs({ region: config.region, endpoint: 'http://127.0.0.1:9', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const broken = createDynamoLoginLimiter({ doc, table: 'Users', clock: { now: () => new Date() }, windowSeconds: 900, maxFailures: () => 3 });
    await assert.rejects(broken.reserve('account:x'), DependencyError);
    await assert.rejects(broken.release('account:x'), DependencyError);
    await assert.rejects(broken.reset('account:x'), DependencyError);
    doc.destroy();
  });
});

describe('memory login limiter under a spray of keys', () => {
  test('new keys (many client addresses) never lift a lock that is in force', async () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    const limiter = createMemoryLoginLimiter({ clock: { now: () => new Date(now) }, windowSeconds: 900, maxFailures: () => 3 });
    for (let i = 0; i < 3; i++) await limiter.reserve('account:victim@example.se');
    assert.ok((await limiter.reserve('account:victim@example.se')) > 0);
    // Each guess from a fresh address (an IPv6 range has plenty) adds one key.
    for (let i = 0; i <= 100_000; i++) await limiter.reserve(`client:2001:db8::${i.toString(16)}`);
    assert.ok((await limiter.reserve('account:victim@example.se')) > 0, 'the account lock was evicted');
  });
});
