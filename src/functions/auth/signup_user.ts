import * as z from 'zod/mini';
import { signup } from '../../app/auth/signup.js';
import { errors } from '../../domain/errors.js';
import { ok } from '../../http/envelope.js';
import { decode, isMissing, requiredText, rule, defineRoute } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';
import { sessionData } from '../schemas.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Control characters (C0, DEL, C1) and the bidirectional controls (marks, embeddings, overrides,
 * isolates): invisible in a list of accounts, and an override makes a name or address read as
 * something else.
 */
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export const route = defineRoute((config) => {
  const { minLength, maxLength } = config.password;
  return {
    body: {
      schema: z.object({
        email: requiredText().check(
          z.trim(),
          rule((e: string) => e.length <= 254 && EMAIL.test(e) && !CONTROL.test(e), 'Invalid email address'),
          z.meta({ format: 'email', maxLength: 254, description: 'at most 254 characters once trimmed' }),
        ),
        // One spelling per name: a decomposed "å" and a precomposed one are stored alike.
        name: requiredText().check(
          z.trim(),
          z.normalize('NFC'),
          rule((n: string) => n.length <= 200 && !CONTROL.test(n), 'Invalid name'),
          z.meta({ maxLength: 200, description: 'at most 200 characters once trimmed, no control characters' }),
        ),
        // Counted in characters (code points), as JSON Schema's minLength/maxLength count them.
        password: requiredText().check(
          rule((p: string) => [...p].length >= minLength && [...p].length <= maxLength, `Password must be between ${minLength} and ${maxLength} characters`),
          z.meta({ minLength, maxLength }),
        ),
      }),
    },
    data: sessionData,
    // Every field's presence and type first, in field order; then the rules, in field order.
    invalid: (issues) => {
      const i = issues.find((x) => x.code !== 'custom');
      if (!i) return errors.invalidCredentials(issues[0]!.message, 400);
      return isMissing(i) ? errors.missingFields(`Missing key in request body: '${i.field}'`) : errors.invalidCredentials(`Invalid value for '${i.field}'`, 400);
    },
  };
});

/** POST /v1/auth/signup */
export default httpFunction(async (req, deps) => {
  const { body } = decode(route, req, deps.config);
  return ok(201, 'Signup successful!', await signup(deps, body));
});
