import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createSecretsTokenVault } from '../../src/adapters/aws/token-vault.js';
import { createTokenFile } from '../../src/adapters/local/token-file.js';
import { DependencyError } from '../../src/domain/errors.js';
import { startSecretsManager, type SecretsManagerHarness } from '../support/fake-secrets-manager.js';
import { sampleTokens, tokenVaultContract } from './token-vault.contract.js';

tokenVaultContract('encrypted token file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-tokens-'));
  return {
    vault: createTokenFile({ file: path.join(dir, 'gmail-tokens.enc.json'), key: randomBytes(32) }),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

tokenVaultContract('Secrets Manager (JSON 1.1 over HTTP)', async () => {
  const sm = await startSecretsManager();
  return { vault: createSecretsTokenVault({ client: sm.client, prefix: 'gmail/user/' }), close: () => sm.close() };
});

describe('Secrets Manager token vault on the original secrets', () => {
  let sm: SecretsManagerHarness;
  let vault: ReturnType<typeof createSecretsTokenVault>;
  before(async () => {
    sm = await startSecretsManager();
  });
  beforeEach(() => {
    sm.reset();
    vault = createSecretsTokenVault({ client: sm.client, prefix: 'gmail/user/' });
  });
  after(() => sm.close());
  const callsOf = (op: string) => sm.requests.filter((r) => r.op === op);

  test('the secret is gmail/user/<id>, holding exactly the docs/data-model.md#secrets JSON', async () => {
    const tokens = sampleTokens();
    await vault.put('user_1', tokens);
    assert.deepEqual([...sm.secrets.keys()], ['gmail/user/user_1']);
    const stored = JSON.parse(sm.secrets.get('gmail/user/user_1')!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(stored), [
      'access_token',
      'refresh_token',
      'expires_at',
      'expires_in',
      'scope',
      'token_type',
      'created_at',
      'google_user_id',
      'google_email',
      'google_name',
      'google_verified_email',
    ]);
    assert.deepEqual(stored, { ...tokens });
    assert.equal(typeof stored.expires_in, 'number');
    assert.equal(typeof stored.google_verified_email, 'boolean');
  });

  test('fields outside docs/data-model.md#secrets are not written', async () => {
    await vault.put('user_1', { ...sampleTokens(), id_token: 'eyJ...' } as ReturnType<typeof sampleTokens>);
    assert.equal('id_token' in JSON.parse(sm.secrets.get('gmail/user/user_1')!), false);
  });

  test('the first store creates the secret, later ones add a version', async () => {
    await vault.put('user_1', sampleTokens());
    await vault.put('user_1', sampleTokens());
    assert.equal(callsOf('CreateSecret').length, 1);
    assert.equal(sm.versionCount('gmail/user/user_1'), 2);
  });

  test('a secret written by the original Python backend is read unchanged', async () => {
    const python =
      '{"access_token": "ya29.a0Af", "expires_at": "2025-11-01T11:00:00.123456", "expires_in": 3599, ' +
      '"scope": "https://www.googleapis.com/auth/gmail.readonly", "token_type": "Bearer", ' +
      '"created_at": "2025-11-01T10:00:01.123456", "google_user_id": "1098", "google_email": "m@gmail.com", ' +
      '"google_name": "Maja", "google_verified_email": true}';
    sm.secrets.set('gmail/user/user_legacy', python);
    assert.deepEqual(await vault.get('user_legacy'), JSON.parse(python));
  });

  test('a secret scheduled for deletion reads as absent, and a new store restores it', async () => {
    sm.secrets.set('gmail/user/user_1', JSON.stringify(sampleTokens()));
    sm.scheduledForDeletion.add('gmail/user/user_1');
    assert.equal(await vault.get('user_1'), undefined);
    const fresh = sampleTokens();
    await vault.put('user_1', fresh);
    assert.deepEqual(await vault.get('user_1'), fresh);
    assert.equal(sm.scheduledForDeletion.has('gmail/user/user_1'), false);
    assert.deepEqual(sm.calls.slice(1, 4), ['PutSecretValue gmail/user/user_1', 'RestoreSecret gmail/user/user_1', 'PutSecretValue gmail/user/user_1']);
  });

  test('delete removes at once, without a recovery window', async () => {
    await vault.put('user_1', sampleTokens());
    await vault.delete('user_1');
    const [call] = callsOf('DeleteSecret');
    assert.deepEqual(call!.body, { SecretId: 'gmail/user/user_1', ForceDeleteWithoutRecovery: true });
    assert.equal(sm.secrets.has('gmail/user/user_1'), false);
    assert.equal(sm.scheduledForDeletion.has('gmail/user/user_1'), false);
  });

  test('losing the create race writes the value as a new version instead', async () => {
    const [a, b] = [sampleTokens(), sampleTokens()];
    // Both first reads miss: the fake answers them only once both have arrived.
    sm.holdNext(2);
    await Promise.all([vault.put('user_1', a), vault.put('user_1', b)]);
    assert.equal(callsOf('CreateSecret').length, 2);
    assert.equal(callsOf('PutSecretValue').length, 3, 'two misses, then the loser writes');
    assert.equal(sm.versionCount('gmail/user/user_1'), 2);
  });

  test('any other service failure is a DependencyError', async () => {
    await vault.put('user_1', sampleTokens());
    const ops: [string, () => Promise<unknown>][] = [
      ['tokens.get', () => vault.get('user_1')],
      ['tokens.put', () => vault.put('user_1', sampleTokens())],
      ['tokens.delete', () => vault.delete('user_1')],
    ];
    for (const [operation, op] of ops) {
      sm.failNext({ type: 'AccessDeniedException', message: 'not authorized' });
      await assert.rejects(
        op(),
        (err: unknown) => err instanceof DependencyError && err.operation === operation && (err.cause as Error).name === 'AccessDeniedException',
      );
    }
    assert.equal(sm.secrets.has('gmail/user/user_1'), true, 'the refused delete left the secret');
  });

  test('a throttled call is retried by the client and succeeds', async () => {
    const tokens = sampleTokens();
    await vault.put('user_1', tokens);
    sm.failNext({ type: 'ThrottlingException', message: 'Rate exceeded' });
    assert.deepEqual(await vault.get('user_1'), tokens);
    assert.equal(callsOf('GetSecretValue').length, 2);
  });

  test('a secret that is not a JSON object is a DependencyError, not tokens', async () => {
    sm.secrets.set('gmail/user/user_1', 'not json');
    await assert.rejects(vault.get('user_1'), DependencyError);
    sm.secrets.set('gmail/user/user_1', '"a string"');
    await assert.rejects(vault.get('user_1'), DependencyError);
  });
});
