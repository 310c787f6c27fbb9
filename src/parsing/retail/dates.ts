import { MONTHS } from './lang/index.js';

/**
 * Dates as receipts print them, with the month names of every language table (`12. August 2020`,
 * `2 mar 2022`, `3 februari 2024`, `5 de marzo de 2024`, `12. března 2024`). All results are
 * `YYYY-MM-DD`. A date printed with a time and a zone is the local date of that zone, so the
 * printed day is kept as it is (never moved to UTC).
 */

const MON = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const month = (s: string): number => MONTHS[s.toLowerCase()]!;

const PATTERNS: { re: RegExp; ymd: (m: RegExpExecArray, dayFirst: boolean) => [number, number, number] }[] = [
  { re: /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, ymd: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  // 9 Feb 2025, 9 februari 2025, 28 October 2020
  {
    re: new RegExp(String.raw`(?<!\d)(\d{1,2})(?:st|nd|rd|th|:e|:a|er)?\.?\s+(?:de\s+)?(${MON})(?!\p{L})\.?,?\s+(?:de\s+)?(\d{4})(?!\d)`, 'giu'),
    ymd: (m) => [+m[3]!, month(m[2]!), +m[1]!],
  },
  // Feb 9, 2025 / February 9 2025
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])(${MON})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)`, 'giu'),
    ymd: (m) => [+m[3]!, month(m[1]!), +m[2]!],
  },
  // 10-06-2021, 10/06/2021, 10.06.2021: day first unless that is impossible (US style)
  {
    re: /(?<![\d.\-/])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?![\d.\-/]\d)/g,
    ymd: (m, dayFirst) => {
      const a = +m[1]!, b = +m[2]!;
      const df = a > 12 ? true : b > 12 ? false : dayFirst;
      return df ? [+m[3]!, b, a] : [+m[3]!, a, b];
    },
  },
];

export function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined;
  return dt.toISOString().slice(0, 10);
}

export interface FoundDate {
  date: string;
  index: number;
  /** Length of the printed date. */
  length: number;
}

/** Every date in `s`, in text order. `dayFirst` decides `03/04/2025` (true: 3 April). */
export function findDates(s: string, dayFirst = true): FoundDate[] {
  const out: FoundDate[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(s); m; m = p.re.exec(s)) {
      const [y, mo, d] = p.ymd(m, dayFirst);
      const date = isoDate(y, mo, d);
      if (date && !out.some((o) => o.index <= m!.index && m!.index < o.index + 10)) out.push({ date, index: m.index, length: m[0].length });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** A normalised date from markup/LLM strings (`2025-01-11T10:00:00+01:00`, `Jan 11, 2025`). */
export function normaliseDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return findDates(v.slice(0, 100))[0]?.date;
}

/** Not in the future (one day of slack for time zones) and not before 2000. */
export function plausibleDate(date: string, now: Date): boolean {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(t) && t >= Date.UTC(2000, 0, 1) && t <= now.getTime() + 86_400_000;
}
