import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/ports/clock.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { composeDeps } from '../../../src/runtime/lambda/compose.js';
import { entrySource } from '../../../src/runtime/lambda/entries.js';
import { grants } from '../../../src/runtime/lambda/grants.js';
import { lambdaHandler } from '../../../src/runtime/lambda/handler.js';
import { manifest, type FunctionSpec, type Resource } from '../../../src/runtime/manifest.js';
import { checkPorts, depsFor, PORT_KEYS, portsOf, portTable, startupSecrets, type Touch } from '../../../src/runtime/ports.js';

const spec = (name: string) => manifest.find((f) => f.name === name)!;
const sorted = (f: FunctionSpec) => [...f.ports].sort();

/** Resources of `fn` that no touch of its listed ports names (an IAM grant nothing uses). */
function unusedGrants(fn: FunctionSpec): Resource[] {
  const touches: Touch[] = portsOf(fn).flatMap((p) => [...portTable[p].aws.touches, ...(portTable[p].aws.optional ?? [])]);
  const names = (r: Resource, t: Touch) =>
    r.kind === t.kind && (r.kind !== 'table' || (t.kind === 'table' && t.table === r.table)) && (r.kind !== 'secret' || (t.kind === 'secret' && t.secret === r.secret));
  return fn.resources.filter((r) => !touches.some((t) => names(r, t)));
}
/** Touches of `fn`'s listed ports that its resources do not grant. */
function ungranted(fn: FunctionSpec): string[] {
  return portsOf(fn).flatMap((p) => portTable[p].aws.touches.filter((t) => !grants(fn, t)).map((t) => `${p}: ${JSON.stringify(t)}`));
}

describe('declared ports per function', () => {
  it('signup gets users, passwords and JWT only', () => {
    assert.deepEqual(sorted(spec('signup_user')), ['jwt', 'passwords', 'users']);
    assert.deepEqual(startupSecrets(spec('signup_user')), ['jwt']);
  });

  it('only delete_user carries the erasers', () => {
    assert.deepEqual(manifest.filter((f) => f.ports.includes('erasers')).map((f) => f.name), ['delete_user']);
  });

  it('password hashing only where accounts are created or checked, the login limiter only at login', () => {
    for (const f of manifest) {
      assert.equal(f.ports.includes('passwords'), ['signup_user', 'login_user'].includes(f.name), f.name);
      assert.equal(f.ports.includes('loginLimiter'), f.name === 'login_user', f.name);
    }
  });

  it('get_user_profile reads users and the token vault, and has no Google identity client', () => {
    assert.deepEqual(sorted(spec('get_user_profile')), ['jwt', 'tokens', 'users']);
  });

  it('every listed port has both factories and what it uses is listed too', () => {
    for (const f of manifest) {
      assert.doesNotThrow(() => checkPorts(f, 'aws'), f.name);
      for (const p of f.ports) {
        assert.equal(typeof portTable[p].local.create, 'function', `${f.name}: ${p} local`);
        assert.ok(existsSync(portTable[p].aws.module), `${f.name}: ${p} aws module ${portTable[p].aws.module}`);
      }
    }
    // Every port of the table is used by some function (no dead wiring).
    assert.deepEqual(PORT_KEYS.filter((p) => !manifest.some((f) => f.ports.includes(p))), []);
  });

  it('a listed port whose dependencies are not listed fails the build, not the first request', () => {
    const broken = { ...spec('fetch_invoices'), ports: spec('fetch_invoices').ports.filter((p) => p !== 'tokens') };
    assert.throws(() => checkPorts(broken), /port 'mailbox' needs port 'tokens'/);
    assert.throws(() => entrySource(broken), /port 'mailbox' needs port 'tokens'/);
    assert.throws(() => checkPorts({ name: 'twice', ports: ['users', 'users'] }), /listed twice/);
  });

  it('the generated entry imports only the listed provider modules and the secret loader when needed', () => {
    const src = entrySource(spec('get_user_profile'));
    assert.match(src, /import fn from '\.\/src\/functions\/users\/get_user_profile\.ts'/);
    assert.match(src, /providers\/tokens\.ts/);
    assert.doesNotMatch(src, /providers\/(passwords|login-limiter|google-identity|erasers)\.ts/);
    assert.match(src, /loadStartupSecrets\(\["jwt"\], config\)/);
    const none = entrySource({ ...spec('get_user_profile'), ports: ['users'] });
    assert.doesNotMatch(none, /secrets\.ts|loadSecrets/);
    assert.match(entrySource(spec('fetch_invoices')), /loadStartupSecrets\(\["jwt","googleClientId"\], config\)/);
  });
});

describe('code and IAM agree', () => {
  it('every port a function lists touches only what its resources grant', () => {
    for (const fn of manifest) assert.deepEqual(ungranted(fn), [], fn.name);
  });

  it('every resource a function is granted is touched by one of its listed ports', () => {
    for (const fn of manifest) assert.deepEqual(unusedGrants(fn), [], fn.name);
  });

  it('the checks catch a missing grant and a grant nothing uses', () => {
    const profile = spec('get_user_profile');
    assert.deepEqual(ungranted({ ...profile, resources: profile.resources.filter((r) => r.kind !== 'secret' || r.secret !== 'gmailTokens') }), [
      'tokens: {"kind":"secret","secret":"gmailTokens"}',
    ]);
    assert.deepEqual(unusedGrants({ ...profile, resources: [...profile.resources, { kind: 'topic', access: 'publish' }] }), [{ kind: 'topic', access: 'publish' }]);
  });
});

describe('Lambda composition', () => {
  const base = { spec: spec('get_user_profile'), config: loadConfig({}), clock: systemClock, log: silentLogger, secrets: {} };

  it('builds exactly the given ports, at once and in order, as a plain object', () => {
    const built: string[] = [];
    const deps = composeDeps(base, [
      ['tokens', () => (built.push('tokens'), { marker: 'vault' }) as never],
      ['mailbox', (ctx) => (built.push('mailbox'), { vault: ctx.port('tokens') }) as never],
    ]);
    assert.deepEqual(built, ['tokens', 'mailbox']);
    assert.deepEqual(Object.keys(deps).sort(), ['clock', 'config', 'log', 'mailbox', 'tokens']);
    assert.deepEqual((deps.mailbox as unknown as { vault: unknown }).vault, { marker: 'vault' });
    assert.equal('users' in deps, false, 'an unlisted port is absent');
    assert.throws(() => deps.users, /port 'users' is not available to get_user_profile: its manifest entry does not list it/);
  });

  it('a provider reading a port not built before it fails the build with the reason', () => {
    assert.throws(() => composeDeps(base, [['mailbox', (ctx) => ctx.port('tokens') as never]]), /port 'tokens' is used before it is built/);
  });

  it('a handler whose providers differ from the listed ports fails at import', () => {
    const fn = { http: async () => ({ statusCode: 200, body: '' }) };
    assert.throws(() => lambdaHandler('get_user_profile', fn, { providers: [] }), /do not match the ports its manifest entry lists \[jwt, tokens, users\]/);
  });
});

describe('local composition', () => {
  it("a function's view of the shared local deps has only its listed ports; other fields pass through", () => {
    const shared = { config: 1, users: 'u', tokens: 't', documentParser: 'pool' };
    const view = depsFor(spec('get_rental_invoice'), shared);
    assert.equal(view.users, 'u');
    assert.equal(view.documentParser, 'pool');
    assert.equal('tokens' in view, false);
    assert.throws(() => view.tokens, /port 'tokens' is not available to get_rental_invoice: its manifest entry does not list it/);
  });
});
