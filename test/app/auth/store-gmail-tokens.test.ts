import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { storeGmailTokens } from '../../../src/app/auth/store-gmail-tokens.js';
import { createTokenFile } from '../../../src/adapters/local/token-file.js';
import { DependencyError } from '../../../src/domain/errors.js';
import { GoogleTokenRejected, type GoogleAccount, type GoogleIdentity } from '../../../src/ports/google-identity.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { answers } from '../../support/failures.js';

/** A GoogleIdentity that knows a fixed set of access tokens (our own port, not Google). */
function identity(accounts: Record<string, GoogleAccount | 'down'>): GoogleIdentity {
  return {
    async userinfo(token) {
      const a = accounts[token];
      if (a === 'down') throw new DependencyError('google.userinfo');
      if (!a) throw new GoogleTokenRejected(401);
      return a;
    },
    async revoke() {},
  };
}

const maja: GoogleAccount = { id: '1001', email: 'maja.berg@gmail.com', name: 'Maja', emailVerified: true };
const other: GoogleAccount = { id: '2002', email: 'maja.work@gmail.com', name: 'Maja W', emailVerified: true };

function deps() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-tokens-'));
  const tokens = createTokenFile({ file: path.join(dir, 't.json'), key: Buffer.alloc(32, 1) });
  const d: Parameters<typeof storeGmailTokens>[0] = {
    clock: { now: () => new Date('2025-11-01T10:00:00.123Z') },
    log: silentLogger,
    tokens,
    google: identity({ 'ya29.maja': maja, 'ya29.maja2': maja, 'ya29.other': other, 'ya29.down': 'down' }),
  };
  return d;
}
const input = (accessToken: string, refreshToken?: string) => ({
  accessToken,
  ...(refreshToken ? { refreshToken } : {}),
  expiresIn: 3599,
  scope: 'https://www.googleapis.com/auth/gmail.readonly',
});

test('first connection stores the docs/data-model.md#secrets secret fields from userinfo sub/email_verified', async () => {
  const d = deps();
  const r = await storeGmailTokens(d, 'user_1', input('ya29.maja', '1//refresh'));
  assert.deepEqual(r, { google_email: maja.email, scope: input('x').scope, account_switch: false, message: 'First Gmail connection' });
  assert.deepEqual(await d.tokens.get('user_1'), {
    access_token: 'ya29.maja',
    refresh_token: '1//refresh',
    expires_at: '2025-11-01T10:59:59.123000',
    expires_in: 3599,
    scope: 'https://www.googleapis.com/auth/gmail.readonly',
    token_type: 'Bearer',
    created_at: '2025-11-01T10:00:00.123000',
    google_user_id: '1001',
    google_email: 'maja.berg@gmail.com',
    google_name: 'Maja',
    google_verified_email: true,
  });
});

test('a reconnect of the same account without a refresh token keeps the stored one (D9)', async () => {
  const d = deps();
  await storeGmailTokens(d, 'user_1', input('ya29.maja', '1//refresh'));
  const r = await storeGmailTokens(d, 'user_1', input('ya29.maja2'));
  assert.equal(r.message, 'Same Google account or first connection');
  assert.equal(r.account_switch, false);
  const stored = await d.tokens.get('user_1');
  assert.equal(stored?.access_token, 'ya29.maja2');
  assert.equal(stored?.refresh_token, '1//refresh');
});

test('switching Google accounts is reported and the old account refresh token is not kept', async () => {
  const d = deps();
  await storeGmailTokens(d, 'user_1', input('ya29.maja', '1//refresh'));
  const r = await storeGmailTokens(d, 'user_1', input('ya29.other'));
  assert.deepEqual([r.account_switch, r.message], [true, 'Switching from maja.berg@gmail.com to maja.work@gmail.com']);
  assert.equal((await d.tokens.get('user_1'))?.refresh_token, undefined);
});

test('a token Google refuses is 400 Invalid OAuth tokens; Google down is 502; nothing stored', async () => {
  const d = deps();
  await assert.rejects(storeGmailTokens(d, 'user_1', input('ya29.unknown')), { code: 'INVALID_CREDENTIALS', status: 400, message: 'Invalid OAuth tokens' });
  await assert.rejects(
    storeGmailTokens(d, 'user_1', input('ya29.down')),
    answers({ code: 'DEPENDENCY_FAILURE', status: 502, message: 'Network error communicating with Google' }),
  );
  assert.equal(await d.tokens.get('user_1'), undefined);
});
