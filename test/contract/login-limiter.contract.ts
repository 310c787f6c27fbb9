/** The behaviour every `LoginLimiter` adapter must show (ARCHITECTURE property 4). */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { failureLimit } from '../../src/adapters/local/login-limiter.js';
import type { Clock } from '../../src/ports/clock.js';
import type { LoginLimiter } from '../../src/ports/login-limiter.js';

export interface LimiterOptions {
  clock: Clock;
  windowSeconds: number;
  maxFailures: (key: string) => number;
}

export interface LoginLimiterSubject {
  /** A limiter on the adapter's shared store; tests keep apart by using fresh keys. */
  make(opts: LimiterOptions): LoginLimiter;
  close(): Promise<void>;
}

const WINDOW = 900;
const T0 = Date.parse('2026-01-10T12:00:00Z');

function fakeClock() {
  let t = T0;
  return { clock: { now: () => new Date(t) }, at: (seconds: number) => void (t = T0 + seconds * 1000) };
}

const account = () => `account:${randomUUID()}@example.se`;
const client = () => `client:10.${Math.floor(Math.random() * 255)}.${randomUUID()}`;

export function loginLimiterContract(adapter: string, open: () => Promise<LoginLimiterSubject>): void {
  describe(`LoginLimiter contract: ${adapter}`, () => {
    let subject: LoginLimiterSubject;
    before(async () => {
      subject = await open();
    });
    after(() => subject.close());

    const setup = (limits = { maxFailuresPerAccount: 3, maxFailuresPerClient: 5 }) => {
      const { clock, at } = fakeClock();
      const limiter = subject.make({ clock, windowSeconds: WINDOW, maxFailures: failureLimit(limits) });
      return { limiter, at };
    };
    const fail = async (limiter: LoginLimiter, key: string, times: number) => {
      for (let i = 0; i < times; i++) await limiter.recordFailure(key);
    };

    test('a key without failures may try', async () => {
      const { limiter } = setup();
      assert.equal(await limiter.blockedFor(account()), 0);
    });

    test('reaching the limit blocks until the window that opened at the first failure ends', async () => {
      const { limiter, at } = setup();
      const key = account();
      await fail(limiter, key, 2);
      at(10);
      assert.equal(await limiter.blockedFor(key), 0, 'below the limit');
      await limiter.recordFailure(key);
      at(10.5);
      assert.equal(await limiter.blockedFor(key), 890, 'seconds left, rounded up');
      at(899.2);
      assert.equal(await limiter.blockedFor(key), 1);
    });

    test('each key prefix has its own limit', async () => {
      const { limiter } = setup();
      const [acc, cli] = [account(), client()];
      await fail(limiter, acc, 3);
      await fail(limiter, cli, 3);
      assert.ok((await limiter.blockedFor(acc)) > 0, 'account: blocks at 3');
      assert.equal(await limiter.blockedFor(cli), 0, 'client: allows 5');
      await fail(limiter, cli, 2);
      assert.ok((await limiter.blockedFor(cli)) > 0);
    });

    test('keys are counted apart', async () => {
      const { limiter } = setup();
      const [a, b] = [account(), account()];
      await fail(limiter, a, 3);
      await fail(limiter, b, 2);
      assert.ok((await limiter.blockedFor(a)) > 0);
      assert.equal(await limiter.blockedFor(b), 0);
    });

    test('reset unblocks at once and the count starts again', async () => {
      const { limiter } = setup();
      const key = account();
      await fail(limiter, key, 3);
      await limiter.reset(key);
      assert.equal(await limiter.blockedFor(key), 0);
      await fail(limiter, key, 2);
      assert.equal(await limiter.blockedFor(key), 0);
      await limiter.recordFailure(key);
      assert.ok((await limiter.blockedFor(key)) > 0);
      await limiter.reset(account()); // a key never seen is fine
    });

    test('a block ends with its window, and the next failure opens a new one', async () => {
      const { limiter, at } = setup();
      const key = account();
      await fail(limiter, key, 5);
      at(WINDOW - 1);
      assert.ok((await limiter.blockedFor(key)) > 0);
      at(WINDOW);
      assert.equal(await limiter.blockedFor(key), 0);
      await fail(limiter, key, 2);
      assert.equal(await limiter.blockedFor(key), 0, 'old failures do not count');
      await limiter.recordFailure(key);
      at(WINDOW + 100);
      assert.equal(await limiter.blockedFor(key), WINDOW - 100, 'the new window opened at its first failure');
    });

    test('the window is fixed: failures either side of its end are not added up', async () => {
      const { limiter, at } = setup();
      const key = account();
      await limiter.recordFailure(key);
      at(WINDOW - 1);
      await limiter.recordFailure(key);
      at(WINDOW + 1);
      await limiter.recordFailure(key);
      assert.equal(await limiter.blockedFor(key), 0);
    });

    test('keys of any length are counted, each apart', async () => {
      const { limiter } = setup();
      const long = `account:${'x'.repeat(5000)}${randomUUID()}@example.se`;
      const sibling = `${long.slice(0, -1)}f`;
      await fail(limiter, long, 3);
      assert.ok((await limiter.blockedFor(long)) > 0);
      assert.equal(await limiter.blockedFor(sibling), 0);
    });

    test('concurrent failures are all counted, in an open window and when a new one opens', async () => {
      let limit = 10;
      const { clock, at } = fakeClock();
      const limiter = subject.make({ clock, windowSeconds: WINDOW, maxFailures: () => limit });
      const key = account();
      await Promise.all(Array.from({ length: 10 }, () => limiter.recordFailure(key)));
      assert.ok((await limiter.blockedFor(key)) > 0, '10 counted');
      limit = 11;
      assert.equal(await limiter.blockedFor(key), 0, 'not more than 10');
      at(WINDOW + 5);
      await Promise.all(Array.from({ length: 7 }, () => limiter.recordFailure(key)));
      limit = 7;
      assert.ok((await limiter.blockedFor(key)) > 0, '7 counted in the new window');
      limit = 8;
      assert.equal(await limiter.blockedFor(key), 0, 'the old 10 are gone');
    });
  });
}
