/** What Google's userinfo endpoint says about the owner of an access token. */
export interface GoogleAccount {
  /** `sub` of the v3 userinfo response (the original read `id`, which v3 does not return). */
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

export class GoogleTokenRejected extends Error {
  constructor(readonly status: number) {
    super(`Google rejected the access token (HTTP ${status})`);
    this.name = 'GoogleTokenRejected';
  }
}

export interface GoogleIdentity {
  /** Throws `GoogleTokenRejected` when Google refuses the token, `DependencyError` when Google is unreachable. */
  userinfo(accessToken: string): Promise<GoogleAccount>;
  /** Revokes a token at Google; best effort (used when an account is deleted). */
  revoke(token: string): Promise<void>;
}
