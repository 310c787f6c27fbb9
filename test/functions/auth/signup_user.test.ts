import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/domain/errors.js';
import { route } from '../../../src/functions/auth/signup_user.js';
import { decode } from '../../../src/http/route.js';
import { httpRequest } from '../../support/http-request.js';

const signupBody = (body: unknown, config = loadConfig({})) => decode(route, httpRequest({ method: 'POST', body: JSON.stringify(body) }), config).body;
const fails = (body: unknown, code: string, message: string, config = loadConfig({})) =>
  assert.throws(() => signupBody(body, config), (e: unknown) => e instanceof AppError && e.status === 400 && e.code === code && e.message === message, JSON.stringify(body));

test('every field is checked for presence and type before any rule, in field order', () => {
  fails({ name: 'A', password: 'abcdefgh' }, 'MISSING_FIELDS', "Missing key in request body: 'email'");
  fails({ email: null, name: 5, password: 'x' }, 'MISSING_FIELDS', "Missing key in request body: 'email'");
  fails({ email: 'bad', name: 5, password: 'x' }, 'INVALID_CREDENTIALS', "Invalid value for 'name'");
  fails({ email: 'bad', name: 'n', password: ' \t' }, 'INVALID_CREDENTIALS', "Invalid value for 'password'");
  fails({ email: 'bad', name: 'n', password: 'x'.repeat(1025) }, 'INVALID_CREDENTIALS', "Invalid value for 'password'");
  fails({ email: 'bad', name: 'n', password: 'short' }, 'INVALID_CREDENTIALS', 'Invalid email address');
  fails({ email: 'a@b.se', name: `Eve\u202Egpj.exe`, password: 'short' }, 'INVALID_CREDENTIALS', 'Invalid name');
  fails({ email: 'a@b.se', name: 'n'.repeat(201), password: 'correct horse' }, 'INVALID_CREDENTIALS', 'Invalid name');
  fails({ email: 'a@b.se', name: 'Eve', password: 'short' }, 'INVALID_CREDENTIALS', 'Password must be between 8 and 128 characters');
  fails({ email: `${'a'.repeat(250)}@b.se`, name: 'Eve', password: 'correct horse' }, 'INVALID_CREDENTIALS', 'Invalid email address');
});

test('the decoded input is trimmed, the name in NFC; the password limit is the configured one, in characters', () => {
  assert.deepEqual(signupBody({ email: ' maja@example.se ', name: ' Ma\u0301ja ', password: ' correct horse ' }), {
    email: 'maja@example.se',
    name: 'Mája',
    password: ' correct horse ',
  });
  const config = loadConfig({ PASSWORD_MAX_LENGTH: '20' });
  assert.equal(signupBody({ email: 'a@b.se', name: 'A', password: '😀'.repeat(20) }, config).password, '😀'.repeat(20));
  fails({ email: 'a@b.se', name: 'A', password: 'x'.repeat(21) }, 'INVALID_CREDENTIALS', 'Password must be between 8 and 20 characters', config);
});
