/**
 * Finds the first calendar date in a piece of text and returns it as YYYY-MM-DD, or undefined.
 * Accepts ISO `2025-03-31`, day-first `31.03.2025` / `31/03/2025` / `31-03-2025` (month-first
 * only when the first number cannot be a month), and month names in Swedish, English, German,
 * French and Dutch (`31 mars 2025`, `August 3, 2014`, `3. März 2025`).
 */

// Month names by prefix; the longer prefixes are tried first (`juin` vs `juil`).
const MONTH_PREFIXES: Array<[string, number]> = [
  ['juin', 6], ['juil', 7], ['janv', 1], ['févr', 2], ['fevr', 2], ['avr', 4], ['aoû', 8], ['aou', 8],
  ['jan', 1], ['feb', 2], ['fév', 2], ['mar', 3], ['mär', 3], ['maa', 3], ['apr', 4], ['maj', 5], ['mai', 5],
  ['mei', 5], ['may', 5], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['okt', 10], ['oct', 10],
  ['nov', 11], ['dec', 12], ['dez', 12],
];

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  return MONTH_PREFIXES.find(([p]) => w.startsWith(p))?.[1];
}

function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string | undefined]> = [
  [/(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/, (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  [/(?<!\d)(\d{4})\/(\d{1,2})\/(\d{1,2})(?!\d)/, (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  [
    /(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)/,
    (m) => (+m[1]! > 12 || +m[2]! <= 12 ? iso(+m[3]!, +m[2]!, +m[1]!) : iso(+m[3]!, +m[1]!, +m[2]!)),
  ],
  [/(?<!\d)(\d{1,2})\.?\s+(\p{L}{3,})\.?\s+(\d{4})(?!\d)/u, (m) => withMonth(m[2]!, +m[3]!, +m[1]!)],
  [/(\p{L}{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})(?!\d)/u, (m) => withMonth(m[1]!, +m[3]!, +m[2]!)],
];

function withMonth(word: string, y: number, d: number): string | undefined {
  const m = monthNumber(word);
  return m === undefined ? undefined : iso(y, m, d);
}

/** Every date in the text, left to right (overlapping readings of one date are dropped). */
export function parseAllDates(text: string): string[] {
  const found: Array<{ at: number; end: number; value: string }> = [];
  for (const [re, read] of PATTERNS) {
    for (const m of text.matchAll(new RegExp(re.source, `${re.flags}g`))) {
      const value = read(m as RegExpExecArray);
      if (value) found.push({ at: m.index ?? 0, end: (m.index ?? 0) + m[0].length, value });
    }
  }
  found.sort((a, b) => a.at - b.at || b.end - a.end);
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => f.at < k.end && k.at < f.end)) kept.push(f);
  return kept.map((k) => k.value);
}

export function parseLooseDate(text: string): string | undefined {
  return parseAllDates(text)[0];
}
