import * as z from 'zod/mini';
import { deleteUser } from '../../app/users/delete-user.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { defineRoute } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';

export const route = defineRoute(() => ({ data: z.null() }));

/** DELETE /v1/user/me */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  await deleteUser(deps, user.userId);
  return ok(200, `All data for user ${user.userId} deleted successfully!`, null);
});
