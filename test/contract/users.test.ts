import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createDynamoDocs, type DynamoDocs } from '../../src/adapters/aws/client/dynamodb.js';
import { AwsServiceError } from '../../src/adapters/aws/client/transport.js';
import { HELPER_KEY } from '../../src/adapters/aws/tables.js';
import { createDynamoUsers, emailLockKey } from '../../src/adapters/aws/users.js';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { createSqliteUsers, usersSchema } from '../../src/adapters/local/users.js';
import { loadConfig } from '../../src/config.js';
import { DependencyError, EmailTakenError } from '../../src/domain/errors.js';
import type { Clock } from '../../src/ports/clock.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';
import { newUser, usersContract } from './users.contract.js';

const config = loadConfig({});

usersContract('SQLite (in memory)', async () => {
  const db = openMemoryDatabase([usersSchema]);
  return { users: createSqliteUsers(db), close: async () => void db.close() };
});

usersContract('DynamoDB (dynalite)', async () => {
  const aws = await startLocalAws(config);
  // Small Scan pages, so `list` really walks many pages with lock items among them.
  return { users: createDynamoUsers({ doc: aws.clients.doc, table: config.tables.users, helpers: config.tables.helpers, scanPageSize: 7 }), close: () => aws.close() };
});

describe('DynamoDB Users on the original table layout', () => {
  let aws: LocalAws;
  const TableName = config.tables.users;
  let now = new Date('2026-01-10T12:00:00Z');
  const clock: Clock = { now: () => now };
  const raw = (Item: Record<string, unknown>) => aws.clients.doc.put({ TableName, Item });
  const Helpers = config.tables.helpers;
  const item = async (UserID: string) => (await aws.clients.doc.get({ TableName, Key: { UserID } })).Item;
  const lockItem = async (key: string) => (await aws.clients.doc.get({ TableName: Helpers, Key: { [HELPER_KEY]: key } })).Item;
  const rawLock = (key: string, Item: Record<string, unknown>) =>
    aws.clients.doc.put({ TableName: Helpers, Item: { [HELPER_KEY]: key, ...Item } });
  const users = () => createDynamoUsers({ doc: aws.clients.doc, table: TableName, helpers: Helpers, clock });

  before(async () => {
    aws = await startLocalAws(config);
  });
  after(() => aws.close());

  test('an account is stored with the original attribute names; its lock item is in the helper table', async () => {
    const u = newUser({ lastRetailInvoiceFetch: '2025-10-06T08:30:01.123456+00:00' });
    await users().create(u);
    assert.deepEqual(await item(u.userId), {
      UserID: u.userId,
      Email: u.email,
      Name: u.name,
      Password: u.passwordHash,
      CreatedOn: u.createdOn,
      CreatedAt: u.createdAt,
      last_retail_invoice_fetch: '2025-10-06T08:30:01.123456+00:00',
    });
    const lock = await lockItem(`EMAIL#${u.email.toLowerCase()}`);
    assert.equal(lock?.owner, u.userId);
    assert.equal(await item(`EMAIL#${u.email.toLowerCase()}`), undefined, 'nothing but the account in Users');
  });

  test('an account written by the original backend (mixed-case Email, no lock) keeps working', async () => {
    const id = `user_${randomUUID()}`;
    const email = `Legacy.${randomUUID().slice(0, 6)}@Example.SE`;
    const legacy = { UserID: id, Email: email, Name: 'Old Timer', Password: '$2b$12$legacyhash', CreatedOn: '2025-03-01', CreatedAt: '09:00:00.000001' };
    await raw(legacy);
    const store = users();
    const expected = { userId: id, email, name: 'Old Timer', passwordHash: '$2b$12$legacyhash', createdOn: '2025-03-01', createdAt: '09:00:00.000001' };
    assert.deepEqual(await store.getById(id), expected);
    assert.deepEqual(await store.getByEmail(email), expected);
    await assert.rejects(store.create(newUser({ email })), EmailTakenError);
    assert.equal(await lockItem(emailLockKey(email)), undefined, 'the refused signup released its lock');
    await store.setLastRetailInvoiceFetch(id, '2025-10-06T08:30:01.123456+00:00');
    assert.deepEqual(await item(id), { ...legacy, last_retail_invoice_fetch: '2025-10-06T08:30:01.123456+00:00' });
    await store.delete(id);
    assert.equal(await item(id), undefined);
  });

  test('a legacy account stored lower-case is found and protected whatever case is typed', async () => {
    const email = `lower.${randomUUID().slice(0, 6)}@example.se`;
    const id = `user_${randomUUID()}`;
    await raw({ UserID: id, Email: email, Name: 'L', Password: 'h', CreatedOn: '2025-03-01', CreatedAt: '09:00:00.000001' });
    assert.equal((await users().getByEmail(email.toUpperCase()))?.userId, id);
    await assert.rejects(users().create(newUser({ email: email.toUpperCase() })), EmailTakenError);
  });

  test('legacy duplicates of one email (the original race) resolve to the oldest account', async () => {
    const email = `dup.${randomUUID().slice(0, 6)}@example.se`;
    await raw({ UserID: `user_${randomUUID()}`, Email: email, Name: 'B', Password: 'h', CreatedOn: '2025-03-02', CreatedAt: '09:00:00.000001' });
    await raw({ UserID: 'user_oldest', Email: email, Name: 'A', Password: 'h', CreatedOn: '2025-03-01', CreatedAt: '23:00:00.000001' });
    assert.equal((await users().getByEmail(email))?.userId, 'user_oldest');
  });

  test('a failure after the lock releases it, so a retry succeeds', async () => {
    const real = createDynamoDocs({ region: config.region, endpoint: aws.dynamoEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    let failUserPut = true;
    const doc: DynamoDocs = {
      ...real,
      put: async (input) => {
        if (failUserPut && String(input.Item?.UserID ?? '').startsWith('user_')) {
          failUserPut = false;
          throw new AwsServiceError('ProvisionedThroughputExceededException', 'throttled', 400);
        }
        return real.put(input);
      },
    };
    const u = newUser();
    const store = createDynamoUsers({ doc, table: TableName, helpers: Helpers });
    await assert.rejects(store.create(u), DependencyError);
    assert.equal(await lockItem(emailLockKey(u.email)), undefined);
    await store.create(u);
    assert.deepEqual(await store.getByEmail(u.email), u);
    doc.destroy();
  });

  test('a lock left by a signup that died is taken over once stale, not before', async () => {
    const u = newUser();
    const lockKey = emailLockKey(u.email);
    await rawLock(lockKey, { owner: `user_${randomUUID()}`, locked_at_epoch: now.getTime() / 1000 - 60 });
    await assert.rejects(users().create(u), EmailTakenError, 'a young lock may belong to a signup in flight');
    now = new Date(now.getTime() + 300_000);
    await users().create(u);
    assert.equal((await lockItem(lockKey))?.owner, u.userId);
    assert.deepEqual(await users().getByEmail(u.email.toUpperCase()), u);
  });

  test('a lock whose owner exists is never taken over, however old', async () => {
    const u = newUser();
    await users().create(u);
    now = new Date(now.getTime() + 86_400_000);
    await assert.rejects(users().create(newUser({ email: u.email })), EmailTakenError);
    assert.equal((await lockItem(emailLockKey(u.email)))?.owner, u.userId);
  });

  test('list and getById skip helper items an earlier release left in Users', async () => {
    await raw({ UserID: 'LOGINFAIL#account:x@example.se', window_start: 1, failures: 3, expires_at_epoch: 2 });
    await raw({ UserID: 'EMAIL#left@example.se', owner: 'user_left', locked_at_epoch: 1 });
    const store = users();
    await store.create(newUser());
    const all: string[] = [];
    for await (const u of store.list()) all.push(u.userId);
    const scanned = (await aws.clients.doc.scan({ TableName })).Items ?? [];
    assert.ok(scanned.some((i) => String(i.UserID).startsWith('EMAIL#')));
    assert.deepEqual(all.sort(), scanned.map((i) => String(i.UserID)).filter((id) => !id.includes('#')).sort());
    assert.equal(await store.getById('LOGINFAIL#account:x@example.se'), undefined);
  });

  test('delete removes only its own lock', async () => {
    const u = newUser();
    const store = users();
    await store.create(u);
    // Another account now holds the lock for this email (e.g. after a stale takeover).
    await aws.clients.doc.delete({ TableName: Helpers, Key: { [HELPER_KEY]: emailLockKey(u.email) } });
    await rawLock(emailLockKey(u.email), { owner: 'user_other', locked_at_epoch: 0 });
    await store.delete(u.userId);
    assert.equal((await lockItem(emailLockKey(u.email)))?.owner, 'user_other');
  });

  test('without the helper table an adapter reads accounts but refuses to sign up or delete', async () => {
    const u = newUser();
    await users().create(u);
    const reader = createDynamoUsers({ doc: aws.clients.doc, table: TableName });
    assert.deepEqual(await reader.getById(u.userId), u);
    assert.deepEqual(await reader.getByEmail(u.email), u);
    const refused = (operation: string) => (e: unknown) =>
      e instanceof DependencyError && e.operation === operation && /helper table/.test((e.cause as Error).message);
    await assert.rejects(reader.create(newUser()), refused('users.create'));
    await assert.rejects(reader.delete(u.userId), refused('users.delete'));
    assert.deepEqual(await reader.getById(u.userId), u, 'nothing deleted');
  });

  test('backfilling locks protects legacy mixed-case accounts in every case, idempotently', async () => {
    const own = await startLocalAws(config);
    try {
      const put = (Item: Record<string, unknown>) => own.clients.doc.put({ TableName, Item });
      const legacy = (UserID: string, Email: string) =>
        put({ UserID, Email, Name: 'L', Password: 'h', CreatedOn: '2025-03-01', CreatedAt: '09:00:00.000001' });
      await legacy('user_a', 'Mixed.Case@Example.se');
      await legacy('user_b', 'mixed.case@EXAMPLE.se'); // a case duplicate the original allowed
      const store = createDynamoUsers({ doc: own.clients.doc, table: TableName, helpers: Helpers, scanPageSize: 2 });
      const c = newUser();
      await store.create(c);

      const report = await store.backfillEmailLocks();
      assert.equal(report.locked, 1);
      assert.equal(report.alreadyLocked, 1);
      assert.equal(report.conflicts.length, 1);
      assert.deepEqual([report.conflicts[0]!.userId, report.conflicts[0]!.heldBy].sort(), ['user_a', 'user_b']);
      const holder = report.conflicts[0]!.heldBy;
      await assert.rejects(store.create(newUser({ email: 'MIXED.case@example.SE' })), EmailTakenError);
      assert.equal((await store.getByEmail('MIXED.CASE@EXAMPLE.SE'))?.userId, holder);
      assert.equal((await store.getByEmail('Mixed.Case@Example.se'))?.userId, 'user_a', 'the exact spelling still finds its own account');

      const again = await store.backfillEmailLocks();
      assert.deepEqual({ ...again, conflicts: again.conflicts.length }, { locked: 0, alreadyLocked: 2, conflicts: 1 });
    } finally {
      await own.close();
    }
  });

  test('an unreachable DynamoDB surfaces as DependencyError', async () => {
    const doc = createDynamoDocs({ region: config.region, endpoint: 'http://127.0.0.1:9', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const store = createDynamoUsers({ doc, table: TableName, helpers: Helpers });
    await assert.rejects(store.getById('user_1'), DependencyError);
    await assert.rejects(store.getByEmail('a@b.se'), DependencyError);
    await assert.rejects(store.create(newUser()), DependencyError);
    await assert.rejects(async () => {
      for await (const _ of store.list()) break;
    }, DependencyError);
    doc.destroy();
  });
});
