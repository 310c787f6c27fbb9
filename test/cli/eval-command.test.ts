import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evalCommand } from '../../src/cli/commands/eval.js';

test('eval scores every kind present in a corpus directory and prints per-field accuracy', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pp-corpus-'));
  mkdirSync(path.join(dir, 'payment-refs'));
  // Our own reference numbers: 7 digits with a valid Luhn check digit, and one altered.
  writeFileSync(
    path.join(dir, 'payment-refs', 'ocr.jsonl'),
    [
      { value: '1234566', kind: 'ocr', length_digit: false, valid: true, note: 'luhn ok' },
      { value: '1234567', kind: 'ocr', length_digit: false, valid: false, note: 'luhn wrong' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const lines: string[] = [];
  assert.equal(await evalCommand([dir], (s) => lines.push(s)), 0);
  assert.match(lines.join('\n'), /payment-refs: 2 records\n\s+ocr\s+2\/2\s+100\.0%/);

  const json: string[] = [];
  assert.equal(await evalCommand([dir, '--json'], (s) => json.push(s)), 0);
  assert.deepEqual(JSON.parse(json[0]!)[0].fields.ocr, { correct: 2, total: 2 });
  assert.equal(await evalCommand([path.join(dir, 'missing')], () => {}), 2);
});
