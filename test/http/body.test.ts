import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formObject, jsonObject } from '../../src/http/body.js';

test('form bodies as the iOS app sends them: scope[] arrays and client_info[...] objects', () => {
  const body = formObject(
    'access_token=ya29.a&refresh_token=1%2F%2Fr&scope%5B%5D=openid&scope%5B%5D=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fgmail.readonly' +
      '&expires_in=3600&client_info%5Bplatform%5D=iOS&client_info%5BappVersion%5D=1.4&token_type=Bearer',
  );
  assert.deepEqual(body, {
    access_token: 'ya29.a',
    refresh_token: '1//r',
    scope: ['openid', 'https://www.googleapis.com/auth/gmail.readonly'],
    expires_in: '3600',
    client_info: { platform: 'iOS', appVersion: '1.4' },
    token_type: 'Bearer',
  });
  assert.deepEqual(formObject('scope=a&scope=b'), { scope: ['a', 'b'] });
});

test('only a JSON object is a JSON body', () => {
  assert.deepEqual(jsonObject('{"a":1}'), { a: 1 });
  for (const bad of [undefined, '', 'null', '[]', '"s"', '12', '{', 'nope']) {
    assert.throws(() => jsonObject(bad), (e: { code?: string; status?: number }) => e.code === 'INVALID_JSON' && e.status === 400, String(bad));
  }
});

test('form keys never reach Object.prototype or inherited members (prototype pollution)', () => {
  const body = formObject('__proto__%5Baccess_token%5D=polluted&__proto__=x&constructor=y&toString=z&access_token=real');
  try {
    assert.equal(({} as Record<string, unknown>).access_token, undefined, 'Object.prototype polluted');
    assert.equal(Object.getPrototypeOf(body), Object.prototype);
    assert.deepEqual(body, { access_token: 'real', toString: 'z' }); // an own field: harmless
    // An absent field must not be found through the prototype either.
    assert.equal(formObject('__proto__%5Brefresh_token%5D=r').refresh_token, undefined);
  } finally {
    delete (Object.prototype as Record<string, unknown>).access_token;
    delete (Object.prototype as Record<string, unknown>).refresh_token;
  }
});
