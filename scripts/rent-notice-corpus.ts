/**
 * `tsx scripts/rent-notice-corpus.ts OUT_DIR [--first-seed N] [--per-layout N] [--layout L]`:
 * generated rent notices as an evaluation corpus for `paypulse eval OUT_DIR`.
 */
import { parseArgs } from 'node:util';
import { writeRentNoticeCorpus } from '../src/demo/rent-notice-corpus.js';
import { RENT_NOTICE_LAYOUTS, type RentNoticeLayout } from '../src/demo/rent-notice-pdf.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'first-seed': { type: 'string', default: '900000' }, 'per-layout': { type: 'string', default: '25' }, layout: { type: 'string', multiple: true } },
});
const dir = positionals[0];
const layouts = (values.layout ?? [...RENT_NOTICE_LAYOUTS]) as RentNoticeLayout[];
if (!dir || layouts.some((l) => !RENT_NOTICE_LAYOUTS.includes(l))) {
  process.stderr.write(`usage: tsx scripts/rent-notice-corpus.ts OUT_DIR [--first-seed N] [--per-layout N] [--layout ${RENT_NOTICE_LAYOUTS.join('|')}]...\n`);
  process.exit(2);
}
const n = await writeRentNoticeCorpus(dir, { layouts, firstSeed: Number(values['first-seed']), perLayout: Number(values['per-layout']) });
process.stdout.write(`${n} notices in ${dir}\n`);
