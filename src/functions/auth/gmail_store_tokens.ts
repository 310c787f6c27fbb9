import * as z from 'zod/mini';
import { storeGmailTokens, type StoreTokensInput } from '../../app/auth/store-gmail-tokens.js';
import { errors } from '../../domain/errors.js';
import { STORE_TOKENS_AUTH_MESSAGES, authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { decode, defineRoute, requiredText } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';

const MAX_TOKEN = 4096;
const seconds = z.int().check(z.gte(1), z.lte(31_536_000));

/** The JSON or form body the iOS app sends (docs/api.md#connect-gmail); form values arrive as strings. */
const body = z.pipe(
  z.object({
    access_token: requiredText(MAX_TOKEN),
    refresh_token: z.optional(z.nullable(z.string().check(z.maxLength(MAX_TOKEN)))),
    expires_in: z.pipe(
      z.pipe(
        z.optional(z.nullable(z.union([seconds, z.string()]))).check(z.meta({ default: 3600 })),
        z.transform((v) => (v === undefined || v === null || v === '' ? 3600 : Number(v))),
      ),
      seconds,
    ),
    // An array of scopes is joined with single spaces; a string is kept as it is.
    scope: z.pipe(
      z.pipe(
        z.optional(z.nullable(z.union([z.string(), z.array(z.string())]))),
        z.transform((v) => (Array.isArray(v) ? v.join(' ') : (v ?? ''))),
      ),
      z.string().check(z.maxLength(MAX_TOKEN)),
    ),
    email: z.optional(z.unknown().check(z.meta({ description: 'read but not used: the Google account comes from Google' }))),
  }),
  z.transform(
    (b): StoreTokensInput => ({
      accessToken: b.access_token.trim(),
      ...(b.refresh_token?.trim() ? { refreshToken: b.refresh_token.trim() } : {}),
      expiresIn: b.expires_in,
      scope: b.scope,
    }),
  ),
);

export const route = defineRoute(() => ({
  body: { schema: body, form: true, absent: () => errors.missingFields('Request body is empty') },
  data: z.object({ google_email: z.string(), scope: z.string(), account_switch: z.boolean(), message: z.string() }),
  invalid: (issues) =>
    issues.some((i) => i.part === 'json' && i.field === 'access_token' && i.value === undefined)
      ? errors.missingFields("Missing required field in request body: 'access_token'")
      : errors.invalidCredentials('Invalid OAuth tokens', 400),
}));

/** POST /v1/auth/gmail/store-tokens */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps, STORE_TOKENS_AUTH_MESSAGES);
  const { body: tokens } = decode(route, req, deps.config);
  const result = await storeGmailTokens(deps, user.userId, tokens);
  return ok(201, 'Gmail OAuth tokens stored successfully!', result);
});
