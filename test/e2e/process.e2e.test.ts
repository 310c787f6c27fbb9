import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { call } from '../support/local-server.js';

/** Starts the server the way `npm start` does and resolves with its URL from the startup log. */
function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/local/main.ts'], {
    env: { ...process.env, PAYPULSE_DATA_DIR: dataDir, PORT: '0', BCRYPT_COST: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"paypulse listening"'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
    child.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'pp-proc-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('the server starts on a fresh data dir, stops cleanly on SIGTERM/SIGINT and keeps every acknowledged write', async () => {
  const first = await start(dataDir);
  const signup = await call(first.url, 'POST', '/v1/auth/signup', { body: { name: 'Ada', email: 'ada@example.se', password: 'persisted-pass' } });
  assert.equal(signup.status, 201);
  assert.equal(await stop(first.child, 'SIGTERM'), 0);

  const second = await start(dataDir);
  const login = await call(second.url, 'POST', '/v1/auth/login', { body: { email: 'ada@example.se', password: 'persisted-pass' } });
  assert.equal(login.status, 200);
  // The signing key survived the restart too: the first token still works.
  assert.equal((await call(second.url, 'GET', '/v1/user/me', { token: signup.json.data.access_token })).status, 200);
  const spec = await call(second.url, 'GET', '/v1/openapi.json');
  assert.equal(spec.status, 200);
  assert.ok(spec.json.paths['/v1/auth/signup'].post);
  assert.equal(await stop(second.child, 'SIGINT'), 0);
});
