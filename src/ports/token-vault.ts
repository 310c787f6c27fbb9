/**
 * A user's Gmail OAuth tokens, exactly the JSON of the `gmail/user/<user_id>` secret
 * (docs/data-model.md#secrets), so existing secrets are read unchanged.
 */
export interface GmailTokens {
  access_token: string;
  refresh_token?: string;
  /** Naive UTC ISO 8601, e.g. `2025-11-01T11:00:00.123456`. */
  expires_at: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer' | string;
  created_at: string;
  google_user_id: string;
  google_email: string;
  google_name: string;
  google_verified_email: boolean;
}

export interface TokenVault {
  /** `undefined` when the user never connected Gmail (or the tokens were removed). */
  get(userId: string): Promise<GmailTokens | undefined>;
  put(userId: string, tokens: GmailTokens): Promise<void>;
  /** Removes the tokens at once (no recovery window); absent is fine. */
  delete(userId: string): Promise<void>;
}
