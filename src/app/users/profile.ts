import type { UserRecord } from '../../ports/users.js';
import type { Deps } from '../deps.js';

export interface Profile {
  name: string;
  email: string;
  created_on: string;
  gmail_account_connected: boolean;
}

/** docs/flows.md#f4: any error reading the Gmail tokens counts as "not connected". */
export async function getProfile(deps: Pick<Deps, 'tokens'>, user: UserRecord): Promise<Profile> {
  const tokens = await deps.tokens.get(user.userId).catch(() => undefined);
  return {
    name: user.name,
    email: user.email,
    created_on: user.createdOn,
    gmail_account_connected: tokens !== undefined,
  };
}
