/**
 * The behaviour every `Users` adapter must show (ARCHITECTURE property 4). Adapters are shared
 * across the tests of one run, so each test works on its own fresh emails and ids.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { EmailTakenError } from '../../src/domain/errors.js';
import type { UserRecord, Users } from '../../src/ports/users.js';

export interface UsersSubject {
  users: Users;
  close(): Promise<void>;
}

export function newUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const tag = randomUUID().slice(0, 8);
  return {
    userId: `user_${randomUUID()}`,
    email: `Maja.Berg+${tag}@Example.se`,
    name: 'Maja Berg',
    passwordHash: '$2b$12$abcdefghijklmnopqrstuu0123456789abcdefghijklmnopqrstu',
    createdOn: '2025-09-19',
    createdAt: '14:03:27.512345',
    ...overrides,
  };
}

async function collect(it: AsyncIterable<UserRecord>): Promise<UserRecord[]> {
  const out: UserRecord[] = [];
  for await (const u of it) out.push(u);
  return out;
}

export function usersContract(adapter: string, open: () => Promise<UsersSubject>): void {
  describe(`Users contract: ${adapter}`, () => {
    let subject: UsersSubject;
    let users: Users;
    before(async () => {
      subject = await open();
      users = subject.users;
    });
    after(() => subject.close());

    test('a created account reads back whole by id and by email in any case', async () => {
      const u = newUser();
      await users.create(u);
      assert.deepEqual(await users.getById(u.userId), u);
      assert.deepEqual(await users.getByEmail(u.email), u);
      assert.deepEqual(await users.getByEmail(u.email.toLowerCase()), u);
      assert.deepEqual(await users.getByEmail(u.email.toUpperCase()), u);
      assert.equal('lastRetailInvoiceFetch' in (await users.getById(u.userId))!, false);
    });

    test('unknown ids and emails are undefined', async () => {
      assert.equal(await users.getById(`user_${randomUUID()}`), undefined);
      assert.equal(await users.getByEmail(`nobody-${randomUUID()}@example.se`), undefined);
      assert.equal(await users.getByEmail(`${'x'.repeat(5000)}@example.se`), undefined, 'an absurdly long email is just unknown');
    });

    test('a second account with the same email in another case is refused; the first is untouched', async () => {
      const first = newUser();
      await users.create(first);
      const second = newUser({ email: first.email.toUpperCase(), name: 'Someone Else' });
      await assert.rejects(users.create(second), EmailTakenError);
      assert.equal(await users.getById(second.userId), undefined);
      assert.deepEqual(await users.getByEmail(first.email.toLowerCase()), first);
    });

    test('20 concurrent signups with one email in different cases yield exactly one account', async () => {
      const base = newUser().email.toLowerCase();
      // Variant i upper-cases the letters whose position j has bit (j mod 5) of i+1 set: 20
      // distinct spellings, none of them all lower-case.
      const variants = Array.from({ length: 20 }, (_, i) =>
        newUser({ email: [...base].map((c, j) => (((i + 1) >> j % 5) & 1 ? c.toUpperCase() : c)).join('') }),
      );
      assert.equal(new Set(variants.map((u) => u.email)).size, 20);
      const results = await Promise.allSettled(variants.map((u) => users.create(u)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [variants[i]!] : []));
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof EmailTakenError, String(r.reason));
      assert.deepEqual(await users.getByEmail(base), won[0]);
      for (const u of variants) if (u !== won[0]) assert.equal(await users.getById(u.userId), undefined);
    });

    test('list yields every account exactly once over many pages', async () => {
      const created = Array.from({ length: 130 }, () => newUser());
      for (let i = 0; i < created.length; i += 10) await Promise.all(created.slice(i, i + 10).map((u) => users.create(u)));
      const listed = await collect(users.list());
      const ids = listed.map((u) => u.userId);
      assert.equal(new Set(ids).size, ids.length, 'no account is listed twice');
      const byId = new Map(listed.map((u) => [u.userId, u]));
      for (const u of created) assert.deepEqual(byId.get(u.userId), u);
      for (const u of listed) assert.match(u.userId, /^user_/);
    });

    test('delete removes the account everywhere and frees its email', async () => {
      const u = newUser();
      await users.create(u);
      await users.delete(u.userId);
      assert.equal(await users.getById(u.userId), undefined);
      assert.equal(await users.getByEmail(u.email), undefined);
      assert.equal((await collect(users.list())).some((x) => x.userId === u.userId), false);
      const again = newUser({ email: u.email.toLowerCase() });
      await users.create(again);
      assert.deepEqual(await users.getByEmail(u.email), again);
    });

    test('deleting an unknown or already deleted account is harmless', async () => {
      const u = newUser();
      await users.create(u);
      await users.delete(u.userId);
      await users.delete(u.userId);
      await users.delete(`user_${randomUUID()}`);
    });

    test('the last retail fetch is set, overwritten, and changes nothing else', async () => {
      const u = newUser();
      await users.create(u);
      await users.setLastRetailInvoiceFetch(u.userId, '2025-10-06T08:30:01.123456+00:00');
      assert.deepEqual(await users.getById(u.userId), { ...u, lastRetailInvoiceFetch: '2025-10-06T08:30:01.123456+00:00' });
      await users.setLastRetailInvoiceFetch(u.userId, '2025-10-13T06:00:00.000000+00:00');
      assert.deepEqual(await users.getByEmail(u.email), { ...u, lastRetailInvoiceFetch: '2025-10-13T06:00:00.000000+00:00' });
    });

    test('setting the last retail fetch of an unknown id creates no account', async () => {
      const id = `user_${randomUUID()}`;
      await users.setLastRetailInvoiceFetch(id, '2025-10-06T08:30:01.123456+00:00');
      assert.equal(await users.getById(id), undefined);
    });
  });
}
