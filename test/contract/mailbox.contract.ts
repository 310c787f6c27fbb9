/**
 * The Mailbox port's contract: every adapter, given the same messages, answers the same way.
 * `factory` loads the messages (in order) into a fresh mailbox for one user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answers } from '../support/failures.js';
import { parseEmail } from '../../src/parsing/mail/email.js';
import type { Mailbox } from '../../src/ports/mailbox.js';
import { rawMail, SAMPLE } from '../support/mail.js';

export interface MailboxFixture {
  mailbox: Mailbox;
  userId: string;
  close(): Promise<void>;
}

export function mailboxContract(name: string, factory: (messages: Uint8Array[]) => Promise<MailboxFixture>): void {
  describe(`Mailbox contract: ${name}`, () => {
    const raws = SAMPLE.map(rawMail);
    let fx: MailboxFixture;
    const subjectsOf = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await parseEmail(await fx.mailbox.getRaw(fx.userId, id))).subject));
    const dateOf = async (id: string) => (await parseEmail(await fx.mailbox.getRaw(fx.userId, id))).date?.instant;

    before(async () => {
      fx = await factory(raws);
    });
    after(async () => {
      await fx?.close();
    });

    test('docs/flows.md#rental-queries back-fill query finds every rent notice, newest first', async () => {
      const ids = await fx.mailbox.search(fx.userId, 'from:kundservice@wallenstam.se subject:"hyresavi"');
      assert.equal(ids.length, 2);
      assert.deepEqual(await subjectsOf(ids), ['Hyresavi', 'Hyresavi']);
      assert.deepEqual(await Promise.all(ids.map(dateOf)), ['2025-03-03T06:00:00.000Z', '2025-02-03T06:00:00.000Z']);
    });

    test('getRaw returns the message bytes unchanged', async () => {
      const ids = await fx.mailbox.search(fx.userId, 'subject:"Nyhetsbrev mars"');
      assert.equal(ids.length, 1);
      assert.deepEqual(Buffer.from(await fx.mailbox.getRaw(fx.userId, ids[0]!)), Buffer.from(raws[2]!));
      const [march] = await fx.mailbox.search(fx.userId, 'from:kundservice@wallenstam.se subject:hyresavi after:2025/03/01');
      const email = await parseEmail(await fx.mailbox.getRaw(fx.userId, march!));
      assert.match(email.text ?? '', /From the landlord/, 'a body line starting with "From " survives');
      assert.equal(email.attachments[0]?.filename, 'Hyresavi 1306798108.pdf');
    });

    test('ids are stable across searches', async () => {
      const a = await fx.mailbox.search(fx.userId, 'from:dominos.se');
      const b = await fx.mailbox.search(fx.userId, 'from:dominos.se');
      assert.equal(a.length, 2);
      assert.deepEqual(a, b);
    });

    test('docs/flows.md#receipt-queries retail window: RFC 2047 subjects match decoded, before: excludes its day', async () => {
      const q = 'from:domino@dominos.se subject:"Tack for din beställning" after:2025/09/06 before:2025/10/06';
      // The 5 Oct 23:30 -0700 receipt is 6 Oct in UTC but still the 5th at Gmail's PST midnight.
      assert.deepEqual(await subjectsOf(await fx.mailbox.search(fx.userId, q)), ['Tack for din beställning #2', 'Tack for din beställning']);
      const narrow = 'from:domino@dominos.se after:2025/09/07 before:2025/10/05';
      assert.deepEqual(await fx.mailbox.search(fx.userId, narrow), []);
    });

    test('OR and parentheses across senders', async () => {
      const ids = await fx.mailbox.search(fx.userId, '(from:info@foodora.se OR from:domino@dominos.se) (subject:kvitto OR subject:"#2")');
      assert.deepEqual(await subjectsOf(ids), ['Tack for din beställning #2', 'Ditt kvitto från foodora']);
    });

    test('no match is an empty list; an empty query lists everything', async () => {
      assert.deepEqual(await fx.mailbox.search(fx.userId, 'from:nobody@example.com'), []);
      assert.equal((await fx.mailbox.search(fx.userId, '')).length, raws.length);
    });

    test('an unknown message id and an unusable query are 502 DEPENDENCY_FAILURE', async () => {
      const isDependency = answers({ status: 502, code: 'DEPENDENCY_FAILURE', message: 'Gmail API error' });
      await assert.rejects(fx.mailbox.getRaw(fx.userId, '0000000000000000'), isDependency);
      await assert.rejects(fx.mailbox.search(fx.userId, 'after:2025/13/45'), isDependency);
    });
  });
}
