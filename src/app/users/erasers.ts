import type { GoogleIdentity } from '../../ports/google-identity.js';
import type { TokenVault } from '../../ports/token-vault.js';
import type { UserDataEraser } from '../../ports/user-data.js';
import type { Logger } from '../../runtime/log.js';

/** Revokes the Gmail grant at Google when reachable, then removes the stored tokens. */
export function gmailTokensEraser(tokens: TokenVault, google: GoogleIdentity, log: Logger): UserDataEraser {
  return {
    name: 'gmail-tokens',
    failureMessage: 'Error deleting Gmail credentials',
    async eraseUser(userId) {
      const stored = await tokens.get(userId).catch(() => undefined);
      const token = stored?.refresh_token ?? stored?.access_token;
      if (token) {
        await google.revoke(token).catch((err: Error) => log.warn('gmail token revoke failed', { user_id: userId, error: err }));
      }
      await tokens.delete(userId);
    },
  };
}
