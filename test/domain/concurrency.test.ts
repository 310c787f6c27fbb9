import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachBounded, Semaphore } from '../../src/domain/concurrency.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

test('Semaphore: never more than max in flight, waiters served in arrival order, a failure frees its slot', async () => {
  const gate = new Semaphore(2);
  let active = 0;
  let peak = 0;
  const started: number[] = [];
  const release = new Map<number, () => void>();
  const runs = [0, 1, 2, 3, 4].map((i) =>
    gate.run(async () => {
      started.push(i);
      peak = Math.max(peak, ++active);
      await new Promise<void>((r) => release.set(i, r));
      active--;
      if (i === 1) throw new Error('boom');
      return i;
    }),
  );
  const settled = Promise.allSettled(runs);
  await tick();
  assert.deepEqual(started, [0, 1]);
  release.get(1)!(); // the failing one: its slot goes to the first waiter
  await tick();
  assert.deepEqual(started, [0, 1, 2]);
  release.get(0)!();
  await tick();
  assert.deepEqual(started, [0, 1, 2, 3]);
  release.get(2)!();
  await tick();
  release.get(3)!();
  await tick();
  release.get(4)!();
  const outcomes = await settled;
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
  assert.equal(peak, 2);
  assert.deepEqual(outcomes.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
});

test('forEachBounded: the first error stops new work and is thrown after the calls in flight settle', async () => {
  const seen: number[] = [];
  await assert.rejects(
    forEachBounded([1, 2, 3, 4, 5], 1, async (n) => {
      seen.push(n);
      if (n === 2) throw new Error('two');
    }),
    /two/,
  );
  assert.deepEqual(seen, [1, 2]);
});
