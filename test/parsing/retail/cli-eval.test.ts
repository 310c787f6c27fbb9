import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRetailCommand } from '../../../src/cli/commands/parse-retail.js';
import { evalRetail, normaliseVendor } from '../../../src/eval/retail.js';
import { NON_RECEIPTS, RECEIPTS } from './fixtures.js';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'retail-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ext = { eml: '.eml', html: '.html', txt: '.txt' } as const;

describe('paypulse parse retail', () => {
  it('prints the base and detail rows for .eml, .html and .txt files', async () => {
    for (const f of RECEIPTS.filter((r) => ['foodora', 'dominos'].includes(r.vendorId ?? '') || r.kind === 'txt')) {
      const file = path.join(dir, `in${ext[f.kind]}`);
      writeFileSync(file, f.content);
      const out: string[] = [];
      const args = [file, '--subtype', f.subType, ...(f.vendorId ? ['--vendor', f.vendorId] : [])];
      assert.equal(await parseRetailCommand(args, (s) => out.push(s)), 0, out.join('\n'));
      const printed = JSON.parse(out.join('\n')) as { stored: boolean; base: Record<string, unknown>; detail: Record<string, unknown> };
      assert.equal(printed.stored, true);
      assert.equal(printed.base.total_amount, f.expected.total_amount);
      assert.equal(printed.base.vendor_name, f.expected.vendor_name);
      assert.equal(printed.base.sub_type, f.subType);
      assert.equal(printed.detail.InvoiceID, printed.base.InvoiceID);
      assert.match(String(printed.base.s3_path), new RegExp(`^invoices/user_local/retail/${f.subType}/${f.vendorId ?? 'unknown'}_(?:\\d{4}-\\d{2}-\\d{2}|undated)_[0-9a-f]{8}\\.html$`));
      // A file without an email date never gets the file's time as its purchase date.
      if (String(printed.base.s3_path).includes('_undated_') && printed.base.invoice_date === undefined) assert.equal(printed.base.parse_status, 'needs_review');
    }
  });

  it('reports a non-receipt without rows', async () => {
    const file = path.join(dir, 'news.eml');
    writeFileSync(file, NON_RECEIPTS[0]!.content);
    const out: string[] = [];
    assert.equal(await parseRetailCommand([file], (s) => out.push(s)), 0);
    const printed = JSON.parse(out.join('\n')) as { stored: boolean; reason: string };
    assert.equal(printed.stored, false);
    assert.ok(printed.reason);
  });

  it('answers usage errors with exit code 2 and unreadable files with 1', async () => {
    const out: string[] = [];
    assert.equal(await parseRetailCommand([], (s) => out.push(s)), 2);
    assert.equal(await parseRetailCommand(['x.html', '--subtype', 'utilities'], (s) => out.push(s)), 2);
    assert.equal(await parseRetailCommand(['x.pdf'], (s) => out.push(s)), 2);
    assert.equal(await parseRetailCommand(['x.html', '--vendor'], (s) => out.push(s)), 2);
    assert.equal(await parseRetailCommand([path.join(dir, 'missing.html')], (s) => out.push(s)), 1);
    assert.ok(out.some((l) => l.includes('usage: paypulse parse retail')));
  });

  it('reads a Gmail API message saved as JSON (format raw)', async () => {
    const eml = [
      'From: Hooked Shop <orders@hooked.example>',
      'Subject: Your receipt',
      'Date: Tue, 4 Mar 2025 10:00:00 +0100',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Receipt</p><p>Total: 42,00 kr</p>',
    ].join('\r\n');
    const file = path.join(dir, 'msg.json');
    writeFileSync(file, JSON.stringify({ id: '18c2a', threadId: '18c2a', labelIds: ['INBOX'], raw: Buffer.from(eml).toString('base64url') }));
    const out: string[] = [];
    assert.equal(await parseRetailCommand([file], (s) => out.push(s)), 0);
    const printed = JSON.parse(out.join('\n')) as { base: { vendor_name: string; total_amount: number } };
    assert.deepEqual([printed.base.vendor_name, printed.base.total_amount], ['Hooked Shop', 42]);
  });
});

describe('evalRetail', () => {
  it('scores each field against expected.jsonl', async () => {
    const corpus = path.join(dir, 'corpus');
    mkdirSync(path.join(corpus, 'retail', 'own'), { recursive: true });
    const lines: string[] = [];
    const picked = RECEIPTS.filter((r) => !r.vendorId).slice(0, 6);
    picked.forEach((f, i) => {
      const file = `retail/own/r${i}${ext[f.kind]}`;
      writeFileSync(path.join(corpus, file), f.content);
      // The first record's expected total is deliberately wrong: the scorer must count it as a miss.
      const total = i === 0 ? f.expected.total_amount + 1 : f.expected.total_amount;
      lines.push(JSON.stringify({ file, ...f.expected, total_amount: total, order_id: f.expected.order_id ?? undefined, sub_type: f.subType, is_receipt: true, notes: '' }));
    });
    NON_RECEIPTS.slice(0, 3).forEach((f, i) => {
      const file = `retail/own/n${i}${ext[f.kind]}`;
      writeFileSync(path.join(corpus, file), f.content);
      lines.push(JSON.stringify({ file, sub_type: 'miscellaneous', is_receipt: false, notes: '' }));
    });
    writeFileSync(path.join(corpus, 'retail', 'expected.jsonl'), `${lines.join('\n')}\n`);
    const [report, ...more] = await evalRetail(corpus);
    assert.equal(more.length, 0);
    assert.ok(report);
    assert.equal(report.kind, 'retail');
    assert.equal(report.records, picked.length + 3);
    assert.deepEqual(report.fields.total_amount, { correct: picked.length - 1, total: picked.length });
    assert.deepEqual(report.fields.vendor_name, { correct: picked.length, total: picked.length });
    assert.deepEqual(report.fields.invoice_date, { correct: picked.length, total: picked.length });
    assert.deepEqual(report.fields['is_receipt.rejected_non_receipts'], { correct: 3, total: 3 });
    assert.deepEqual(report.fields['is_receipt.kept_receipts'], { correct: picked.length, total: picked.length });
    assert.ok(report.notes?.some((n) => n.includes('total_amount expected')));

    // Per source and leave-one-source-out: a second source whose sender has a shipped rule set.
    mkdirSync(path.join(corpus, 'retail', 'ruled'), { recursive: true });
    const ruled = RECEIPTS.find((r) => r.vendorId === 'foodora')!;
    writeFileSync(path.join(corpus, 'retail', 'ruled', 'f.eml'), ruled.content);
    lines.push(JSON.stringify({ file: 'retail/ruled/f.eml', ...ruled.expected, order_id: ruled.expected.order_id ?? undefined, sub_type: ruled.subType, is_receipt: true, notes: '' }));
    writeFileSync(path.join(corpus, 'retail', 'expected.jsonl'), `${lines.join('\n')}\n`);
    const reports = await evalRetail(corpus, { bySource: true });
    assert.deepEqual(reports.map((r) => r.kind.split(' (')[0]), [
      'retail', 'retail source own', 'retail source own, held out', 'retail source ruled', 'retail source ruled, held out', 'retail leave-one-source-out',
    ]);
    assert.equal(reports[1]!.records, picked.length + 3);
    assert.equal(reports[3]!.records, 1);
    const loso = reports[5]!;
    // The leave-one-source-out figure is the sum of the sources' held-out figures.
    assert.equal(loso.fields.total_amount!.correct, reports[2]!.fields.total_amount!.correct + reports[4]!.fields.total_amount!.correct);
    assert.equal(loso.fields['is_receipt.kept_receipts']!.total, picked.length + 1);
    assert.deepEqual(loso.fields.total_amount, { correct: picked.length, total: picked.length + 1 }, 'the wrong expected total stays a miss');
  });

  it('normalises vendor names by the documented rule', () => {
    assert.equal(normaliseVendor('Amazon.co.uk'), normaliseVendor('amazon'));
    assert.equal(normaliseVendor('Apple Inc.'), normaliseVendor('APPLE'));
    assert.equal(normaliseVendor("Domino's"), normaliseVendor('Dominos'));
    assert.equal(normaliseVendor('Åhléns AB'), 'ahlens');
    assert.notEqual(normaliseVendor('Bolt'), normaliseVendor('Bolt Food'));
  });
});
