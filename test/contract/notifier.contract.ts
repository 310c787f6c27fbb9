/**
 * The Notifier contract (docs/compatibility.md#d10): de-duplication per (user, dedupe key), and every
 * notification reaches its owner only. `inbox(userId)` is what that user would receive: the
 * outbox rows or webhook posts locally, the SNS messages a subscription filtered on `user_id`
 * would pass on AWS.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { DependencyError } from '../../src/domain/errors.js';
import type { NotificationLog, Notifier } from '../../src/ports/notifier.js';

export interface NotifierHarness {
  notifier: Notifier & NotificationLog;
  inbox(userId: string): Promise<{ subject: string; message: string }[]>;
  /** Makes the next delivery fail (only where delivery can fail: a webhook, SNS). */
  failNextDelivery?: () => void;
}

const user = () => `user_${randomUUID()}`;
const note = (userId: string, dedupeKey: string, amount = 9815) => ({
  userId,
  dedupeKey,
  subject: 'New invoice available!',
  message: `New rental invoice of ${amount} SEK with due date of 31-03-2025 is now available!`,
});

export function notifierContract(open: () => NotifierHarness | Promise<NotifierHarness>): void {
  test('a notification is delivered once per dedupe key', async () => {
    const h = await open();
    const a = user();
    assert.equal(await h.notifier.notify(note(a, 'rental:Invoice_1')), true);
    assert.equal(await h.notifier.notify(note(a, 'rental:Invoice_1', 1)), false);
    assert.equal(await h.notifier.notify(note(a, 'rental:Invoice_2', 2)), true);
    assert.deepEqual(await h.inbox(a), [
      { subject: 'New invoice available!', message: note(a, '').message },
      { subject: 'New invoice available!', message: note(a, '', 2).message },
    ]);
  });

  test("each notification reaches its owner only; one user's dedupe key does not block another's", async () => {
    const h = await open();
    const a = user();
    const b = user();
    assert.equal(await h.notifier.notify(note(a, 'rental:Invoice_7', 100)), true);
    assert.equal(await h.notifier.notify(note(b, 'rental:Invoice_7', 200)), true);
    assert.deepEqual((await h.inbox(a)).map((m) => m.message), [note(a, '', 100).message]);
    assert.deepEqual((await h.inbox(b)).map((m) => m.message), [note(b, '', 200).message]);
    assert.deepEqual(await h.inbox(user()), []);
  });

  test("deleteForUser forgets that user's records only", async () => {
    const h = await open();
    const a = user();
    const b = user();
    await h.notifier.notify(note(a, 'k'));
    await h.notifier.notify(note(b, 'k'));
    await h.notifier.deleteForUser(a);
    // The record is gone, so the same key counts as new for a, still as sent for b.
    assert.equal(await h.notifier.notify(note(a, 'k')), true);
    assert.equal(await h.notifier.notify(note(b, 'k')), false);
  });

  test('a notification without user or dedupe key is refused', async () => {
    const h = await open();
    await assert.rejects(h.notifier.notify(note('', 'k')));
    await assert.rejects(h.notifier.notify(note(user(), '')));
  });
}

/** For adapters whose delivery can fail: the failure throws, and the retried event delivers. */
export function notifierRetryContract(open: () => NotifierHarness | Promise<NotifierHarness>): void {
  test('a failed delivery throws DependencyError and the retry delivers exactly once', async () => {
    const h = await open();
    assert.ok(h.failNextDelivery, 'the harness must be able to fail a delivery');
    const a = user();
    h.failNextDelivery();
    await assert.rejects(h.notifier.notify(note(a, 'rental:Invoice_3')), DependencyError);
    assert.deepEqual(await h.inbox(a), []);
    assert.equal(await h.notifier.notify(note(a, 'rental:Invoice_3')), true);
    assert.equal(await h.notifier.notify(note(a, 'rental:Invoice_3')), false);
    assert.equal((await h.inbox(a)).length, 1);
  });
}
