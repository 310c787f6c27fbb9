import { findDates, type FoundDate } from './dates.js';
import { firstMoney, type Money } from './money.js';

/**
 * Label → value search over document lines. A receipt prints a label and its value in the same
 * row (`Total: 289,50 kr`, `Total<td>$9.99`) or in the next block (`Confirmation code:` / `IUZWKS`).
 */
export interface LabelHit<T> {
  value: T;
  line: number;
  label: string;
  /** Index of the label pattern that matched (lower = more specific). */
  rank: number;
}

const VALUE_ONLY = /^[^A-Za-zÀ-ÿ]*$|^[A-Z]{3}\s?[\d.,\s]+$|^[\d.,\s]+\s?[A-Za-z]{2,3}\.?$/;

// The global copy of each exclusion pattern, compiled once rather than per call.
const globals = new WeakMap<RegExp, RegExp>();

/**
 * For each line matching one of `labels`, reads the value after the label, else from the next
 * `ahead` lines while they look like bare values. `parse` returns undefined when the text is no value.
 */
export function findLabeled<T>(
  lines: string[],
  labels: readonly RegExp[],
  parse: (s: string) => T | undefined,
  opts: { ahead?: number; exclude?: RegExp; valueLine?: RegExp; maxLineLength?: number; digitValue?: boolean } = {},
): LabelHit<T>[] {
  const ahead = opts.ahead ?? 2;
  const valueLine = opts.valueLine ?? VALUE_ONLY;
  const hits: LabelHit<T>[] = [];
  let exclude = opts.exclude && globals.get(opts.exclude);
  if (opts.exclude && !exclude) globals.set(opts.exclude, (exclude = new RegExp(opts.exclude.source, opts.exclude.flags.replace('g', '') + 'g')));
  // Amounts and dates have digits: a line with none in it or in the lines its value may sit on is skipped
  // before the (many-language) label patterns run, which keeps long padded emails fast.
  const digitAt = opts.digitValue ? lines.map((l) => /\d/.test(l)) : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > 2000) continue;
    if (digitAt && !digitAt.slice(i, i + ahead + 1).includes(true)) continue;
    for (let rank = 0; rank < labels.length; rank++) {
      const m = labels[rank]!.exec(line);
      if (!m) continue;
      // A label deep inside a long line is prose ("You earn 5x total points…"), not a label row.
      if (line.length > (opts.maxLineLength ?? 400) && m.index > 20) continue;
      if (exclude && excluded(exclude, line, m.index, m.index + m[0].length)) continue;
      const rest = line.slice(m.index + m[0].length);
      let value = parse(rest);
      // The value may sit in the next block: `Confirmation code:` / `IUZWKS`, `Amount paid on Feb 20` / `US$1,180.38`.
      if (value === undefined && rest.trim().length < 40 && !/\d\s*$/.test(rest.slice(0, 3))) {
        for (let j = i + 1; j <= i + ahead && j < lines.length && value === undefined; j++) {
          const next = lines[j]!;
          if (!valueLine.test(next) && j > i + 1) break;
          value = parse(next);
          if (value === undefined && !valueLine.test(next)) break;
        }
      }
      if (value !== undefined) {
        hits.push({ value, line: i, label: m[0], rank });
        break;
      }
    }
  }
  return hits;
}

/**
 * Does `exclude` match near the label (30 characters before, 15 after)? A match lying wholly
 * inside the label does not count: `Totalt inkl. moms` is a total although `moms` alone is not.
 */
function excluded(re: RegExp, line: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 30);
  const window = line.slice(from, end + 15);
  re.lastIndex = 0;
  for (let m = re.exec(window); m; m = re.exec(window)) {
    if (m[0].length === 0) re.lastIndex++;
    else if (from + m.index < start || from + m.index + m[0].length > end) return true;
  }
  return false;
}

export const moneyValue = (s: string): Money | undefined => firstMoney(s.replace(/^[\s:=\t|*]+/, ''));

export const dateValue = (dayFirst: boolean) => (s: string): FoundDate | undefined => {
  const d = findDates(s.slice(0, 60), dayFirst)[0];
  // The date must start the value, not hide later in a sentence.
  return d && d.index <= 12 ? d : undefined;
};

const ID_WORDS = /^(number|nummer|code|kod|id|reference|date|datum|total|details|status|confirmed|summary)$/i;

/** An order/booking id: a token with a digit, or an all-caps locator like `IUZWKS`. */
export const idValue = (s: string): string | undefined => {
  const m = /^[\s:#.\t|-]*(?:no\.?\s*)?#?\s*([A-Z0-9][A-Z0-9\-/_.]{2,40}[A-Z0-9])(?![\w-])/i.exec(s);
  if (!m) return undefined;
  const t = m[1]!;
  if (ID_WORDS.test(t)) return undefined;
  if (/\d/.test(t) || /^[A-Z]{5,8}$/.test(t)) return t;
  return undefined;
};
