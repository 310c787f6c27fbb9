/**
 * Rent-notice text (pdftotext-shaped, see pdf-text.ts) → structured fields.
 *
 * Two rule sets:
 * - `wallenstam`: docs/flows.md#rent-notice-rules to the letter (OCR before ` #`, `Förfallodatum: YYYY-MM-DD`,
 *   `Totalt att betala:` + blank line + amount, labels block then amounts block, `Moms:` line),
 *   with one fix: amounts with decimals are read as decimals instead of concatenated digits.
 * - `generic`: other landlords (and, as an honest best effort, other invoices): labelled
 *   total / due date / reference / bankgiro / plusgiro / VAT, and line items whose label and
 *   amount are on one line or in separate blocks.
 * All amounts are minor units (öre).
 */
import { type AmountMatch, findAmounts, parseAmount } from '../../domain/checks.js';
import { parseAllDates, parseLooseDate } from './dates.js';

export type LineItemKind =
  | 'rent'
  | 'electricity'
  | 'cold_water'
  | 'hot_water'
  | 'water'
  | 'heating'
  | 'parking'
  | 'fee'
  | 'vat'
  | 'other';

export interface LineItem {
  label: string;
  kind: LineItemKind;
  amount: number;
}

export interface RentNoticeParse {
  /** Numeric payment reference as printed, digits only (spaces between digit groups dropped). */
  ocr?: string;
  /** A payment reference with letters, as printed (e.g. `806-Januari-2024`, `IN-48951432`). */
  reference?: string;
  /**
   * The reference sits on a field labelled OCR (`OCR-nummer: …`), or the layout is one whose
   * payee uses OCR (Wallenstam's slip line): only then is a failing check digit a problem.
   */
  ocrLabelled?: boolean;
  /** YYYY-MM-DD */
  dueDate?: string;
  total?: number;
  bankgiro?: string;
  plusgiro?: string;
  vat?: number;
  lineItems: LineItem[];
  /** Other breakdown label → printed value (docs/flows.md#rent-notice-rules retroactive rent lines); Wallenstam's layout only. */
  extra: Record<string, string>;
  layout: 'wallenstam' | 'generic';
  /**
   * Problems that make a stored value doubtful (`breakdown_unpaired`, `due_date_unparseable`,
   * `reminder`, `credit_note`); they become `parse_reasons`.
   */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Ordered: the first matching rule wins (parking before rent: `Hyra p-plats` is parking). */
const KIND_RULES: Array<[LineItemKind, RegExp]> = [
  ['vat', /\b(moms|mervärdesskatt|vat|mwst|tva|btw)\b/i],
  ['other', /retro/i],
  ['parking', /p-plats|parkering|garage|carport|\bparking\b/i],
  ['cold_water', /kallvatten|cold water/i],
  ['hot_water', /varmvatten|hot water|tappvarmvatten/i],
  ['water', /vatten|\bwater\b/i],
  ['heating', /värme|uppvärmning|\bheating\b/i],
  ['electricity', /\bel\b|hushållsel|elförbrukning|electricity/i],
  ['rent', /hyra|\brent\b/i],
  ['fee', /avgift|fastighets?skatt|avfall|sophämtning|bredband|internet|kabel-tv|\btv\b|\bfee\b|\bfees\b|\bcharge\b/i],
];

export function classifyLabel(label: string): LineItemKind {
  for (const [kind, re] of KIND_RULES) if (re.test(label)) return kind;
  return 'other';
}

/** `*`, `(`, `)`, a trailing `:` and surrounding space are noise around labels and amounts (docs/flows.md#rent-notice-rules). */
function clean(s: string): string {
  return s.replace(/[*()]/g, '').replace(/[:.\s]+$/, '').replace(/\s+/g, ' ').trim();
}

/** A label also loses a leading list dash or bullet (`-Hyra bostad:`). */
function cleanLabel(s: string): string {
  return clean(s).replace(/^[-–•·]\s*/, '');
}

/** Known kinds only: a label no rule recognises is `other` and worth a warning. */
export function isKnownKind(label: string): boolean {
  return KIND_RULES.some(([, re]) => re.test(label));
}

/** A line that is exactly one amount (currency words and `*` allowed). */
function amountOnly(line: string): number | undefined {
  const s = line.replace(/[*]/g, '').trim();
  return s === '' ? undefined : parseAmount(s);
}

/**
 * Pairs a run of label lines with the run of amount lines that follows it, in order (the
 * pdftotext shape of a two-column table). When there are more labels than amounts the labels
 * nearest the amounts are used (a heading above the table is not a label).
 */
export function pairBlocks<T>(labels: T[], amounts: number[]): Array<[T, number]> | undefined {
  if (amounts.length === 0 || labels.length < amounts.length) return undefined;
  const used = labels.slice(labels.length - amounts.length);
  return used.map((l, i) => [l, amounts[i]!]);
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.replace(/[\u00a0\u202f\t]/g, ' ').replace(/ {2,}/g, ' ').trim());
}


// ---------------------------------------------------------------------------------------------
// Wallenstam (docs/flows.md#rent-notice-rules)

/**
 * Decided by the layout, not by a name in the text: docs/flows.md#rent-notice-rules's `Totalt att betala:` with its amount a
 * block below, the `Förfallodatum: YYYY-MM-DD` line and the slip line `# [<10 digits>] #`.
 */
export function isWallenstamText(text: string): boolean {
  return H_TOTAL.test(text) && /Förfallodatum: \d{4}-/.test(text) && /#[ \t]*(?:\d{10})?[ \t]*#/.test(text);
}

/** "Totalt att betala:" then a blank line, then the amount (digits, spaces, optional decimals). */
const H_TOTAL = /Totalt att betala:[ \t]*\r?\n[ \t]*\r?\n[ \t]*(-?[\d \u00a0]+(?:[.,]\d{1,2})?)/;

const H_KEEP = /hyra|kallvatten|varmvatten|el enligt|mervärdesskatt/i;

function normaliseHLabel(label: string): string {
  const l = label.toLowerCase();
  if (l.startsWith('kallvatten')) return 'Kallvatten';
  if (l.startsWith('varmvatten')) return 'Varmvatten';
  if (l.startsWith('el enligt')) return 'El';
  return label;
}

function hLabelKind(label: string): LineItemKind {
  const fixed: Record<string, LineItemKind> = { Hyra: 'rent', El: 'electricity', Kallvatten: 'cold_water', Varmvatten: 'hot_water' };
  return fixed[label] ?? classifyLabel(label);
}

function parseWallenstam(text: string, lines: string[]): RentNoticeParse {
  const out: RentNoticeParse = { lineItems: [], extra: {}, layout: 'wallenstam', problems: [], ocrLabelled: true };
  const ocr = /(\d{10}) #/.exec(text);
  if (ocr) out.ocr = ocr[1];
  const due = /Förfallodatum: (\S+)/.exec(text);
  if (due) {
    // docs/flows.md#rent-notice-rules: exactly YYYY-MM-DD, and a real calendar day.
    const iso = /^\d{4}-\d{2}-\d{2}/.test(due[1]!) ? parseLooseDate(due[1]!.slice(0, 10)) : undefined;
    if (iso) out.dueDate = iso;
    else out.problems.push('due_date_unparseable');
  }
  const total = H_TOTAL.exec(text);
  if (total) out.total = parseAmount(total[1]!);
  const moms = lines.find((l) => l.includes('Moms:'));
  if (moms) out.vat = parseAmount(moms.slice(moms.indexOf(':') + 1).replace(/[^\d\s.,-]/g, ''));
  readHBreakdown(lines, out);
  findGiro(text, out); // not in docs/flows.md#rent-notice-rules: the new bankgiro/plusgiro attributes
  return out;
}

/**
 * docs/flows.md#rent-notice-rules pairs the first half of the kept lines (labels) with the second half (amounts). We pair
 * them first-in-first-out instead, which gives the same result for that shape and also reads
 * the row-by-row shape (label, amount, label, amount) that pdftotext prints for some tables.
 * A label without an amount or an amount without a label fails the block, as docs/flows.md#rent-notice-rules's odd count.
 */
function readHBreakdown(lines: string[], out: RentNoticeParse): void {
  const start = lines.findIndex((l) => l.includes('Hyra'));
  if (start < 0) return;
  const stop = lines.findIndex((l, i) => i >= start && l.includes('Förfallodatum'));
  const block = lines.slice(start, stop < 0 ? undefined : stop);
  const kept = block.filter((l) => H_KEEP.test(l) || (l !== '' && amountOnly(l) !== undefined));
  const queue: string[] = [];
  const pairs: Array<[string, string]> = [];
  let orphanAmount = false;
  for (const line of kept) {
    if (amountOnly(line) === undefined) queue.push(line);
    else if (queue.length > 0) pairs.push([queue.shift()!, line]);
    else orphanAmount = true;
  }
  if (orphanAmount || queue.length !== 0 || pairs.length === 0) {
    out.problems.push('breakdown_unpaired');
    return;
  }
  for (const [rawLabel, rawAmount] of pairs) {
    const label = normaliseHLabel(clean(rawLabel));
    const printed = clean(rawAmount);
    out.lineItems.push({ label, kind: hLabelKind(label), amount: amountOnly(rawAmount)! });
    if (!['Hyra', 'El', 'Kallvatten', 'Varmvatten'].includes(label)) out.extra[label] = printed;
  }
}

// ---------------------------------------------------------------------------------------------
// Generic landlords

const TOTAL_LABELS: RegExp[] = [
  /\b(totalt att betala|summa att betala|belopp att betala|att betala|att inbetala)\b/i,
  /\b(total amount due|amount due|balance due|total due|grand total|amount payable|net à payer|total ttc|te betalen|zu zahlen|gesamtbetrag|rechnungsbetrag)\b/i,
  /^(?!.*\bsub\s*-?total)(?!.*\b(?:excl|hors|ohne|net)\b).*\b(total|totalt|totalbelopp|summa|totaal|montant)\b/i,
];
const DUE_LABEL =
  /förfallodatum|förfallodag|förfaller|förf\.\s?(?:datum|dag)|betalningsdag|sista dag|betalas senast|att betala senast|senast|sista betalningsdag|due date|payment due|due on|date due|due by|échéance|date limite de paiement|fällig|zahlbar bis|vervaldatum|uiterste betaaldatum/i;
/** Words that head a date column in a header row (`Invoice Date: Due Date:`, `Factuur datum`). */
const DATE_WORD = /(date|datum|dag)\b/gi;
/**
 * A payment-reference label; group 1 says which. `Er/Vår referens` (a contact person) is not one
 * (checked by the caller). The value follows on the line or on the next one.
 */
const REF_LABEL =
  /(?<!\p{L})(ocr-nummer|ocr-nr|ocr nr|ocr|referensnummer|betalningsreferens|referens|meddelande|ange vid betalning|payment reference|payment ref|reference|communication|verwendungszweck|betalingskenmerk|référence)(?!\p{L})[^:\d]{0,30}[:#]?\s*/iu;
const CONTACT_REF = /(?<!\p{L})(?:er|vår|your|our)\s*$/iu;
const VAT_LABEL = /\b(moms|mervärdesskatt|vat|tax|mwst|ust|tva|btw)\b/i;
const VAT_INCLUDED = /incl|inkl|including|ttc/i;
/** A VAT label that names a total or a net amount is not the VAT amount. */
const NOT_VAT = /incl|inkl|including|excl|exkl|excluding|\bex\b|before|hors|ohne|att betala|ttc|\bht\b/i;
/** Labels that are never breakdown items even when an amount follows them. */
const NOT_ITEM = /summa|total|att betala|subtotal|delsumma|förfall|senast|ocr|referens|giro|datum|date|nummer|faktura|invoice|org\.?nr|telefon|tel\b|kundnr/i;
/**
 * Summary words: a row of them checks the items (net, VAT, rounding, total), it is never one.
 * Alternation of fixed words between letter boundaries: linear.
 */
const SUMMARY_WORD =
  /(?<!\p{L})(?:(?:summa|belopp|totalt?) (?:att betala|exkl\.? moms|inkl\.? moms)|att betala|(?:exkl|inkl)\.? moms|moms \d{1,2} ?%|netto|brutto|moms|mervärdesskatt|summa|totalt|total|delsumma|subtotal|öresavrundning|öresutjämning|avrundning|amount due|balance due|grand total)(?!\p{L})/giu;
/** The heading of an amount column, alone on its line. */
const AMOUNT_HEADING = /^(?:belopp|belopp kr|kronor|kr|sek|amount|pris|price|à-pris)$/i;
/** Currency words and symbols (removed before asking whether a label has letters). */
const CURRENCY_WORDS = /(?<!\p{L})(?:kr|sek|usd|eur)(?!\p{L})\.?|:-|[$€£₹]/giu;

interface Pair {
  label: string;
  printed: string;
  amount: number;
  /** Index of the label line (for ordering). */
  at: number;
}

/** Label/amount pairs, both on one line (`Hyra: 8 920 kr`) and as blocks (labels then amounts). */
function collectPairs(lines: string[], consumed: Set<number>): Pair[] {
  const pairs: Pair[] = [];
  let labels: Array<{ label: string; at: number }> = [];
  let amounts: Array<{ printed: string; amount: number }> = [];
  const flush = () => {
    const paired = pairBlocks(labels, amounts.map((a) => a.amount));
    paired?.forEach(([l], i) => pairs.push({ label: l.label, at: l.at, printed: amounts[i]!.printed, amount: amounts[i]!.amount }));
    labels = [];
    amounts = [];
  };
  lines.forEach((line, at) => {
    // An amount column's heading (`BELOPP`) between the labels and their amounts is skipped.
    if (line === '' || consumed.has(at) || AMOUNT_HEADING.test(line)) return;
    const only = amountOnly(line);
    if (only !== undefined) {
      amounts.push({ printed: clean(line), amount: only });
      return;
    }
    if (amounts.length > 0) flush();
    const one = trailingAmount(line);
    const same = inlinePairs(line) ?? (one ? [one] : undefined);
    if (same) {
      labels = [];
      for (const p of same) pairs.push({ ...p, at });
    } else if (hasLetters(line)) {
      labels.push({ label: withoutTrailingDates(cleanLabel(line)), at });
    } else {
      labels = [];
    }
  });
  flush();
  return pairs;
}

/**
 * `<label> <amount> [kr]` with the amount at the end of the line. The amount must look like
 * money (a `:` before it, a currency, decimals or thousands grouping) so `P-plats 42` or
 * `Lgh 1102` stay labels.
 */
function trailingAmount(line: string): Omit<Pair, 'at'> | undefined {
  const currency = /\s*(kr|sek|usd|eur|:-)\.?\s*$/i.test(line);
  const body = line.replace(/\s*(kr|sek|usd|eur|:-)\.?\s*$/i, '').replace(/\s*\*+\s*$/, '');
  const found = findAmounts(body);
  const last = found[found.length - 1];
  if (!last || last.index + last.text.length !== body.length) return undefined;
  const before = body.slice(0, last.index);
  const moneyLike = currency || /[:$€£₹]\s*-?$/.test(before) || /[.,]\d{1,2}$|\d[ \u00a0.,]\d{3}/.test(last.text);
  const label = withoutTrailingDates(cleanLabel(before.replace(/(?:[$€£₹]|(?<!\p{L})(?:sek|kr|eur|usd))\s*-?$/iu, '')));
  // `6 604,00 kr 0,00 kr` (a row of amounts) has letters only in its currency words.
  if (!moneyLike || !hasLetters(label)) return undefined;
  return { label, printed: clean(line.slice(last.index)), amount: last.minor };
}

/** `Hyra lokal 2024-04-01 - 2024-04-30` → `Hyra lokal` (a period column joined to the label). */
function withoutTrailingDates(label: string): string {
  const words = label.split(' ');
  while (words.length > 1 && /^(?:[-–]|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})$/.test(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

function hasLetters(s: string): boolean {
  return /\p{L}/u.test(s.replace(CURRENCY_WORDS, ''));
}

/** A line made only of amounts and currency words: their texts, else undefined. */
function amountsRow(line: string): AmountMatch[] | undefined {
  const found = findAmounts(line);
  if (found.length === 0) return undefined;
  let rest = line;
  for (const f of [...found].reverse()) rest = rest.slice(0, f.index) + rest.slice(f.index + f.text.length);
  return /^[\s*|]*$/.test(rest.replace(CURRENCY_WORDS, '')) ? found : undefined;
}

/**
 * A summary table: a row of summary labels (`Netto  Moms  Att betala`) whose next non-blank line
 * is a row of as many amounts. Both lines are consumed so neither is read as an item.
 */
function readSummaryRows(lines: string[], consumed: Set<number>): Pair[] {
  const pairs: Pair[] = [];
  lines.forEach((line, at) => {
    const words = [...line.matchAll(SUMMARY_WORD)].map((m) => m[0]);
    if (words.length < 2 || line.replace(SUMMARY_WORD, '').replace(/[\s:|]/g, '') !== '') return;
    const next = nextNonBlank(lines, at);
    const amounts = next < 0 ? undefined : amountsRow(lines[next]!);
    if (!amounts || amounts.length !== words.length) return;
    words.forEach((w, k) => pairs.push({ label: w, printed: amounts[k]!.text, amount: amounts[k]!.minor, at }));
    consumed.add(at).add(next);
  });
  return pairs;
}

/**
 * Several label/amount pairs on one line (`Netto 6 604,00 kr Moms 0,00 kr Att betala 6 604,00 kr`):
 * every amount must look like money (decimals or a currency after it) and every label after the
 * first be a summary word or a known kind (so `49,99 21 % 1 PCS 49,99`, price then subtotal, is
 * not split).
 */
function inlinePairs(line: string): Array<Omit<Pair, 'at'>> | undefined {
  const money = findAmounts(line).filter((a) => /[.,]\d{2}$/.test(a.text) || /^\s?(?:kr|sek|:-)/i.test(line.slice(a.index + a.text.length)));
  if (money.length < 2) return undefined;
  const out: Array<Omit<Pair, 'at'>> = [];
  let start = 0;
  for (const a of money) {
    const label = withoutTrailingDates(cleanLabel(line.slice(start, a.index).replace(/(?:[$€£₹]|(?<!\p{L})(?:sek|kr|eur|usd))\s*$/iu, '')));
    if (!hasLetters(label) || (out.length > 0 && !isSummaryLabel(label) && !isKnownKind(label))) return undefined;
    out.push({ label, printed: a.text, amount: a.minor });
    start = a.index + a.text.length;
    start += /^\s?(?:kr|sek|:-)\.?/i.exec(line.slice(start))?.[0].length ?? 0;
  }
  return line.slice(start).trim() === '' ? out : undefined;
}

/** Index of the first non-blank line after `i`, or -1 (a loop, not a copy: no quadratic slices). */
function nextNonBlank(lines: string[], i: number): number {
  for (let j = i + 1; j < lines.length; j++) if (lines[j] !== '') return j;
  return -1;
}

function firstMatch<T>(lines: string[], read: (line: string, i: number) => T | undefined): T | undefined {
  for (let i = 0; i < lines.length; i++) {
    const v = read(lines[i]!, i);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The text after a label on its line, else the next non-blank line (value printed below). */
function valueNear(lines: string[], i: number, afterLabel: string): string[] {
  const next = nextNonBlank(lines, i);
  return next < 0 ? [afterLabel] : [afterLabel, lines[next]!];
}

function findDueDate(lines: string[], out: RentNoticeParse): void {
  out.dueDate = firstMatch(lines, (line, i) => {
    const m = DUE_LABEL.exec(line);
    if (!m) return undefined;
    const [sameLine, below] = valueNear(lines, i, line.slice(m.index + m[0].length));
    const iso = parseLooseDate(sameLine!);
    if (iso || below === undefined) return iso;
    // A header row of several date columns above a row of dates: take the due label's column.
    const column = line.slice(0, m.index).match(DATE_WORD)?.length ?? 0;
    const dates = parseAllDates(below);
    return dates[column] ?? dates[0];
  });
}

/**
 * The payment reference as printed, whatever its label (OCR, Referensnummer, Meddelande, …):
 * a number (digit groups joined) or a token with letters and at least one digit
 * (`806-Januari-2024`). A value in a field labelled OCR marks the payee as an OCR user.
 */
function findReference(text: string, lines: string[], out: RentNoticeParse): void {
  const ref = firstMatch(lines, (line, i) => {
    const m = REF_LABEL.exec(line);
    if (!m || CONTACT_REF.test(line.slice(0, m.index))) return undefined;
    const after = line.slice(m.index + m[0].length).trim();
    const [, below] = valueNear(lines, i, after);
    // Under a header row (`Fakturadatum Förfallodatum Referensnummer`), the label's column first.
    const column = below?.split(' ')[line.slice(0, m.index).trim().split(' ').filter(Boolean).length];
    for (const candidate of [after, ...(column && after === '' ? [column] : []), ...(below === undefined ? [] : [below])]) {
      const value = referenceValue(candidate.trim());
      // `OCR-nummer` names the number wherever it is printed; a bare `OCR` counts only beside
      // its value (a bare `OCR` above a slip column is a heading, not the payee's rule).
      if (value) return { value, ocrLabel: /^ocr./i.test(m[1]!) || (/^ocr/i.test(m[1]!) && candidate === after && after !== '') };
    }
    return undefined;
  });
  // The payment slip's machine line `# <OCR> #` when no label was found (not the `…#41#` code).
  const slip = /(?<!\S)#[ \t]*(\d{2,25})[ \t]*#/.exec(text)?.[1];
  const chosen = ref?.value ?? slip;
  if (chosen === undefined) return;
  if (/^\d+$/.test(chosen)) out.ocr = chosen;
  else out.reference = chosen;
  out.ocrLabelled = ref?.ocrLabel ?? false;
}

function referenceValue(s: string): string | undefined {
  // Digit groups alone on the line (`1234 5678 90`); else the first token.
  if (/^\d[\d ]{0,30}\d$/.test(s)) return s.replace(/ /g, '');
  const token = /^\S{1,40}/u.exec(s)?.[0].replace(/[.,;]$/, '');
  if (!token) return undefined;
  if (/^\d{2,25}$/.test(token)) return token;
  if (/^[\p{L}\p{N}][\p{L}\p{N}/_.-]{2,39}$/u.test(token) && /\d/.test(token) && !parseLooseDate(token)) return token;
  return undefined;
}

function findGiro(text: string, out: RentNoticeParse): void {
  const bg = /\b(?:bankgiro(?:nummer|nr)?|bg)\b\.?(?: ?nr\.?)?[:\s]*(\d{3,4}-\d{4})\b/i.exec(text);
  if (bg) out.bankgiro = bg[1];
  const pg = /\b(?:plusgiro(?:nummer|nr)?|postgiro|pg)\b\.?[:\s]*(\d[\d ]{0,9}-\d)\b/i.exec(text);
  if (pg) out.plusgiro = pg[1]!.trim();
}

/** A total label that is really a date or a tax line (`Total VAT`) is not the total. */
function totalish(label: string, re: RegExp): boolean {
  return re.test(label) && !DUE_LABEL.test(label) && !(VAT_LABEL.test(label) && !VAT_INCLUDED.test(label));
}

function pickTotal(pairs: Pair[], lines: string[]): number | undefined {
  for (const [rank, re] of TOTAL_LABELS.entries()) {
    const hits = pairs.filter((p) => totalish(p.label, re));
    // Strong labels are unique; of the weak `Total` lines the last is the grand total.
    const hit = rank < 2 ? hits[0] : hits[hits.length - 1];
    if (hit) return hit.amount;
    // Label on one line, amount on the next non-blank one (`Att betala` / `9 815 kr`).
    const below = firstMatch(lines, (line, i) => {
      if (!totalish(line, re) || trailingAmount(line)) return undefined;
      const next = nextNonBlank(lines, i);
      return next < 0 ? undefined : amountOnly(lines[next]!);
    });
    if (below !== undefined) return below;
  }
  return undefined;
}

/** Reminders and credit notes are not rent to pay as printed: stored for review, with a reason. */
/**
 * Only a heading counts (a line that is the word, or starts with it in capitals): the fine print
 * of most notices mentions `påminnelse` ("vid sen betalning skickas en påminnelse").
 */
const REMINDER = [/^(?:betalningspåminnelse|påminnelse|reminder)(?: ?(?:nr\.? ?)?\d)?:?$/iu, /^(?:BETALNINGSPÅMINNELSE|PÅMINNELSE|REMINDER)(?!\p{L})/u];
const CREDIT = [/^(?:kreditfaktura|kreditnota|credit note)(?: ?(?:nr\.? ?)?\d+)?:?$/iu, /^(?:KREDITFAKTURA|KREDITNOTA|CREDIT NOTE)(?!\p{L})/u];

function documentProblems(lines: string[]): string[] {
  const heading = (res: RegExp[]) => lines.some((l) => res.some((re) => re.test(l)));
  const out: string[] = [];
  if (heading(REMINDER)) out.push('reminder');
  if (heading(CREDIT)) out.push('credit_note');
  return out;
}

function parseGeneric(text: string, lines: string[]): RentNoticeParse {
  const out: RentNoticeParse = { lineItems: [], extra: {}, layout: 'generic', problems: documentProblems(lines) };
  const consumed = new Set<number>();
  const summary = readSummaryRows(lines, consumed);
  const pairs = [...summary, ...collectPairs(lines, consumed)];
  const total = pickTotal(pairs, lines);
  if (total !== undefined) out.total = total;
  const vat = pairs.find((p) => VAT_LABEL.test(p.label) && !NOT_VAT.test(p.label));
  if (vat) out.vat = vat.amount;
  findDueDate(lines, out);
  findReference(text, lines, out);
  findGiro(text, out);
  for (const p of pairs) {
    if (summary.includes(p) || NOT_ITEM.test(p.label) || VAT_LABEL.test(p.label) || isSummaryLabel(p.label) || isSentence(p.label)) continue;
    const kind = classifyLabel(p.label);
    // An unclassified label only counts when its amount looks like money (decimals or `kr`),
    // so house numbers, postcodes and customer numbers do not become line items.
    if (kind === 'other' && !/[.,]\d{2}\b|kr|sek/i.test(p.printed)) continue;
    out.lineItems.push({ label: p.label, kind, amount: p.amount });
  }
  return out;
}

/**
 * Fine print, not an item: a long label or a conditional (`Vid försenad betalning …
 * påminnelseavgift 60 kr`, `Om … tillkommer …`).
 */
function isSentence(label: string): boolean {
  return label.split(' ').length > 12 || /[;!?]|(?<!\p{L})(?:vid|om|debiteras|tillkommer|tas ut|if|will be)(?!\p{L})/iu.test(label);
}

/** `Netto`, `Öresavrundning:` … : a label that is nothing but summary words. */
function isSummaryLabel(label: string): boolean {
  return label.replace(SUMMARY_WORD, '').replace(/[\s:%\d.,]/g, '') === '';
}

export function parseRentNotice(text: string): RentNoticeParse {
  const lines = splitLines(text);
  return isWallenstamText(text) ? parseWallenstam(text, lines) : parseGeneric(text, lines);
}
