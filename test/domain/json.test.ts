import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJsonText, withKeyOrder } from '../../src/domain/json.js';

test('toJsonText writes what JSON.stringify writes for unmarked values', () => {
  const values: unknown[] = [
    null,
    0,
    -0,
    289.5,
    9815,
    'a "quoted" \u2028 line',
    true,
    [1, undefined, () => 1, null, { a: undefined, b: [{}] }],
    { z: 1, 2024: 'x', 2025: 'y', a: { nested: [new Date(0)], skip: undefined }, n: Number.NaN },
    { toJSON: () => ({ replaced: true }) },
  ];
  for (const v of values) assert.equal(toJsonText(v), JSON.stringify(v));
  assert.equal(toJsonText(undefined), 'null');
});

test('withKeyOrder: marked objects keep the given key order, integer-like keys included; unknown keys follow', () => {
  const years = withKeyOrder({ 2024: [1], 2025: [2], 1900: [0], extra: true } as Record<string, unknown>, ['2025', '2024', '1900', '2025', 'gone']);
  assert.equal(toJsonText({ data: { invoices: years } }), '{"data":{"invoices":{"2025":[2],"2024":[1],"1900":[0],"extra":true}}}');
  // The mark is invisible otherwise: the object's own keys and deep equality are unchanged.
  assert.deepEqual(Object.keys(years), ['1900', '2024', '2025', 'extra']);
  assert.deepEqual(years, { 1900: [0], 2024: [1], 2025: [2], extra: true });
});
