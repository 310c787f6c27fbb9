import * as z from 'zod/mini';
import { login } from '../../app/auth/login.js';
import { errors } from '../../domain/errors.js';
import { ok } from '../../http/envelope.js';
import { decode, defineRoute, isMissing, requiredText } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';
import { sessionData } from '../schemas.js';

export const route = defineRoute(() => ({
  body: { schema: z.object({ email: requiredText(), password: requiredText() }) },
  data: sessionData,
  invalid: (issues) => {
    const i = issues[0]!;
    // A malformed credential is a wrong credential: same answer, nothing revealed.
    return isMissing(i) ? errors.missingFields(`Missing key: '${i.field}'`) : errors.invalidCredentials();
  },
}));

/** POST /v1/auth/login */
export default httpFunction(async (req, deps) => {
  const { body } = decode(route, req, deps.config);
  const session = await login(deps, { ...body, clientAddress: req.sourceIp });
  return ok(200, 'Login successful!', session);
});
