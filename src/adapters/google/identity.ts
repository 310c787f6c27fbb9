import { DependencyError } from '../../domain/errors.js';
import { GoogleTokenRejected, type GoogleAccount, type GoogleIdentity } from '../../ports/google-identity.js';
import { guardPort } from '../guard.js';

/** Google's userinfo (v3) and revoke endpoints over fetch; URLs are configuration. */
export function createGoogleIdentity(opts: { userinfoUrl: string; revokeUrl: string; timeoutMs?: number }): GoogleIdentity {
  const timeout = opts.timeoutMs ?? 10_000;
  return guardPort('google', {
    async userinfo(accessToken) {
      let res: Response;
      try {
        res = await fetch(opts.userinfoUrl, {
          headers: { Authorization: `Bearer ${accessToken}` },
          signal: AbortSignal.timeout(timeout),
        });
      } catch (err) {
        throw new DependencyError('google-userinfo', err);
      }
      if (res.status >= 500) throw new DependencyError('google-userinfo', new Error(`HTTP ${res.status}`));
      if (!res.ok) throw new GoogleTokenRejected(res.status);
      const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      const id = typeof body?.sub === 'string' ? body.sub : '';
      if (!id) throw new GoogleTokenRejected(res.status);
      const account: GoogleAccount = {
        id,
        email: typeof body?.email === 'string' ? body.email : '',
        name: typeof body?.name === 'string' ? body.name : '',
        emailVerified: body?.email_verified === true || body?.email_verified === 'true',
      };
      return account;
    },
    async revoke(token) {
      const res = await fetch(opts.revokeUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
        signal: AbortSignal.timeout(timeout),
      });
      // 400 means Google no longer knows the token: nothing left to revoke.
      if (!res.ok && res.status !== 400) throw new DependencyError('google-revoke', new Error(`HTTP ${res.status}`));
    },
  }, [GoogleTokenRejected]);
}
