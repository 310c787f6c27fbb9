/** Rent-notice PDFs and the emails that carry them, for rental tests (rendered once per spec). */
import { buildEmail, type EmailSpec } from '../../src/demo/rent-notice-email.js';
import { renderRentNotice, sampleRentNotice, seededRandom, totalOf, type RentNoticeLayout } from '../../src/demo/rent-notice-pdf.js';
import type { RentalItem } from '../../src/ports/rental-invoices.js';

export const SENDER = 'Wallenstam <kundservice@wallenstam.se>';

export interface Notice {
  pdf: Uint8Array;
  ocr: string;
  /** Whole kronor, as stored in `Total Amount`. */
  total: number;
  /** `DD-MM-YYYY` as stored in `Due Date`. */
  dueDate: string;
}

const cache = new Map<string, Promise<Notice>>();

/** A valid notice due on `dueIso` (`YYYY-MM-DD`); the same arguments give the same bytes. */
export function notice(dueIso: string, layout: RentNoticeLayout = 'wallenstam', seed = 1): Promise<Notice> {
  const id = `${dueIso}/${layout}/${seed}`;
  let p = cache.get(id);
  if (!p) {
    const spec = { ...sampleRentNotice(layout, seededRandom(seed + Number(dueIso.replace(/-/g, '')))), dueDate: dueIso };
    const [y, m, d] = dueIso.split('-');
    cache.set(
      id,
      (p = renderRentNotice(spec).then((pdf) => ({ pdf, ocr: spec.ocr!, total: Math.round(totalOf(spec) / 100), dueDate: `${d}-${m}-${y}` }))),
    );
  }
  return p;
}

/** A notice email as Wallenstam sends it: subject `Hyresavi`, one PDF named `Hyresavi <ocr>.pdf`. */
export async function noticeMail(dueIso: string, opts: Partial<EmailSpec> & { layout?: RentNoticeLayout; sentIso?: string } = {}): Promise<Uint8Array> {
  const n = await notice(dueIso, opts.layout);
  return buildEmail({
    from: SENDER,
    subject: 'Hyresavi',
    date: new Date(opts.sentIso ?? `${dueIso.slice(0, 8)}10T07:00:00Z`),
    attachments: [{ filename: `Hyresavi ${n.ocr}.pdf`, content: n.pdf }],
    ...opts,
  });
}

/** A rental item as our parser stores it (docs/data-model.md#rentalinvoices, every iOS key typed); `dueIso` is `YYYY-MM-DD`. */
export function storedRentalItem(userId: string, ocr: string, dueIso: string): RentalItem {
  const [y, m, d] = dueIso.split('-') as [string, string, string];
  return {
    UserID: userId,
    InvoiceID: `Invoice_${ocr}`,
    OCR: ocr,
    'Due Date': `${d}-${m}-${y}`,
    due_date_month: String(Number(m)),
    due_date_year: y,
    'Total Amount': 9815,
    Hyra: 8920,
    El: 412,
    Kallvatten: 163,
    Varmvatten: 320,
    Moms: 0,
    Filename: `Hyresavi_${ocr}`,
  };
}
