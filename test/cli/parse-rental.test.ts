import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseRentalCommand } from '../../src/cli/commands/parse-rental.js';
import { renderRentNotice } from '../../src/demo/rent-notice-pdf.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paypulse-cli-'));
  const pdf = await renderRentNotice({
    layout: 'wallenstam',
    dueDate: '2025-03-31',
    ocr: '1306798107',
    lines: [{ label: 'Hyra', amount: 892000 }],
  });
  await writeFile(path.join(dir, 'Hyresavi_1306798107.pdf'), pdf);
  await writeFile(path.join(dir, 'note.pdf'), 'not a pdf');
});
after(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await parseRentalCommand(args, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

test('prints the item as pretty JSON, with and without the leading "rental"', async () => {
  const file = path.join(dir, 'Hyresavi_1306798107.pdf');
  for (const args of [['rental', file, '--user', 'user_9'], [file, '--user=user_9']]) {
    const { code, output } = await run(args);
    assert.equal(code, 0);
    assert.match(output, /\n {2}"/, 'pretty printed');
    const item = JSON.parse(output);
    assert.equal(item.UserID, 'user_9');
    assert.equal(item.InvoiceID, 'Invoice_1306798107');
    assert.equal(item['Total Amount'], 8920);
  }
});

test('skipped input and unreadable files exit 1, bad usage exits 2', async () => {
  const skipped = await run(['rental', path.join(dir, 'note.pdf')]);
  assert.equal(skipped.code, 1);
  assert.equal(JSON.parse(skipped.output).skipped, 'not_pdf');
  const missing = await run(['rental', path.join(dir, 'missing.pdf')]);
  assert.equal(missing.code, 1);
  assert.match(missing.output, /ENOENT/);
  for (const args of [[], ['rental'], ['a.pdf', 'b.pdf'], ['a.pdf', '--user'], ['a.pdf', '--verbose']]) {
    assert.equal((await run(args)).code, 2, JSON.stringify(args));
  }
});
