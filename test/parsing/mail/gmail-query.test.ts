import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GmailQueryError, matches, parseGmailQuery } from '../../../src/parsing/mail/gmail-query.js';

const wallenstam = 'Wallenstam Kundservice <kundservice@wallenstam.se>';
const at = (iso: string) => new Date(iso);

test('docs/flows.md#rental-queries back-fill query: sender and quoted subject, case-insensitive substring', () => {
  const q = parseGmailQuery('from:kundservice@wallenstam.se subject:"hyresavi"');
  assert.equal(q.matches({ from: wallenstam, subject: 'Hyresavi', date: at('2025-03-03T06:00:00Z') }), true);
  assert.equal(q.matches({ from: wallenstam, subject: 'Din HYRESAVI för mars' }), true);
  assert.equal(q.matches({ from: wallenstam, subject: 'Nyhetsbrev' }), false);
  assert.equal(q.matches({ from: 'Someone <kundservice@example.se>', subject: 'Hyresavi' }), false);
});

test('docs/flows.md#rental-queries latest query: after: includes its whole day (midnight PST)', () => {
  const q = parseGmailQuery('from:kundservice@wallenstam.se subject:"hyresavi" after:2025/03/01');
  // 2025-03-01 00:00 in Los Angeles is 08:00 UTC.
  assert.equal(q.matches({ from: wallenstam, subject: 'Hyresavi', date: at('2025-03-01T08:00:00Z') }), true);
  assert.equal(q.matches({ from: wallenstam, subject: 'Hyresavi', date: at('2025-03-01T07:59:59Z') }), false);
  assert.equal(q.matches({ from: wallenstam, subject: 'Hyresavi' }), false, 'undated mail never matches a date term');
});

test('docs/flows.md#receipt-queries retail example: before: excludes its day, phrases with non-ASCII letters', () => {
  const q = parseGmailQuery('from:domino@dominos.se subject:"Tack for din beställning" after:2025/09/06 before:2025/10/06');
  const msg = (iso: string, subject = 'Tack for din beställning #123') => ({ from: "Domino's <domino@dominos.se>", subject, date: at(iso) });
  assert.equal(q.matches(msg('2025-09-06T07:00:00Z')), true); // 00:00 PDT on the 6th
  assert.equal(q.matches(msg('2025-09-06T06:59:59Z')), false);
  assert.equal(q.matches(msg('2025-10-06T06:59:59Z')), true); // last second of the 5th in PDT
  assert.equal(q.matches(msg('2025-10-06T07:00:00Z')), false); // the end day itself is excluded
  assert.equal(q.matches(msg('2025-09-20T12:00:00Z', 'Tack for din order')), false);
});

test('case folding covers non-ASCII letters', () => {
  assert.equal(matches('subject:"din beställning"', { from: '', subject: 'DIN BESTÄLLNING' }), true);
});

test('docs/flows.md#receipt-queries several senders and keyword groups with OR and parentheses', () => {
  const q = parseGmailQuery(
    '(from:order@foodora.se OR from:info@foodora.com) (subject:"Din beställning" OR (subject:"kvitto" subject:"foodora")) after:2025/01/01 before:2025/02/01',
  );
  const d = at('2025-01-15T12:00:00Z');
  assert.equal(q.matches({ from: 'foodora <info@foodora.com>', subject: 'Din beställning är på väg', date: d }), true);
  assert.equal(q.matches({ from: 'foodora <order@foodora.se>', subject: 'Ditt kvitto från Foodora', date: d }), true);
  assert.equal(q.matches({ from: 'foodora <order@foodora.se>', subject: 'Ditt kvitto', date: d }), false, 'AND group needs both words');
  assert.equal(q.matches({ from: 'x <news@foodora.se>', subject: 'Din beställning', date: d }), false);
});

test('operator groups, explicit AND, negation, bare words and aliases', () => {
  const t = { from: 'Shop <a@shop.se>', subject: 'Order 42 shipped', date: at('2024-06-10T12:00:00Z') };
  assert.equal(matches('from:(b@x.se OR a@shop.se)', t), true);
  assert.equal(matches('from:shop AND subject:order', t), true);
  assert.equal(matches('subject:order -subject:shipped', t), false);
  assert.equal(matches('shipped', t), true, 'bare words look in From and Subject');
  assert.equal(matches('newer:2024/06/10 older:2024/06/11', t), true);
  assert.equal(matches('after:1717977600', t), true, 'epoch seconds are exact instants');
  assert.equal(matches('after:1718100000', t), false);
  assert.equal(matches('subject:e-mail', { from: '', subject: 'Your e-mail receipt' }), true, 'a hyphen inside a word is not negation');
  assert.equal(matches('', t), true, 'empty query matches everything');
  assert.equal(matches('or', { from: '', subject: 'for you' }), true, 'lower-case or is a word');
});

test('bad queries fail with a clear GmailQueryError', () => {
  for (const q of ['after:2025/13/01', 'after:yesterday', 'before:2025/02/30', '(from:a', 'from:a)', 'label:INBOX', 'from:', 'a OR', '()']) {
    assert.throws(() => parseGmailQuery(q), GmailQueryError, q);
  }
});

test('an explicit time zone moves day boundaries', () => {
  const q = parseGmailQuery('after:2025/03/01', { timeZone: 'Europe/Stockholm' });
  assert.equal(q.matches({ from: '', subject: '', date: at('2025-02-28T23:00:00Z') }), true);
  assert.equal(q.matches({ from: '', subject: '', date: at('2025-02-28T22:59:59Z') }), false);
});
