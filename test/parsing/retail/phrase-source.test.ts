import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phraseSource, phrases } from '../../../src/parsing/retail/lang/index.js';

// The plain longest-first alternation the merged pattern must behave exactly like.
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function alternation(ps: string[]): string {
  const uniq = [...new Set(ps.map((p) => p.toLowerCase().trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  return uniq.map((p) => p.split(/\s+/).map(escape).join('\\s+')).join('|');
}
const bounded = (src: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${src})(?![\\p{L}])`, 'iu');

test('merged phrase patterns match what a longest-first alternation matches, for every table', () => {
  const kinds = ['total', 'totalWeak', 'price', 'notTotal', 'subtotal', 'tax', 'delivery', 'discount', 'date', 'order', 'thanks', 'receiptFrom', 'signOff', 'legalForms', 'receipt', 'bankAlert', 'marketing'] as const;
  let checked = 0;
  for (const kind of kinds) {
    const ps = phrases(kind);
    const [want, got] = [bounded(alternation(ps)), bounded(phraseSource(ps))];
    for (const [i, p] of ps.entries()) {
      // The phrase itself, inside text, extended, cut short, shouted, widely spaced, and beside another.
      for (const t of [p, `x ${p} y`, `${p}s`, `a${p}`, p.slice(0, -1), `${p.toUpperCase()}:`, p.replace(/ /g, '   '), `${p} ${ps[(i * 7) % ps.length]}`]) {
        const [w, g] = [want.exec(t), got.exec(t)];
        assert.deepEqual([g?.index, g?.[0]], [w?.index, w?.[0]], `${kind}: ${JSON.stringify(t)}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 5000, `${checked} samples`);
});

test('prefixes shared by phrases: the longer phrase wins, the shorter still matches alone', () => {
  const re = bounded(phraseSource(['total', 'totalt', 'total charged', 'to pay']));
  assert.equal(re.exec('Total charged: 5')?.[0], 'Total charged');
  assert.equal(re.exec('Totalt 5')?.[0], 'Totalt');
  assert.equal(re.exec('Total 5')?.[0], 'Total');
  assert.equal(re.exec('totals 5'), null);
  assert.equal(re.exec('amount to   pay')?.[0], 'to   pay');
  assert.equal(phraseSource(['a.b', 'a+c']), 'a(?:\\.b|\\+c)');
});
