import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/domain/errors.js';
import { route } from '../../../src/functions/auth/gmail_store_tokens.js';
import { decode } from '../../../src/http/route.js';
import { httpRequest } from '../../support/http-request.js';

const config = loadConfig({});
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const tokens = (body: string | undefined, headers: Record<string, string> = {}) =>
  decode(route, httpRequest({ method: 'POST', headers, ...(body !== undefined ? { body } : {}) }), config).body;
const fails = (body: string | undefined, headers: Record<string, string>, code: string, message: string) =>
  assert.throws(() => tokens(body, headers), (e: unknown) => e instanceof AppError && e.status === 400 && e.code === code && e.message === message, body);

test('the iOS form and a JSON body decode to the same tokens', () => {
  const form = 'access_token=+ya29.a+&refresh_token=1%2F%2Fr&scope%5B%5D=openid&scope%5B%5D=email&expires_in=1800&client_info%5Bplatform%5D=iOS&token_type=Bearer';
  assert.deepEqual(tokens(form, FORM), { accessToken: 'ya29.a', refreshToken: '1//r', expiresIn: 1800, scope: 'openid email' });
  assert.deepEqual(tokens(JSON.stringify({ access_token: 'ya29.a', refresh_token: ' ', scope: 'a b', email: { any: 1 } })), { accessToken: 'ya29.a', expiresIn: 3600, scope: 'a b' });
  assert.deepEqual(tokens(JSON.stringify({ access_token: 'a', expires_in: '', scope: null, refresh_token: null })), { accessToken: 'a', expiresIn: 3600, scope: '' });
  assert.deepEqual(tokens(JSON.stringify({ access_token: 'a', expires_in: '7200' })), { accessToken: 'a', expiresIn: 7200, scope: '' });
  assert.deepEqual(tokens('expires_in=&access_token=a', FORM), { accessToken: 'a', expiresIn: 3600, scope: '' });
});

test('missing and malformed tokens: the spec codes per media type', () => {
  fails(undefined, {}, 'MISSING_FIELDS', 'Request body is empty');
  fails(undefined, FORM, 'MISSING_FIELDS', 'Request body is empty');
  fails('{}', {}, 'MISSING_FIELDS', "Missing required field in request body: 'access_token'");
  fails('{"expires_in":0}', {}, 'MISSING_FIELDS', "Missing required field in request body: 'access_token'");
  fails('{', {}, 'INVALID_JSON', 'Invalid JSON in request body');
  // In a form, a missing token is a validation error (docs/api.md#connect-gmail).
  fails('refresh_token=r', FORM, 'INVALID_CREDENTIALS', 'Invalid OAuth tokens');
  const invalid = [
    '{"access_token":null}',
    '{"access_token":"  "}',
    `{"access_token":"${'a'.repeat(4097)}"}`,
    '{"access_token":"a","refresh_token":5}',
    '{"access_token":"a","expires_in":0}',
    '{"access_token":"a","expires_in":1.5}',
    '{"access_token":"a","expires_in":"soon"}',
    '{"access_token":"a","expires_in":31536001}',
    '{"access_token":"a","expires_in":true}',
    '{"access_token":"a","scope":[1]}',
    '{"access_token":"a","scope":{"x":1}}',
    `{"access_token":"a","scope":["${'s'.repeat(4096)}","t"]}`,
  ];
  for (const body of invalid) fails(body, {}, 'INVALID_CREDENTIALS', 'Invalid OAuth tokens');
  for (const body of ['access_token=a&access_token=b', 'access_token%5Bx%5D=1', 'access_token=a&scope%5Bx%5D=1']) fails(body, FORM, 'INVALID_CREDENTIALS', 'Invalid OAuth tokens');
});
