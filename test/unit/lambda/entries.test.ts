import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entrySource } from '../../../src/runtime/lambda/entries.js';
import { grants, neededPorts, portProviders, startupSecrets } from '../../../src/runtime/lambda/ports.js';
import { manifest } from '../../../src/runtime/manifest.js';

const spec = (name: string) => manifest.find((f) => f.name === name)!;

describe('per-function composition from manifest resources', () => {
  it('signup gets users, limiter, passwords, JWT and erasers, and no Gmail token vault', () => {
    assert.deepEqual(neededPorts(spec('signup_user')).sort(), ['erasers', 'jwt', 'loginLimiter', 'passwords', 'users']);
    assert.deepEqual(startupSecrets(spec('signup_user')), ['jwt']);
  });

  it('password hashing and the login limiter only where accounts are looked up by email and written', () => {
    for (const f of manifest) {
      const ports = neededPorts(f);
      assert.equal(ports.includes('passwords'), ['signup_user', 'login_user'].includes(f.name), f.name);
      assert.equal(ports.includes('loginLimiter'), ['signup_user', 'login_user'].includes(f.name), f.name);
    }
  });

  it('get_user_profile reads users and the token vault, and cannot write users', () => {
    assert.deepEqual(neededPorts(spec('get_user_profile')).sort(), ['google', 'jwt', 'tokens', 'users']);
  });

  it('the generated entry imports only the needed provider modules and the secret loader when needed', () => {
    const src = entrySource(spec('get_user_profile'));
    assert.match(src, /import fn from '\.\/src\/functions\/users\/get_user_profile\.ts'/);
    assert.match(src, /providers\/tokens\.ts/);
    assert.doesNotMatch(src, /providers\/(passwords|login-limiter)\.ts/);
    assert.match(src, /loadSecrets: loadStartupSecrets/);
    const none = entrySource({ ...spec('get_user_profile'), resources: [{ kind: 'table', table: 'users', access: 'read' }] });
    assert.doesNotMatch(none, /secrets\.ts|loadSecrets/);
  });

  it('every port a function gets touches only what its manifest entry grants (code and IAM agree)', () => {
    for (const fn of manifest) {
      for (const port of neededPorts(fn)) {
        for (const t of portProviders[port].touches) assert.ok(grants(fn, t), `${fn.name}: port ${port} touches ${JSON.stringify(t)}`);
      }
    }
  });

  it('the check catches a port whose resources are not granted', () => {
    const profile = spec('get_user_profile');
    const weakened = { ...profile, resources: profile.resources.filter((r) => r.kind !== 'table') };
    assert.ok(neededPorts({ ...weakened, resources: [...weakened.resources, { kind: 'topic', access: 'publish' }] }).includes('notifier'));
    assert.ok(!portProviders.mailbox.touches.every((t) => grants(profile, t)));
  });
});
