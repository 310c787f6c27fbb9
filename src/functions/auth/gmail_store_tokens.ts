import { storeGmailTokens, type StoreTokensInput } from '../../app/auth/store-gmail-tokens.js';
import { errors } from '../../domain/errors.js';
import { STORE_TOKENS_AUTH_MESSAGES, authenticate } from '../../http/auth.js';
import { bodyText, formObject, isForm, jsonObject } from '../../http/body.js';
import { ok } from '../../http/envelope.js';
import type { HttpRequest } from '../../http/types.js';
import { httpFunction } from '../../runtime/function.js';

const MAX_TOKEN = 4096;
const invalidTokens = () => errors.invalidCredentials('Invalid OAuth tokens', 400);

/** Decodes the JSON or form body the iOS app sends (docs/api.md#connect-gmail). */
export function decodeStoreTokens(req: HttpRequest): StoreTokensInput {
  const text = bodyText(req);
  if (text === undefined) throw errors.missingFields('Request body is empty');
  const form = isForm(req);
  const body = form ? formObject(text) : jsonObject(text);
  if (!form && !('access_token' in body)) {
    throw errors.missingFields("Missing required field in request body: 'access_token'");
  }
  const access = body.access_token;
  if (typeof access !== 'string' || access.trim() === '' || access.length > MAX_TOKEN) throw invalidTokens();

  const refresh = body.refresh_token;
  if (refresh !== undefined && refresh !== null && (typeof refresh !== 'string' || refresh.length > MAX_TOKEN)) {
    throw invalidTokens();
  }

  let expiresIn = 3600;
  const rawExpires = body.expires_in;
  if (rawExpires !== undefined && rawExpires !== null && rawExpires !== '') {
    const n = typeof rawExpires === 'number' ? rawExpires : typeof rawExpires === 'string' ? Number(rawExpires) : NaN;
    if (!Number.isInteger(n) || n <= 0 || n > 31_536_000) throw invalidTokens();
    expiresIn = n;
  }

  const rawScope = body.scope;
  let scope = '';
  if (Array.isArray(rawScope)) {
    if (!rawScope.every((s) => typeof s === 'string')) throw invalidTokens();
    scope = rawScope.join(' ');
  } else if (typeof rawScope === 'string') scope = rawScope;
  else if (rawScope !== undefined && rawScope !== null) throw invalidTokens();
  if (scope.length > MAX_TOKEN) throw invalidTokens();

  return {
    accessToken: access.trim(),
    ...(typeof refresh === 'string' && refresh.trim() !== '' ? { refreshToken: refresh.trim() } : {}),
    expiresIn,
    scope,
  };
}

/** POST /v1/auth/gmail/store-tokens */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps, STORE_TOKENS_AUTH_MESSAGES);
  const result = await storeGmailTokens(deps, user.userId, decodeStoreTokens(req));
  return ok(201, 'Gmail OAuth tokens stored successfully!', result);
});
