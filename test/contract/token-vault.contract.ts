/** The behaviour every `TokenVault` adapter must show (ARCHITECTURE property 4). */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { GmailTokens, TokenVault } from '../../src/ports/token-vault.js';

export interface TokenVaultSubject {
  vault: TokenVault;
  close(): Promise<void>;
}

/** Every docs/data-model.md#secrets field, with values shaped like the original's. */
export function sampleTokens(overrides: Partial<GmailTokens> = {}): GmailTokens {
  return {
    access_token: `ya29.${randomUUID()}`,
    refresh_token: `1//0g${randomUUID()}`,
    expires_at: '2025-11-01T11:00:00.123456',
    expires_in: 3599,
    scope: 'https://www.googleapis.com/auth/gmail.readonly openid',
    token_type: 'Bearer',
    created_at: '2025-11-01T10:00:01.123456',
    google_user_id: '109876543210987654321',
    google_email: 'maja.berg@gmail.com',
    google_name: 'Maja Berg',
    google_verified_email: true,
    ...overrides,
  };
}

const newUserId = () => `user_${randomUUID()}`;

export function tokenVaultContract(adapter: string, open: () => Promise<TokenVaultSubject>): void {
  describe(`TokenVault contract: ${adapter}`, () => {
    let subject: TokenVaultSubject;
    let vault: TokenVault;
    before(async () => {
      subject = await open();
      vault = subject.vault;
    });
    after(() => subject.close());

    test('a user who never connected Gmail has no tokens', async () => {
      assert.equal(await vault.get(newUserId()), undefined);
    });

    test('every field round-trips with its JSON type', async () => {
      const id = newUserId();
      const tokens = sampleTokens({ google_verified_email: false, google_name: 'Åsa Öberg' });
      await vault.put(id, tokens);
      assert.deepEqual(await vault.get(id), tokens);
    });

    test('tokens without a refresh token come back without one', async () => {
      const id = newUserId();
      const { refresh_token: _, ...rest } = sampleTokens();
      await vault.put(id, rest);
      const got = await vault.get(id);
      assert.deepEqual(got, rest);
      assert.equal('refresh_token' in got!, false);
    });

    test('a second put replaces the whole value', async () => {
      const id = newUserId();
      await vault.put(id, sampleTokens());
      const { refresh_token: _, ...second } = sampleTokens({ google_email: 'other@gmail.com', expires_in: 1200 });
      await vault.put(id, second);
      assert.deepEqual(await vault.get(id), second);
    });

    test("users' tokens are kept apart", async () => {
      const [a, b] = [newUserId(), newUserId()];
      const [ta, tb] = [sampleTokens(), sampleTokens()];
      await Promise.all([vault.put(a, ta), vault.put(b, tb)]);
      assert.deepEqual(await vault.get(a), ta);
      assert.deepEqual(await vault.get(b), tb);
    });

    test('delete removes the tokens, is idempotent, and a later put stores again', async () => {
      const id = newUserId();
      const other = newUserId();
      await vault.put(id, sampleTokens());
      await vault.put(other, sampleTokens());
      await vault.delete(id);
      assert.equal(await vault.get(id), undefined);
      await vault.delete(id);
      await vault.delete(newUserId());
      assert.notEqual(await vault.get(other), undefined, 'only that user is affected');
      const again = sampleTokens();
      await vault.put(id, again);
      assert.deepEqual(await vault.get(id), again);
    });

    test('concurrent first stores for one user both succeed and leave one whole value', async () => {
      const id = newUserId();
      const candidates = [sampleTokens(), sampleTokens(), sampleTokens()];
      await Promise.all(candidates.map((t) => vault.put(id, t)));
      const got = await vault.get(id);
      assert.ok(candidates.some((t) => JSON.stringify(t) === JSON.stringify(got)), 'one of the written values');
    });
  });
}
