/**
 * Swedish payment-reference checks (Bankgirot rules) and money helpers.
 *
 * Amounts are integers in minor units (öre/cents) everywhere inside the project so sums are
 * exact; conversion to kronor happens only where an attribute is written.
 */

/** Mod-10 (Luhn) over a digit string, check digit included: true when the sum is 0 mod 10. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}

/** The Luhn check digit to append to `base`. */
export function luhnCheckDigit(base: string): string {
  if (!/^\d*$/.test(base)) throw new Error('luhnCheckDigit: digits only');
  return String((10 - (luhnSum(base, true) % 10)) % 10);
}

// Doubles every second digit counted from the right; `forAppend` shifts by one because the
// check digit that will follow is not part of `digits` yet.
function luhnSum(digits: string, forAppend: boolean): number {
  let sum = 0;
  for (let i = digits.length - 1, pos = forAppend ? 1 : 0; i >= 0; i--, pos++) {
    let d = digits.charCodeAt(i) - 48;
    if (pos % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

export type OcrMode = 'plain' | 'length' | 'any';

/** Bankgirot accepts OCR references of 2 to 25 digits. */
const OCR_SHAPE = /^\d{2,25}$/;

/**
 * Swedish OCR reference check. `plain`: Luhn only. `length`: Luhn plus the second-to-last
 * digit equals the total length mod 10. `any`: either form passes (we cannot know which one
 * the payee registered with Bankgirot).
 */
export function isValidOcr(value: string, mode: OcrMode = 'any'): boolean {
  const v = value.replace(/\s+/g, '');
  if (!OCR_SHAPE.test(v) || !luhnValid(v)) return false;
  if (mode === 'plain' || mode === 'any') return true;
  return Number(v[v.length - 2]) === v.length % 10;
}

/** Builds a valid OCR from a base number (used by the demo generator and tests). */
export function makeOcr(base: string, opts: { lengthDigit?: boolean } = {}): string {
  if (!opts.lengthDigit) return base + luhnCheckDigit(base);
  const withLength = base + String((base.length + 2) % 10);
  return withLength + luhnCheckDigit(withLength);
}

/** Bankgiro: 7 or 8 digits written NNN-NNNN / NNNN-NNNN (spaces ignored), Luhn over all digits. */
export function isValidBankgiro(value: string): boolean {
  const v = value.replace(/\s+/g, '');
  if (!/^\d{3,4}-?\d{4}$/.test(v)) return false;
  return luhnValid(v.replace('-', ''));
}

/** Plusgiro: 2 to 8 digits, the dash (if any) only before the check digit, Luhn over all digits. */
export function isValidPlusgiro(value: string): boolean {
  const v = value.replace(/\s+/g, '');
  if (!/^\d{1,7}-?\d$/.test(v)) return false;
  return luhnValid(v.replace('-', ''));
}

/** Formats a bankgiro number the way it is printed (`NNNN-NNNN` or `NNN-NNNN`). */
export function formatBankgiro(digits: string): string {
  return `${digits.slice(0, -4)}-${digits.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// Money

/** Characters used as thousands separators: space, no-break space, narrow no-break space. */
const GROUP_SPACE = /[ \u00a0\u202f]/g;
const CURRENCY = /\b(?:kr|sek|usd|eur|inr|gbp|dkk|nok)\b\.?|:-|[$€£₹]/gi;

/**
 * Parses one printed amount into minor units, or undefined when the text is not exactly one
 * amount. Handles `12 345`, `5 308,00 kr`, `6004,00`, `1.234,50`, `1,234.50`, `-120,00`, `4.11`.
 * A single separator followed by exactly three digits is read as a thousands separator.
 */
export function parseAmount(text: string): number | undefined {
  let s = text.replace(CURRENCY, '').trim().replace(/\u2212/g, '-');
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1).trim();
  } else if (s.endsWith('-')) {
    sign = -1;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(GROUP_SPACE, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]{2}|[.,]$/.test(s)) return undefined;
  const lastSep = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
  let whole = s;
  let frac = '';
  if (lastSep >= 0 && s.length - lastSep - 1 <= 2) {
    whole = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
    // Only the other separator kind may group thousands in the whole part.
    if (whole.includes(s[lastSep]!) || (/[.,]/.test(whole) && !validGrouping(whole))) return undefined;
  } else if (lastSep >= 0 && !validGrouping(s)) {
    return undefined;
  }
  const digits = whole.replace(/[.,]/g, '');
  if (digits.length === 0 || digits.length > 13) return undefined;
  const minor = Number(digits) * 100 + Number(frac.padEnd(2, '0'));
  return minor === 0 ? 0 : sign * minor;
}

// `1.234.567` / `1,234` are groupings; the first group has 1–3 digits, the rest exactly 3.
function validGrouping(s: string): boolean {
  return /^\d{1,3}(?:[.,]\d{3})+$/.test(s) && new Set(s.replace(/\d/g, '')).size === 1;
}

/**
 * One amount-looking token in free text: optional sign, digit groups separated by a single
 * space/dot/comma (at most 7 digits ungrouped), optional 1–2 decimals. Not preceded/followed
 * by a digit, `-`, `/` or `%`, so dates, percentages and long reference numbers are not amounts.
 */
const AMOUNT_TOKEN =
  /(?<![\d\-/.,:])-?\d{1,3}(?:(?:[ \u00a0\u202f]\d{3})+|(?:[.,]\d{3})+|\d{0,4})(?:[.,]\d{1,2})?(?![\d%/\-]|[.,]\d)/g;

export interface AmountMatch {
  minor: number;
  index: number;
  text: string;
}

/** Every amount token in a line, left to right. */
export function findAmounts(line: string): AmountMatch[] {
  const out: AmountMatch[] = [];
  for (const m of line.matchAll(AMOUNT_TOKEN)) {
    const minor = parseAmount(m[0]);
    if (minor !== undefined) out.push({ minor, index: m.index ?? 0, text: m[0] });
  }
  return out;
}

/** Minor units → kronor as a JSON number keeping decimals (e.g. 530850 → 5308.5). */
export function minorToMajor(minor: number): number {
  return Math.round(minor) / 100;
}

/** Minor units → whole kronor, rounded half away from zero (the iOS model decodes Int). */
export function minorToWholeMajor(minor: number): number {
  const whole = Math.sign(minor) * Math.round(Math.abs(minor) / 100);
  return whole === 0 ? 0 : whole;
}

/**
 * Prints minor units the Swedish way: `8 920`, `5 308,00`. `decimals: 'auto'` prints öre only
 * when there are some.
 */
export function formatAmount(minor: number, decimals: 'always' | 'auto' | 'never' = 'auto'): string {
  const abs = Math.abs(minor);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const ore = String(abs % 100).padStart(2, '0');
  const showOre = decimals === 'always' || (decimals === 'auto' && ore !== '00');
  return `${minor < 0 ? '-' : ''}${whole}${showOre ? `,${ore}` : ''}`;
}
