/**
 * Amounts and currencies as receipts print them: `289,50 kr`, `SEK 1 234`, `$12.34`,
 * `1.234,50 €`, `US$1,180.38`, `£4.49 GBP`, `$212.82 CAD`, `99:-`, `-$8.32`.
 */

/** ISO 4217 codes we accept as "known" (the check that decides needs_review). */
export const KNOWN_CURRENCIES = new Set([
  'SEK', 'NOK', 'DKK', 'ISK', 'EUR', 'USD', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'PLN', 'CZK', 'HUF', 'JPY', 'CNY',
  'INR', 'BRL', 'MXN', 'ZAR', 'TRY', 'AED', 'SAR', 'QAR', 'SGD', 'HKD', 'THB', 'KRW', 'RON', 'BGN', 'ILS',
]);

/** Symbols and words → ISO code. `kr` and `$` are resolved further by `resolveCurrency`. */
const SYMBOLS: Record<string, string> = {
  'us$': 'USD', 'usd$': 'USD', 'ca$': 'CAD', 'c$': 'CAD', 'cad$': 'CAD', 'au$': 'AUD', 'a$': 'AUD', 'nz$': 'NZD',
  'hk$': 'HKD', 's$': 'SGD', $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', 'zł': 'PLN', 'kr': 'SEK', 'kr.': 'SEK',
  ':-': 'SEK', 'sek': 'SEK', 'nok': 'NOK', 'dkk': 'DKK', 'eur': 'EUR', 'usd': 'USD', 'gbp': 'GBP',
  'euro': 'EUR', 'euros': 'EUR', 'kronor': 'SEK', 'chf': 'CHF', 'kč': 'CZK', 'pln': 'PLN', 'czk': 'CZK',
};

const CODES = [...KNOWN_CURRENCIES].join('|');
// Alphabetic symbols must not be the tail of a word (`Tikr`, `ABSEK`); `$`, `€`, `£` may touch a label (`Total$9.52`).
// Case-sensitive on purpose: ISO codes only in capitals, so "try 2 times" is not Turkish lira.
const SYM = String.raw`(?:US\$|USD\$|CA\$|CAD\$|AU\$|NZ\$|HK\$|(?<![A-Za-z])[CAS]\$|\$|€|£|¥|:-|(?<![A-Za-z])(?:zł|Kč|[Kk][Rr]\.?|[Ee]uros?|[Kk]ronor|${CODES}))`;
const NUM = String.raw`\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
// Groups: 1 sign before a symbol, 2 leading symbol, 3 sign after it, 4 sign of a bare number, 5 number, 6 trailing symbol.
const MONEY_SRC = String.raw`(?:([-−–]\s?)?(${SYM})\s?([-−–])?\s?|(?<![\w.,])([-−–]\s?)?)(${NUM})(?:\s?(${SYM}))?(?![\w%]|[.,]\d)`;

export interface Money {
  amount: number;
  /** ISO code when a symbol or code was printed next to the number. */
  currency?: string;
  /** The printed symbol (lower-cased), e.g. `kr`, `$`. */
  symbol?: string;
  index: number;
  length: number;
}

/** Parses one printed number; the last `,`/`.` followed by one or two digits is the decimal mark. */
export function parseNumber(s: string): number | undefined {
  const t = s.replace(/[\s\u00a0\u202f'’]/g, '');
  const m = /^(\d+(?:[.,]\d{3})*)(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const whole = Number(m[1]!.replace(/[.,]/g, ''));
  const frac = m[2] ? Number(m[2].padEnd(2, '0')) / 100 : 0;
  const n = Math.round((whole + frac) * 100) / 100;
  return Number.isFinite(n) ? n : undefined;
}

function symbolCurrency(sym: string | undefined): string | undefined {
  if (!sym) return undefined;
  const k = sym.toLowerCase();
  return SYMBOLS[k] ?? (KNOWN_CURRENCIES.has(sym.toUpperCase()) ? sym.toUpperCase() : undefined);
}

/** Every amount in `s`. `requireSymbol` skips bare numbers (dates, ids, quantities). */
export function findMoney(s: string, requireSymbol = false): Money[] {
  const out: Money[] = [];
  const re = new RegExp(MONEY_SRC, 'g');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const lead = m[2];
    const trail = m[6];
    // A trailing ISO code after a symbol wins: `$212.82 CAD`.
    const trailCur = symbolCurrency(trail);
    const leadCur = symbolCurrency(lead);
    const currency = trailCur && trail && trail.length === 3 ? trailCur : leadCur ?? trailCur;
    if (requireSymbol && !currency) continue;
    const amount = parseNumber(m[5]!);
    if (amount === undefined) continue;
    const negative = Boolean(m[1] || m[3] || m[4]);
    out.push({
      amount: negative ? -amount : amount,
      ...(currency ? { currency, symbol: (lead ?? trail)!.toLowerCase() } : {}),
      index: m.index,
      length: m[0].length,
    });
  }
  return out;
}

/** The first amount in a label's value text; an amount with a currency beats a bare number after it. */
export function firstMoney(s: string): Money | undefined {
  const all = findMoney(s.slice(0, 80));
  const withSymbol = all.find((m) => m.currency);
  const bare = all[0];
  if (withSymbol) return withSymbol;
  // A bare number only counts when it is the whole value (`Total: 123.45`), not e.g. a card suffix.
  if (bare && /^[\s:=\t|-]*$/.test(s.slice(0, bare.index)) && bare.index + bare.length >= s.trimEnd().length - 1) return bare;
  return undefined;
}

const NORWEGIAN = /(?<!\p{L})(?:mva|å\s+betale|beløp|kjøp|ordrebekreftelse|takk\s+for)(?!\p{L})/iu;
const DANISH = /(?<!\p{L})(?:beløb|køb|i\s+alt|at\s+betale|ordrebekræftelse|tak\s+for)(?!\p{L})/iu;

/**
 * `kr` is Swedish by default, but Norwegian/Danish when the email says so; `$` is USD unless the
 * email names another dollar.
 */
export function resolveCurrency(m: Money | undefined, context: { text: string; from?: string }): string | undefined {
  if (!m?.currency) return undefined;
  const tld = /\.([a-z]{2,3})$/.exec(context.from ?? '')?.[1];
  if (m.symbol === 'kr' || m.symbol === 'kr.') {
    if (tld === 'no' || /\bNOK\b/.test(context.text)) return 'NOK';
    if (tld === 'dk' || /\bDKK\b/.test(context.text)) return 'DKK';
    if (tld === 'se' || /\bSEK\b/.test(context.text)) return 'SEK';
    // No code and no country domain: the words around the amounts tell the three crowns apart.
    if (NORWEGIAN.test(context.text)) return 'NOK';
    if (DANISH.test(context.text)) return 'DKK';
    return 'SEK';
  }
  if (m.symbol === '$') {
    if (/\bCAD\b/.test(context.text) && !/\bUSD\b/.test(context.text)) return 'CAD';
    if (/\bAUD\b/.test(context.text) && !/\bUSD\b/.test(context.text)) return 'AUD';
  }
  return m.currency;
}

/** Normalises a currency string from markup or an LLM (`kr`, `$`, `sek`) to ISO; unknown → undefined. */
export function normaliseCurrency(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  const t = s.trim();
  return symbolCurrency(t) ?? (KNOWN_CURRENCIES.has(t.toUpperCase()) ? t.toUpperCase() : undefined);
}

/**
 * Like `normaliseCurrency`, but an unknown code that looks like ISO 4217 (`XBT`) is kept, so the
 * "currency known" check can flag it instead of silently dropping what the email said.
 */
export function declaredCurrency(s: unknown): string | undefined {
  return normaliseCurrency(s) ?? (typeof s === 'string' && /^[A-Z]{3}$/.test(s.trim()) ? s.trim() : undefined);
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;
