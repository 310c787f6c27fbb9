import { login } from '../../app/auth/login.js';
import { errors } from '../../domain/errors.js';
import { bodyText, jsonObject, requiredString } from '../../http/body.js';
import { ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

const fields = {
  missing: (k: string) => errors.missingFields(`Missing key: '${k}'`),
  // A malformed credential is a wrong credential: same answer, nothing revealed.
  invalid: () => errors.invalidCredentials(),
  max: 1024,
};

/** POST /v1/auth/login */
export default httpFunction(async (req, deps) => {
  const body = jsonObject(bodyText(req));
  const session = await login(deps, {
    email: requiredString(body, 'email', fields),
    password: requiredString(body, 'password', fields),
    clientAddress: req.sourceIp,
  });
  return ok(200, 'Login successful!', session);
});
