/**
 * Writes generated rent notices as an evaluation corpus in the corpus README's format
 * (`invoices/<layout>/<n>.pdf` and `invoices/expected.jsonl`), so `paypulse eval` scores the
 * parser on notices drawn from seeds it was never tuned on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RENT_NOTICE_LAYOUTS, renderRentNotice, type RentNoticeLayout, sampleRentNotice, seededRandom, totalOf } from './rent-notice-pdf.js';

export interface CorpusOptions {
  layouts?: readonly RentNoticeLayout[];
  /** First seed; notice n of a layout uses seed `firstSeed + n` (mixed with the layout's index). */
  firstSeed: number;
  perLayout: number;
}

export async function writeRentNoticeCorpus(dir: string, opts: CorpusOptions): Promise<number> {
  const layouts = opts.layouts ?? RENT_NOTICE_LAYOUTS;
  const records: string[] = [];
  for (const layout of layouts) {
    await mkdir(path.join(dir, 'invoices', layout), { recursive: true });
    for (let n = 0; n < opts.perLayout; n++) {
      const seed = opts.firstSeed + n + 100_003 * RENT_NOTICE_LAYOUTS.indexOf(layout);
      const spec = sampleRentNotice(layout, seededRandom(seed));
      const file = `invoices/${layout}/${seed}.pdf`;
      await writeFile(path.join(dir, file), await renderRentNotice(spec));
      const major = (minor: number) => minor / 100;
      records.push(
        JSON.stringify({
          file,
          kind: 'rent_notice',
          total_amount: major(totalOf(spec)),
          currency: 'SEK',
          due_date: spec.dueDate,
          ...(spec.ocr !== undefined && { payment_reference: spec.ocr }),
          ...(spec.bankgiro !== undefined && { bankgiro: spec.bankgiro }),
          ...(spec.vat !== undefined && { vat_amount: major(spec.vat) }),
          line_items: spec.lines.map((l) => ({ label: l.label, amount: major(l.amount) })),
          language: 'sv',
          notes: `generated: layout ${layout}, seed ${seed}`,
        }),
      );
    }
  }
  await writeFile(path.join(dir, 'invoices', 'expected.jsonl'), `${records.join('\n')}\n`);
  return records.length;
}
