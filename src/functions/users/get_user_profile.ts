import { getProfile } from '../../app/users/profile.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

/** GET /v1/user/me */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  return ok(200, 'User profile retrieved successfully', await getProfile(deps, user));
});
