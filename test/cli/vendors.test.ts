import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMemoryDatabase } from '../../src/adapters/local/sqlite.js';
import { createSqliteVendors, seedSqliteVendorsIfEmpty, vendorsSchema } from '../../src/adapters/local/vendors.js';
import { seedVendors } from '../../src/app/vendors/seed.js';
import { vendorsCommand } from '../../src/cli/commands/vendors.js';

const NOW = new Date('2026-02-10T09:00:00.000Z');
function setup() {
  const db = openMemoryDatabase([vendorsSchema]);
  const seeded = seedSqliteVendorsIfEmpty(db, seedVendors('2026-01-01T00:00:00.000000+00:00'));
  const vendors = createSqliteVendors(db);
  const lines: string[] = [];
  const run = (...args: string[]) => vendorsCommand(args, (s) => lines.push(s), vendors, () => NOW);
  return { db, vendors, lines, run, seeded };
}

test('the seed: the seven known vendors active with senders, the other 24 inactive; loaded only into an empty table', async () => {
  const { db, vendors, seeded } = setup();
  assert.equal(seeded, 31);
  const active = await vendors.listActive();
  assert.deepEqual(active.map((v) => v.vendor_id), ['amazon.com', 'aws', 'dominos', 'elgiganten', 'foodora', 'ryanair', 'zalando']);
  assert.ok(active.every((v) => v.default_email_patterns.length > 0 && v.default_subject_keywords.length > 0));
  assert.deepEqual((await vendors.get('ryanair'))?.default_subject_keywords, ['Ryanair Travel Itinerary', 'Ryanair reseplan']);
  assert.equal((await vendors.get('british_airways'))?.active, false);
  await vendors.setActive('foodora', false, 'x');
  assert.equal(seedSqliteVendorsIfEmpty(db, seedVendors('later')), 0, 'an operator-changed table is never re-seeded');
  assert.equal((await vendors.get('foodora'))?.active, false);
});

test('vendors list / disable / enable', async () => {
  const { run, lines, vendors } = setup();
  assert.equal(await run('list'), 0);
  assert.match(lines[0]!, /^vendor_id\s+sub_type\s+active\s+senders\s+name$/);
  assert.ok(lines.some((l) => /^foodora\s+food-delivery\s+yes\s+1\s+Foodora$/.test(l)));
  assert.equal(await run('disable', 'foodora'), 0);
  assert.equal((await vendors.get('foodora'))?.active, false);
  assert.equal((await vendors.get('foodora'))?.updated_at, '2026-02-10T09:00:00.000000+00:00');
  assert.equal(await run('enable', 'foodora'), 0);
  assert.equal(await run('enable', 'nope'), 1);
  assert.equal(await run('enable', 'british_airways'), 1, 'no senders: enabling would do nothing');
  assert.equal(await run('enable'), 2);
});

test('vendors add: validation, never overwrites without --replace, keyword groups', async () => {
  const { run, vendors, lines } = setup();
  assert.equal(await run('add', 'british_airways', '--subtype', 'travel', '--sender', 'ba@email.ba.com'), 1);
  assert.match(lines.at(-1)!, /already exists/);
  assert.equal(
    await run('add', 'british_airways', '--replace', '--name', 'British Airways', '--subtype', 'travel', '--sender', 'ba@email.ba.com', '--subject-all', 'Your booking|confirmation', '--subject', 'e-ticket'),
    0,
  );
  const ba = (await vendors.get('british_airways'))!;
  assert.equal(ba.active, true);
  assert.equal(ba.created_at, '2026-01-01T00:00:00.000000+00:00', 'created_at kept on replace');
  assert.deepEqual(ba.default_subject_keywords, [{ keywords: ['Your booking', 'confirmation'], logic: 'AND' }, 'e-ticket']);
  assert.equal(await run('add', 'New Shop', '--subtype', 'grocery', '--sender', 'a@b.se'), 2, 'ids are lower-case without spaces');
  assert.equal(await run('add', 'x/y', '--subtype', 'grocery', '--sender', 'a@b.se'), 2);
  assert.equal(await run('add', 'ica', '--subtype', 'food', '--sender', 'a@b.se'), 2);
  assert.equal(await run('add', 'ica', '--subtype', 'grocery'), 2);
  assert.equal(await run('add', 'ica', '--subtype', 'grocery', '--sender', 'not an address'), 2);
  assert.equal(await run('add', 'ica', '--subtype', 'grocery', '--sender', 'kvitto@ica.se', '--inactive'), 0);
  assert.equal((await vendors.get('ica'))?.active, false);
  assert.equal(await run('frobnicate'), 2);
});
