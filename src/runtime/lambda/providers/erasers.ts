import { gmailTokensEraser } from '../../../app/users/erasers.js';
import type { UserDataEraser } from '../../../ports/user-data.js';
import { provider } from '../provider.js';

/**
 * The user-data erasers of this function: one per store whose port it has (delete_user's
 * manifest resources decide which). Same order as the local runtime. A new store adds its
 * eraser here, guarded by `ctx.has(<its port>)`.
 */
export default provider('erasers', (ctx) => {
  const out: UserDataEraser[] = [];
  if (ctx.has('tokens') && ctx.has('google')) out.push(gmailTokensEraser(ctx.deps.tokens, ctx.deps.google, ctx.deps.log));
  return out;
});
