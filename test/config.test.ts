/** The one declaration of settings (src/config.ts `SETTINGS`) against what reads and documents them. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadConfig, SETTINGS } from '../src/config.js';

const names = SETTINGS.map((s) => s.name as string);

test('SETTINGS declares exactly the variables loadConfig reads, once each', () => {
  const read = new Set<string>();
  loadConfig(new Proxy({}, { get: (_t, key) => void read.add(String(key)) }) as Record<string, string | undefined>);
  assert.deepEqual([...read].sort(), [...names].sort());
  assert.equal(new Set(names).size, names.length);
});

test('unset and empty settings take the declared default', () => {
  const fromDefaults = loadConfig(Object.fromEntries(SETTINGS.map((s) => [s.name, s.default])));
  assert.deepEqual(loadConfig({}), fromDefaults);
  assert.deepEqual(loadConfig(Object.fromEntries(names.map((n) => [n, '']))), fromDefaults);
});

test("the README's settings table names only declared settings, with their declared defaults", () => {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n\n', readme.indexOf('| variable |')));
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| variable'));
  assert.ok(rows.length > 10);
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  let checked = 0;
  for (const row of rows) {
    const [vars = '', defaults = ''] = row.split(' | ').map((c) => c.replace(/^\| /, ''));
    const rowNames = ticked(vars).filter((v) => /^[A-Z][A-Z0-9_]+$/.test(v));
    for (const n of rowNames) assert.ok(names.includes(n), `README documents ${n}, which is not a setting`);
    const values = ticked(defaults);
    if (values.length !== rowNames.length) continue; // prose defaults ("Google's", "the original names")
    rowNames.forEach((n, i) => assert.equal(values[i], SETTINGS.find((s) => s.name === n)!.default, n));
    checked += rowNames.length;
  }
  assert.ok(checked >= 15, `only ${checked} defaults compared`);
});

test('every setting is documented in the README or docs/', () => {
  const text = [readFileSync('README.md', 'utf8'), ...readdirSync('docs').map((f) => readFileSync(`docs/${f}`, 'utf8'))].join('\n');
  for (const n of names) assert.ok(text.includes(n), `${n} is documented nowhere`);
});
