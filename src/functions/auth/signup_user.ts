import { signup } from '../../app/auth/signup.js';
import { errors } from '../../domain/errors.js';
import { bodyText, jsonObject, requiredString } from '../../http/body.js';
import { ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

const fields = {
  missing: (k: string) => errors.missingFields(`Missing key in request body: '${k}'`),
  invalid: (k: string) => errors.invalidCredentials(`Invalid value for '${k}'`, 400),
  max: 1024,
};

/** POST /v1/auth/signup */
export default httpFunction(async (req, deps) => {
  const body = jsonObject(bodyText(req));
  const session = await signup(deps, {
    email: requiredString(body, 'email', fields),
    name: requiredString(body, 'name', fields),
    password: requiredString(body, 'password', fields),
  });
  return ok(201, 'Signup successful!', session);
});
