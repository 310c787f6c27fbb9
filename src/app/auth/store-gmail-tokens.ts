import { errors } from '../../domain/errors.js';
import { naiveUtcIso } from '../../domain/time.js';
import { GoogleTokenRejected, type GoogleAccount } from '../../ports/google-identity.js';
import type { GmailTokens } from '../../ports/token-vault.js';
import type { Deps } from '../deps.js';

export interface StoreTokensInput {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  scope: string;
}

export interface StoreTokensResult {
  google_email: string;
  scope: string;
  account_switch: boolean;
  message: string;
}

/**
 * docs/flows.md#f3 with docs/compatibility.md#d9: the Google account is read from userinfo `sub`; a reconnect without a
 * refresh token keeps the stored one when the Google account is the same.
 */
export async function storeGmailTokens(deps: Pick<Deps, 'clock' | 'google' | 'log' | 'tokens'>, userId: string, input: StoreTokensInput): Promise<StoreTokensResult> {
  let account: GoogleAccount;
  try {
    account = await deps.google.userinfo(input.accessToken);
  } catch (err) {
    if (err instanceof GoogleTokenRejected) throw errors.invalidCredentials('Invalid OAuth tokens', 400);
    throw err;
  }

  // An unreadable old secret counts as a first connection (docs/flows.md#account-switch step 2).
  const previous = await deps.tokens.get(userId).catch(() => undefined);
  const sameAccount =
    previous !== undefined &&
    (previous.google_user_id ? previous.google_user_id === account.id : previous.google_email === account.email);

  let accountSwitch = false;
  let message: string;
  if (!previous) message = 'First Gmail connection';
  else if (previous.google_user_id && previous.google_user_id !== account.id) {
    accountSwitch = true;
    message = `Switching from ${previous.google_email} to ${account.email}`;
  } else message = 'Same Google account or first connection';

  const now = deps.clock.now();
  const refreshToken = input.refreshToken ?? (sameAccount ? previous?.refresh_token : undefined);
  const tokens: GmailTokens = {
    access_token: input.accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    expires_at: naiveUtcIso(new Date(now.getTime() + input.expiresIn * 1000)),
    expires_in: input.expiresIn,
    scope: input.scope,
    token_type: 'Bearer',
    created_at: naiveUtcIso(now),
    google_user_id: account.id,
    google_email: account.email,
    google_name: account.name,
    google_verified_email: account.emailVerified,
  };
  await deps.tokens.put(userId, tokens);
  deps.log.info('gmail tokens stored', { user_id: userId, account_switch: accountSwitch, has_refresh_token: !!refreshToken });
  return { google_email: account.email, scope: input.scope, account_switch: accountSwitch, message };
}
