import { DependencyError } from '../../domain/errors.js';
import type { GmailTokens, TokenVault } from '../../ports/token-vault.js';
import { guardPort } from '../guard.js';
import type { SecretsManager } from './client/secrets-manager.js';

const errorName = (err: unknown) => (err as { name?: string }).name;

/** The secret's JSON with exactly the docs/data-model.md#secrets fields, in that order; nothing else leaks in. */
export function tokensToSecretString(t: GmailTokens): string {
  return JSON.stringify({
    access_token: t.access_token,
    ...(t.refresh_token !== undefined ? { refresh_token: t.refresh_token } : {}),
    expires_at: t.expires_at,
    expires_in: t.expires_in,
    scope: t.scope,
    token_type: t.token_type,
    created_at: t.created_at,
    google_user_id: t.google_user_id,
    google_email: t.google_email,
    google_name: t.google_name,
    google_verified_email: t.google_verified_email,
  });
}

/**
 * Gmail tokens in the original per-user secrets (`<prefix><user_id>`, normally `gmail/user/`),
 * so secrets written by the original backend are read unchanged and vice versa.
 */
export function createSecretsTokenVault(opts: { client: SecretsManager; prefix: string }): TokenVault {
  const { client } = opts;
  const nameOf = (userId: string) => `${opts.prefix}${userId}`;
  const call = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (err) {
      throw new DependencyError('secretsmanager', err);
    }
  };

  return guardPort('tokens', {
    async get(userId) {
      let secret: string | undefined;
      try {
        secret = (await client.getSecretValue({ SecretId: nameOf(userId) })).SecretString;
      } catch (err) {
        // Never stored, or deleted with a recovery window (the value is unreadable until restored).
        if (errorName(err) === 'ResourceNotFoundException' || errorName(err) === 'InvalidRequestException') return undefined;
        throw new DependencyError('secretsmanager', err);
      }
      try {
        const parsed: unknown = JSON.parse(secret ?? '');
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
        return parsed as GmailTokens;
      } catch (err) {
        throw new DependencyError('secretsmanager', err);
      }
    },

    async put(userId, tokens) {
      const SecretId = nameOf(userId);
      const SecretString = tokensToSecretString(tokens);
      const putValue = () => client.putSecretValue({ SecretId, SecretString });
      try {
        await putValue();
        return;
      } catch (err) {
        if (errorName(err) === 'InvalidRequestException') {
          // Scheduled for deletion: the user reconnected, so bring the secret back and overwrite it.
          await call(() => client.restoreSecret({ SecretId }));
          await call(putValue);
          return;
        }
        if (errorName(err) !== 'ResourceNotFoundException') throw new DependencyError('secretsmanager', err);
      }
      try {
        await client.createSecret({ Name: SecretId, SecretString });
      } catch (err) {
        // Another request created it first: write our value as a new version (last write wins).
        if (errorName(err) !== 'ResourceExistsException') throw new DependencyError('secretsmanager', err);
        await call(putValue);
      }
    },

    async delete(userId) {
      try {
        await client.deleteSecret({ SecretId: nameOf(userId), ForceDeleteWithoutRecovery: true });
      } catch (err) {
        if (errorName(err) !== 'ResourceNotFoundException') throw new DependencyError('secretsmanager', err);
      }
    },
  });
}
