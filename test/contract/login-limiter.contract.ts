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
    /** `times` attempts, each of which must be let through (and stays counted). */
    const fail = async (limiter: LoginLimiter, key: string, times: number) => {
      for (let i = 0; i < times; i++) assert.equal(await limiter.reserve(key), 0, `attempt ${i + 1} of ${times}`);
    };

    test('a key without failures may try', async () => {
      const { limiter } = setup();
      assert.equal(await limiter.reserve(account()), 0);
    });

    test('reaching the limit blocks until the window that opened at the first attempt ends', async () => {
      const { limiter, at } = setup();
      const key = account();
      await fail(limiter, key, 2);
      at(10);
      await fail(limiter, key, 1);
      at(10.5);
      assert.equal(await limiter.reserve(key), 890, 'seconds left, rounded up');
      at(899.2);
      assert.equal(await limiter.reserve(key), 1, 'a refused attempt is not counted and does not extend the window');
    });

    test('each key prefix has its own limit', async () => {
      const { limiter } = setup();
      const [acc, cli] = [account(), client()];
      await fail(limiter, acc, 3);
      await fail(limiter, cli, 3);
      assert.ok((await limiter.reserve(acc)) > 0, 'account: blocks at 3');
      await fail(limiter, cli, 2);
      assert.ok((await limiter.reserve(cli)) > 0, 'client: blocks at 5');
    });

    test('keys are counted apart', async () => {
      const { limiter } = setup();
      const [a, b] = [account(), account()];
      await fail(limiter, a, 3);
      await fail(limiter, b, 2);
      assert.ok((await limiter.reserve(a)) > 0);
      await fail(limiter, b, 1);
    });

    test('release gives one attempt back; reset forgets them all', async () => {
      const { limiter } = setup();
      const key = account();
      await fail(limiter, key, 3);
      await limiter.release(key);
      await fail(limiter, key, 1);
      assert.ok((await limiter.reserve(key)) > 0);
      await limiter.reset(key);
      await fail(limiter, key, 3);
      assert.ok((await limiter.reserve(key)) > 0);
      await limiter.reset(account()); // a key never seen is fine
      await limiter.release(account());
      const fresh = account();
      await limiter.release(fresh); // never below zero
      await fail(limiter, fresh, 3);
      assert.ok((await limiter.reserve(fresh)) > 0);
    });

    test('a block ends with its window, and the next attempt opens a new one', async () => {
      const { limiter, at } = setup();
      const key = account();
      await fail(limiter, key, 3);
      at(WINDOW - 1);
      assert.ok((await limiter.reserve(key)) > 0);
      at(WINDOW);
      await fail(limiter, key, 3);
      at(WINDOW + 100);
      assert.equal(await limiter.reserve(key), WINDOW - 100, 'the new window opened at its first attempt');
    });

    test('the window is fixed: attempts either side of its end are not added up', async () => {
      const { limiter, at } = setup();
      const key = account();
      await fail(limiter, key, 2);
      at(WINDOW + 1);
      await fail(limiter, key, 3);
    });

    test('keys of any length are counted, each apart', async () => {
      const { limiter } = setup();
      const long = `account:${'x'.repeat(5000)}${randomUUID()}@example.se`;
      const sibling = `${long.slice(0, -1)}f`;
      await fail(limiter, long, 3);
      assert.ok((await limiter.reserve(long)) > 0);
      assert.equal(await limiter.reserve(sibling), 0);
    });

    test('concurrent attempts: exactly the limit gets through, in an open window and when a new one opens', async () => {
      const { clock, at } = fakeClock();
      const limiter = subject.make({ clock, windowSeconds: WINDOW, maxFailures: () => 20 });
      const key = account();
      const round = async () => (await Promise.all(Array.from({ length: 40 }, () => limiter.reserve(key)))).filter((w) => w === 0).length;
      assert.equal(await round(), 20, 'the window opens under contention');
      assert.equal(await round(), 0, 'full');
      at(WINDOW + 5);
      assert.equal(await round(), 20, 'a new window');
      const other = account();
      await fail(limiter, other, 5);
      assert.equal((await Promise.all(Array.from({ length: 40 }, () => limiter.reserve(other)))).filter((w) => w === 0).length, 15, 'an open window with room');
    });
  });
}
