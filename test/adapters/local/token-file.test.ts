import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTokenFile } from '../../../src/adapters/local/token-file.js';
import { sampleTokens } from '../../contract/token-vault.contract.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pp-token-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newFile = () => path.join(dir, `tokens-${n++}.enc.json`);

test('the token file never holds a token, or any other secret field, in clear', async () => {
  const file = newFile();
  const tokens = sampleTokens();
  await createTokenFile({ file, key: randomBytes(32) }).put('user_1', tokens);
  const bytes = readFileSync(file);
  assert.ok(bytes.length > 0);
  for (const secret of [tokens.access_token, tokens.refresh_token!, tokens.google_email, 'ya29.', 'access_token']) {
    assert.equal(bytes.includes(Buffer.from(secret)), false, `${secret} is not in the file`);
    assert.equal(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64'))), false, `${secret} is not in it base64-encoded`);
  }
});

test('a file written with one key cannot be read with another', async () => {
  const file = newFile();
  await createTokenFile({ file, key: randomBytes(32) }).put('user_1', sampleTokens());
  await assert.rejects(createTokenFile({ file, key: randomBytes(32) }).get('user_1'));
});

test('the same key reads the file back after a restart', async () => {
  const file = newFile();
  const key = randomBytes(32);
  const tokens = sampleTokens();
  await createTokenFile({ file, key }).put('user_1', tokens);
  assert.deepEqual(await createTokenFile({ file, key }).get('user_1'), tokens);
});

test("one user's sealed entry cannot be passed off as another user's", async () => {
  const file = newFile();
  const key = randomBytes(32);
  await createTokenFile({ file, key }).put('user_1', sampleTokens());
  const content = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, string> };
  content.entries.user_2 = content.entries.user_1!;
  writeFileSync(file, JSON.stringify(content));
  await assert.rejects(createTokenFile({ file, key }).get('user_2'));
});

test('an entry cut short (a shortened authentication tag) is refused, not read', async () => {
  const file = newFile();
  const key = randomBytes(32);
  await createTokenFile({ file, key }).put('user_1', sampleTokens());
  const content = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, string> };
  content.entries.user_1 = Buffer.from(content.entries.user_1!, 'base64').subarray(0, 20).toString('base64');
  writeFileSync(file, JSON.stringify(content));
  await assert.rejects(createTokenFile({ file, key }).get('user_1'));
});
