import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretsManager, type SecretsManager } from '../../src/adapters/aws/client/secrets-manager.js';
import { migrateCommand } from '../../src/cli/commands/migrate.js';
import { HELPER_KEY, MARKER_OWNER } from '../../src/adapters/aws/tables.js';
import { deleteNotificationMarkers } from '../../src/adapters/aws/notification-markers.js';
import { createDynamoUsers } from '../../src/adapters/aws/users.js';
import { loadConfig } from '../../src/config.js';
import { EmailTakenError } from '../../src/domain/errors.js';
import { startFakeSecretsManager, type FakeSecretsManager } from '../fakes/aws/secrets-manager.js';
import { startLocalAws, withTtlEnabled, type LocalAws } from '../support/aws.js';

const config = loadConfig({});
let aws: LocalAws;
before(async () => {
  aws = await startLocalAws(config);
});
after(() => aws.close());

const run = async (args: string[], opts: Parameters<typeof migrateCommand>[2] = {}) => {
  const lines: string[] = [];
  const code = await migrateCommand(args, (s) => lines.push(s), { doc: aws.clients.doc, env: {}, ...opts });
  return { code, lines };
};

test('migrate email-locks reserves the emails of accounts the original created, once', async () => {
  // As the original backend wrote them: mixed case, no lock items, one email shared by two accounts.
  const legacy = (id: string, email: string) => ({ UserID: id, Email: email, Name: 'N', Password: '$2b$12$x', CreatedOn: '2025-01-01', CreatedAt: '10:00:00.000000' });
  for (const item of [legacy('user_a', 'Maja@Example.se'), legacy('user_b', 'ola@example.se'), legacy('user_c', 'OLA@example.se')]) {
    await aws.clients.doc.put({ TableName: config.tables.users, Item: item });
  }
  const users = createDynamoUsers({ doc: aws.clients.doc, table: config.tables.users, helpers: config.tables.helpers });
  const newcomer = { userId: 'user_new', name: 'N', passwordHash: '$2b$12$y', createdOn: '2026-01-01', createdAt: '10:00:00.000000' };
  // Before: a spelling the Email-index does not know gets through.
  await users.create({ ...newcomer, email: 'MAJA@example.SE' });
  await users.delete('user_new');

  const first = await run(['email-locks']);
  assert.equal(first.code, 0);
  assert.match(first.lines[0]!, /: 2 emails reserved now, 0 already reserved/);
  assert.equal(first.lines.filter((l) => l.includes('shared email')).length, 1);
  await assert.rejects(users.create({ ...newcomer, email: 'MAJA@example.SE' }), EmailTakenError);

  const again = await run(['email-locks']);
  assert.match(again.lines[0]!, /: 0 emails reserved now, 2 already reserved/);
  for (const bad of [['nope'], ['constructor'], [], ['helpers', 'extra']]) assert.equal((await run(bad)).code, 2, bad.join(' '));
});

describe('migrate helpers', () => {
  const users = config.tables.users;
  const helpers = config.tables.helpers;
  const scan = async (TableName: string) => (await aws.clients.doc.scan({ TableName })).Items ?? [];

  test('moves the helper items an earlier release kept in Users, keeps newer copies, and can run again', async () => {
    // What an earlier release left in Users beside the accounts.
    const left = [
      { UserID: 'EMAIL#kim@example.se', owner: 'user_kim', locked_at_epoch: 1_700_000_000 },
      { UserID: 'LOGINFAIL#account:kim@example.se', window_start: 1, failures: 3, expires_at_epoch: 2 },
      { UserID: 'NOTIFY#user_kim#rental:Invoice_1', status: 'sent', expires_at_epoch: 3 },
    ];
    for (const Item of left) await aws.clients.doc.put({ TableName: users, Item });
    await aws.clients.doc.put({ TableName: users, Item: { UserID: 'user_kim', Email: 'kim@example.se', Name: 'Kim', Password: 'h' } });
    // Written by the running release before the move: it wins over the old copy.
    await aws.clients.doc.put({ TableName: helpers, Item: { [HELPER_KEY]: 'LOGINFAIL#account:kim@example.se', window_start: 5, failures: 1 } });
    // A marker written to the helper table by a release before markers named their owner.
    await aws.clients.doc.put({ TableName: helpers, Item: { [HELPER_KEY]: 'NOTIFY#user_kim#rental:Invoice_2', status: 'sent', expires_at_epoch: 4 } });

    const first = await run(['helpers'], { doc: withTtlEnabled(aws.clients.doc) });
    assert.equal(first.code, 0, first.lines.join('\n'));
    assert.match(first.lines[0]!, /2 helper items moved to PayPulseHelpers, 1 were there already/);
    assert.match(first.lines[1]!, /1 notification markers given their owner/);
    assert.match(first.lines[2]!, /TTL ENABLED on expires_at_epoch/);
    assert.ok((await scan(users)).every((i) => !String(i.UserID).includes('#')), 'Users holds accounts only');
    assert.ok((await scan(users)).some((i) => i.UserID === 'user_kim'), 'accounts stay');
    const get = async (key: string) => (await aws.clients.doc.get({ TableName: helpers, Key: { [HELPER_KEY]: key } })).Item;
    assert.deepEqual(await get('EMAIL#kim@example.se'), { [HELPER_KEY]: 'EMAIL#kim@example.se', owner: 'user_kim', locked_at_epoch: 1_700_000_000 });
    assert.equal((await get('LOGINFAIL#account:kim@example.se'))?.window_start, 5);
    assert.equal((await get('NOTIFY#user_kim#rental:Invoice_1'))?.status, 'sent');
    assert.equal((await get('NOTIFY#user_kim#rental:Invoice_1'))?.[MARKER_OWNER], 'user_kim', 'moved markers name their owner');
    assert.equal((await get('NOTIFY#user_kim#rental:Invoice_2'))?.[MARKER_OWNER], 'user_kim', 'older markers are tagged');

    const again = await run(['helpers'], { doc: withTtlEnabled(aws.clients.doc) });
    assert.match(again.lines[0]!, /0 helper items moved to PayPulseHelpers, 0 were there already/);
    assert.match(again.lines[1]!, /0 notification markers given their owner/);

    // Account deletion now finds both through the owner index.
    await deleteNotificationMarkers(aws.clients.doc, helpers, 'user_kim');
    assert.deepEqual((await scan(helpers)).map((i) => i[HELPER_KEY]).filter((k) => String(k).startsWith('NOTIFY#')), []);
  });

  test('a helper table without TTL on expires_at_epoch fails the step (exit 1) and says so', async () => {
    const off = await run(['helpers']); // dynalite: DISABLED
    assert.equal(off.code, 1);
    assert.match(off.lines.at(-1)!, /TTL is DISABLED, expected ENABLED on expires_at_epoch/);
    const wrong = await run(['helpers'], { doc: withTtlEnabled(aws.clients.doc, 'ttl') });
    assert.equal(wrong.code, 1);
  });
});

describe('migrate legacy-jwt', () => {
  let sm: FakeSecretsManager;
  let secrets: SecretsManager;
  let dir: string;
  before(async () => {
    sm = await startFakeSecretsManager({ PayPulseAppJWTSecret: 'the-original-key', PayPulseCloudJWTSecret: 'our-own-key-0123456789abcdef0123456789' });
    secrets = createSecretsManager({ region: 'eu-west-1', endpoint: sm.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    dir = mkdtempSync(path.join(tmpdir(), 'pp-migrate-'));
  });
  after(async () => {
    secrets.destroy();
    await sm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('off unless configured', async () => {
    const r = await run(['legacy-jwt'], { secrets });
    assert.equal(r.code, 0);
    assert.match(r.lines[0]!, /not honoured/);
  });

  test('AWS: the original key is read and must differ from ours', async () => {
    const ok = await run(['legacy-jwt'], { secrets, env: { LEGACY_JWT_SECRET_NAME: 'PayPulseAppJWTSecret', JWT_SECRET_NAME: 'PayPulseCloudJWTSecret' } });
    assert.equal(ok.code, 0, ok.lines.join('\n'));
    assert.match(ok.lines[0]!, /honoured with the key PayPulseAppJWTSecret: each until its own expiry, at most 24 h/);
    assert.ok(!ok.lines.join('\n').includes('the-original-key'), 'the key itself is never printed');
    await assert.rejects(run(['legacy-jwt'], { secrets, env: { LEGACY_JWT_SECRET_NAME: 'PayPulseAppJWTSecret' } }), /must name another secret/);
    sm.secrets.set('CopyOfTheOriginal', 'the-original-key');
    const same = await run(['legacy-jwt'], { secrets, env: { LEGACY_JWT_SECRET_NAME: 'PayPulseAppJWTSecret', JWT_SECRET_NAME: 'CopyOfTheOriginal' } });
    assert.equal(same.code, 1);
    assert.match(same.lines[0]!, /equals the signing key CopyOfTheOriginal/);
    await assert.rejects(run(['legacy-jwt'], { secrets, env: { LEGACY_JWT_SECRET_NAME: 'NoSuchSecret' } }), /can't find/);
  });

  test('locally: a file, one final line break not part of the key', async () => {
    const file = path.join(dir, 'legacy.key');
    writeFileSync(file, 'the-original-key\n', { mode: 0o600 });
    const r = await run(['legacy-jwt'], { env: { LEGACY_JWT_SECRET_FILE: file } });
    assert.equal(r.code, 0);
    writeFileSync(file, '\n');
    await assert.rejects(run(['legacy-jwt'], { env: { LEGACY_JWT_SECRET_FILE: file } }), /empty/);
  });
});
