/**
 * Mutated PDFs (byte flips, truncation, splices, deletions, duplications) from the generator,
 * with a seeded PRNG so a failure is reproducible. Every input must give a typed outcome:
 * an item with the iOS shape, or a skip reason. No exception may escape.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RENT_NOTICE_LAYOUTS, renderRentNotice, sampleRentNotice, seededRandom } from '../../../src/demo/rent-notice-pdf.js';
import { parseRentalPdf } from '../../../src/parsing/rental/rental-item.js';
import { assertIosShape, OPTS } from './helpers.js';

const CASES = 1000;
const SKIP_REASONS = new Set(['empty', 'not_pdf', 'too_large', 'too_many_pages', 'encrypted', 'corrupt', 'no_text', 'no_rent_fields']);

function mutate(base: Uint8Array, other: Uint8Array, rand: () => number): Uint8Array {
  const at = (n: number) => Math.floor(rand() * n);
  const out = base.slice();
  switch (at(5)) {
    case 0: // flip 1–16 random bytes
      for (let i = 0, n = 1 + at(16); i < n; i++) out[at(out.length)] = at(256);
      return out;
    case 1: // truncate
      return out.slice(0, at(out.length));
    case 2: { // splice a chunk of another notice in
      const from = at(other.length);
      const chunk = other.slice(from, from + 1 + at(400));
      const pos = at(out.length);
      return new Uint8Array([...out.slice(0, pos), ...chunk, ...out.slice(pos)]);
    }
    case 3: { // delete a range
      const pos = at(out.length);
      return new Uint8Array([...out.slice(0, pos), ...out.slice(pos + 1 + at(300))]);
    }
    default: { // duplicate a range in place
      const pos = at(out.length);
      const chunk = out.slice(pos, pos + 1 + at(300));
      return new Uint8Array([...out.slice(0, pos), ...chunk, ...out.slice(pos)]);
    }
  }
}

test(`fuzz: ${CASES} mutated notices never throw`, async (t) => {
  const rand = seededRandom(20250301);
  const bases = await Promise.all(
    RENT_NOTICE_LAYOUTS.flatMap((l) => [0, 1].map(() => renderRentNotice(sampleRentNotice(l, rand)))),
  );
  const outcomes = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const base = bases[i % bases.length]!;
    const input = mutate(base, bases[(i + 1) % bases.length]!, rand);
    let res;
    try {
      res = await parseRentalPdf(input, OPTS);
    } catch (err) {
      assert.fail(`case ${i} threw: ${(err as Error).stack}`);
    }
    if ('item' in res) {
      assertIosShape(res.item);
      outcomes.set(`item:${String(res.item.parse_status)}`, (outcomes.get(`item:${String(res.item.parse_status)}`) ?? 0) + 1);
    } else {
      assert.ok(SKIP_REASONS.has(res.skipped), res.skipped);
      outcomes.set(res.skipped, (outcomes.get(res.skipped) ?? 0) + 1);
    }
  }
  t.diagnostic(`outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  // The mutations must exercise both paths, or the fuzz test proves nothing.
  assert.ok((outcomes.get('corrupt') ?? 0) > 0, JSON.stringify([...outcomes]));
  assert.ok([...outcomes.keys()].some((k) => k.startsWith('item:')), JSON.stringify([...outcomes]));
});
