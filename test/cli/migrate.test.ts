import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { migrateCommand } from '../../src/cli/commands/migrate.js';
import { createDynamoUsers } from '../../src/adapters/aws/users.js';
import { loadConfig } from '../../src/config.js';
import { EmailTakenError } from '../../src/domain/errors.js';
import { startLocalAws, type LocalAws } from '../support/aws.js';

const config = loadConfig({});
let aws: LocalAws;
before(async () => {
  aws = await startLocalAws(config);
});
after(() => aws.close());

test('migrate email-locks reserves the emails of accounts the original created, once', async () => {
  // As the original backend wrote them: mixed case, no lock items, one email shared by two accounts.
  const legacy = (id: string, email: string) => ({ UserID: id, Email: email, Name: 'N', Password: '$2b$12$x', CreatedOn: '2025-01-01', CreatedAt: '10:00:00.000000' });
  for (const item of [legacy('user_a', 'Maja@Example.se'), legacy('user_b', 'ola@example.se'), legacy('user_c', 'OLA@example.se')]) {
    await aws.clients.doc.send(new PutCommand({ TableName: config.tables.users, Item: item }));
  }
  const users = createDynamoUsers({ doc: aws.clients.doc, table: config.tables.users });
  const newcomer = { userId: 'user_new', name: 'N', passwordHash: '$2b$12$y', createdOn: '2026-01-01', createdAt: '10:00:00.000000' };
  // Before: a spelling the Email-index does not know gets through.
  await users.create({ ...newcomer, email: 'MAJA@example.SE' });
  await users.delete('user_new');

  const lines: string[] = [];
  assert.equal(await migrateCommand(['email-locks'], (s) => lines.push(s), { doc: aws.clients.doc }), 0);
  assert.match(lines[0]!, /: 2 emails reserved now, 0 already reserved/);
  assert.equal(lines.filter((l) => l.includes('shared email')).length, 1);
  await assert.rejects(users.create({ ...newcomer, email: 'MAJA@example.SE' }), EmailTakenError);

  const again: string[] = [];
  await migrateCommand(['email-locks'], (s) => again.push(s), { doc: aws.clients.doc });
  assert.match(again[0]!, /: 0 emails reserved now, 2 already reserved/);
  assert.equal(await migrateCommand(['nope'], () => {}), 2);
});
