import * as z from 'zod/mini';
import { getProfile } from '../../app/users/profile.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { defineRoute } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';

export const route = defineRoute(() => ({
  data: z.object({ name: z.string(), email: z.string(), created_on: z.string(), gmail_account_connected: z.boolean() }),
}));

/** GET /v1/user/me */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  return ok(200, 'User profile retrieved successfully', await getProfile(deps, user));
});
