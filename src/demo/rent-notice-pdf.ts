/**
 * Realistic one-page Swedish rent notices (hyresavier) as PDFs, for tests, the benchmark and the
 * `demo` command. Three landlord layouts:
 * - `wallenstam`: the shape FLOWS.md §H was written for — a two-column breakdown (extracted as
 *   a labels block then an amounts block), a `Moms:` line, `Förfallodatum: YYYY-MM-DD`,
 *   `Totalt att betala:` with the amount a block below, and the payment-slip line `# <OCR> #`.
 * - `stenhus`: label and amount on one line, `OCR-nummer`, `Betalas senast`, bankgiro,
 *   `Varav moms`, `Att betala`.
 * - `norrbo`: `Referensnummer`, plusgiro, decimals (`5 308,00 kr`), parking and heating, a
 *   far-apart two-column table, `Att betala senast <day month year>`, `Summa att betala`.
 * The landlords other than Wallenstam are fictitious.
 */
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import { formatAmount, formatBankgiro, luhnCheckDigit, makeOcr } from '../domain/checks.js';
import { seededRandom } from './random.js';

export { seededRandom };

export const RENT_NOTICE_LAYOUTS = ['wallenstam', 'stenhus', 'norrbo'] as const;
export type RentNoticeLayout = (typeof RENT_NOTICE_LAYOUTS)[number];

export interface RentNoticeLine {
  label: string;
  /** Minor units (öre). */
  amount: number;
}

export interface RentNoticeSpec {
  layout: RentNoticeLayout;
  tenant?: { name: string; street: string; postal: string };
  /** YYYY-MM-DD (printed as-is, or reformatted by the layout). */
  dueDate: string;
  /** Printed as-is; omit to print a notice without an OCR reference. */
  ocr?: string;
  lines: RentNoticeLine[];
  /** VAT included in the total (minor units); omit to print no VAT line. */
  vat?: number;
  /** Minor units; defaults to the sum of `lines`. */
  total?: number;
  bankgiro?: string;
  plusgiro?: string;
}

const PAGE: [number, number] = [595.28, 841.89];
const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const DEFAULT_TENANT = { name: 'Anna Svensson', street: 'Storgatan 12 lgh 1102', postal: '411 04 Göteborg' };

interface Pen {
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
}
interface TextOpts {
  size?: number;
  bold?: boolean;
  /** Right-align at x instead of starting at x. */
  right?: boolean;
}

function draw(pen: Pen, s: string, x: number, y: number, opts: TextOpts = {}): void {
  const size = opts.size ?? 10;
  const font = opts.bold ? pen.bold : pen.regular;
  const left = opts.right ? x - font.widthOfTextAtSize(s, size) : x;
  pen.page.drawText(s, { x: left, y, size, font });
}

export function totalOf(spec: RentNoticeSpec): number {
  return spec.total ?? spec.lines.reduce((sum, l) => sum + l.amount, 0);
}

function swedishDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS_SV[(m ?? 1) - 1]} ${y}`;
}

function periodOf(iso: string): string {
  const [y, m] = iso.split('-').map(Number);
  return `${MONTHS_SV[(m ?? 1) - 1]} ${y}`;
}

function drawTenant(pen: Pen, spec: RentNoticeSpec, y: number): void {
  const t = spec.tenant ?? DEFAULT_TENANT;
  [t.name, t.street, t.postal].forEach((s, i) => draw(pen, s, 340, y - i * 13));
}

/** The machine-readable slip line: `# <OCR> #  <kronor> <öre>  <check> >  <bankgiro>#41#`. */
function slipLine(spec: RentNoticeSpec): string {
  const total = totalOf(spec);
  const kr = String(Math.floor(total / 100));
  const ore = String(total % 100).padStart(2, '0');
  const bg = (spec.bankgiro ?? '').replace(/\D/g, '');
  return `# ${spec.ocr ?? ''} #   ${kr} ${ore}   ${luhnCheckDigit(kr + ore)} >   ${bg}#41#`;
}

function renderWallenstam(pen: Pen, spec: RentNoticeSpec): void {
  draw(pen, 'Wallenstam AB', 50, 790, { size: 16, bold: true });
  draw(pen, 'HYRESAVI', 545, 790, { size: 14, bold: true, right: true });
  draw(pen, 'Box 5000, 402 22 Göteborg', 50, 772);
  drawTenant(pen, spec, 730);
  draw(pen, `Period: ${periodOf(spec.dueDate)}`, 50, 690);
  draw(pen, 'Specifikation', 50, 650, { bold: true });
  let y = 626;
  for (const line of spec.lines) {
    draw(pen, line.label, 50, y);
    draw(pen, formatAmount(line.amount), 320, y, { right: true });
    y -= 16;
  }
  y -= 18;
  if (spec.vat !== undefined) {
    draw(pen, `Moms: ${formatAmount(spec.vat)}`, 50, y);
    y -= 24;
  }
  draw(pen, `Förfallodatum: ${spec.dueDate}`, 50, y);
  draw(pen, 'Totalt att betala:', 50, y - 30, { bold: true });
  draw(pen, formatAmount(totalOf(spec)), 50, y - 62, { size: 12, bold: true });
  draw(pen, 'INBETALNING/GIRERING AVI', 50, 150, { bold: true });
  if (spec.bankgiro) draw(pen, `Bankgiro ${spec.bankgiro}`, 50, 132);
  draw(pen, slipLine(spec), 50, 60, { size: 11 });
}

function renderStenhus(pen: Pen, spec: RentNoticeSpec): void {
  draw(pen, 'Stenhus Fastigheter AB', 60, 790, { size: 15, bold: true });
  draw(pen, `Hyresavi ${periodOf(spec.dueDate)}`, 60, 770, { size: 12 });
  drawTenant(pen, spec, 730);
  if (spec.ocr) draw(pen, `OCR-nummer: ${spec.ocr}`, 60, 680);
  if (spec.bankgiro) draw(pen, `Bankgiro: ${spec.bankgiro}`, 60, 666);
  draw(pen, `Betalas senast ${spec.dueDate}`, 60, 652);
  let y = 610;
  for (const line of spec.lines) {
    // Label and amount close together so they read as one line.
    const label = `${line.label}:`;
    draw(pen, label, 60, y);
    draw(pen, `${formatAmount(line.amount)} kr`, 66 + pen.regular.widthOfTextAtSize(label, 10), y);
    y -= 15;
  }
  y -= 12;
  if (spec.vat !== undefined) {
    draw(pen, `Varav moms: ${formatAmount(spec.vat)} kr`, 60, y);
    y -= 15;
  }
  draw(pen, `Att betala: ${formatAmount(totalOf(spec))} kr`, 60, y - 8, { size: 12, bold: true });
  draw(pen, 'Tack för att du betalar i tid!', 60, 120);
}

function renderNorrbo(pen: Pen, spec: RentNoticeSpec): void {
  const money = (minor: number) => `${formatAmount(minor, 'always')} kr`;
  draw(pen, 'Norrbo Bostäder AB', 50, 790, { size: 15, bold: true });
  draw(pen, 'HYRESAVISERING', 50, 772, { size: 11 });
  drawTenant(pen, spec, 760);
  if (spec.ocr) draw(pen, `Referensnummer: ${spec.ocr}`, 50, 700);
  if (spec.plusgiro) draw(pen, `Plusgiro: ${spec.plusgiro}`, 50, 686);
  draw(pen, `Att betala senast ${swedishDate(spec.dueDate)}`, 50, 672);
  draw(pen, 'Avgifter', 50, 630, { bold: true });
  draw(pen, 'Belopp', 530, 630, { bold: true, right: true });
  let y = 606;
  for (const line of spec.lines) {
    draw(pen, line.label, 50, y);
    draw(pen, money(line.amount), 530, y, { right: true });
    y -= 15;
  }
  y -= 26;
  draw(pen, 'Summa att betala', 50, y, { bold: true });
  draw(pen, money(totalOf(spec)), 530, y, { bold: true, right: true });
  if (spec.vat !== undefined) draw(pen, `Varav moms: ${money(spec.vat)}`, 50, y - 30);
  draw(pen, 'Frågor om avin? Ring kundservice 010-123 45 67.', 50, 100, { size: 8 });
}

const RENDERERS: Record<RentNoticeLayout, (pen: Pen, spec: RentNoticeSpec) => void> = {
  wallenstam: renderWallenstam,
  stenhus: renderStenhus,
  norrbo: renderNorrbo,
};

export async function renderRentNotice(spec: RentNoticeSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // Fixed metadata so the same spec always gives the same bytes.
  const stamp = new Date(`${spec.dueDate}T00:00:00Z`);
  if (!Number.isNaN(stamp.getTime())) {
    doc.setCreationDate(stamp);
    doc.setModificationDate(stamp);
  }
  doc.setProducer('PayPulse demo');
  const page = doc.addPage(PAGE);
  const pen = {
    page,
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  RENDERERS[spec.layout](pen, spec);
  return doc.save();
}

// ---------------------------------------------------------------------------------------------
// Random but realistic specs (seeded, so benchmark and fuzz runs are reproducible)


function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}
function between(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}
function digits(rand: () => number, n: number): string {
  return Array.from({ length: n }, (_, i) => String(between(rand, i === 0 ? 1 : 0, 9))).join('');
}

/** A valid bankgiro number (8 digits, Luhn) printed `NNNN-NNNN`. */
function randomBankgiro(rand: () => number): string {
  const base = digits(rand, 7);
  return formatBankgiro(base + luhnCheckDigit(base));
}
/** A valid plusgiro number printed `NNN NN NN-N`. */
function randomPlusgiro(rand: () => number): string {
  const base = digits(rand, 7);
  return `${base.slice(0, 3)} ${base.slice(3, 5)} ${base.slice(5)}-${luhnCheckDigit(base)}`;
}

/** A plausible notice for `layout`, all amounts consistent with the total. */
export function sampleRentNotice(layout: RentNoticeLayout, rand: () => number): RentNoticeSpec {
  const year = between(rand, 2023, 2026);
  const month = between(rand, 1, 12);
  const dueDate = `${year}-${String(month).padStart(2, '0')}-${String(between(rand, 25, 28)).padStart(2, '0')}`;
  const whole = layout !== 'norrbo';
  const amt = (lo: number, hi: number) => between(rand, lo, hi) * 100 + (whole ? 0 : pick(rand, [0, 0, 50, 25]));
  const lines: RentNoticeLine[] = [];
  if (layout === 'wallenstam') {
    lines.push({ label: 'Hyra', amount: amt(5500, 14000) });
    if (rand() < 0.8) lines.push({ label: 'El enligt mätare', amount: amt(150, 900) });
    if (rand() < 0.8) lines.push({ label: 'Kallvatten enligt mätare', amount: amt(80, 300) });
    if (rand() < 0.8) lines.push({ label: 'Varmvatten enligt mätare', amount: amt(120, 450) });
    if (rand() < 0.2) lines.push({ label: `Retroaktiv hyra avser ${String(year % 100)}${String(month).padStart(2, '0')}`, amount: amt(50, 400) });
  } else if (layout === 'stenhus') {
    lines.push({ label: 'Hyra bostad', amount: amt(4500, 12000) });
    if (rand() < 0.7) lines.push({ label: 'Hushållsel', amount: amt(150, 700) });
    if (rand() < 0.6) lines.push({ label: 'Vatten', amount: amt(100, 350) });
    if (rand() < 0.5) lines.push({ label: 'Avgift bredband', amount: amt(99, 299) });
  } else {
    lines.push({ label: 'Bostadshyra', amount: amt(4000, 11000) });
    if (rand() < 0.7) lines.push({ label: `P-plats ${between(rand, 1, 60)}`, amount: amt(300, 1200) });
    if (rand() < 0.7) lines.push({ label: 'Värme', amount: amt(200, 900) });
    if (rand() < 0.6) lines.push({ label: 'Kallvatten', amount: amt(80, 300) });
    if (rand() < 0.6) lines.push({ label: 'Varmvatten', amount: amt(120, 450) });
    if (rand() < 0.4) lines.push({ label: 'Avgift hyresgästförening', amount: amt(80, 120) });
  }
  const metered = lines.filter((l) => !/hyra/i.test(l.label)).reduce((s, l) => s + l.amount, 0);
  // Ten-digit OCR (Wallenstam's slip line has exactly ten), with or without a length digit.
  const lengthDigit = rand() < 0.5;
  const ocr = makeOcr(digits(rand, lengthDigit ? 8 : 9), { lengthDigit });
  const spec: RentNoticeSpec = { layout, dueDate, ocr, lines };
  if (metered > 0 && rand() < 0.85) spec.vat = Math.round(metered / 5 / (whole ? 100 : 1)) * (whole ? 100 : 1);
  if (layout === 'norrbo') spec.plusgiro = randomPlusgiro(rand);
  else spec.bankgiro = randomBankgiro(rand);
  return spec;
}
