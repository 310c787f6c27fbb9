import * as z from 'zod/mini';
import { getRentalInvoice } from '../../app/invoices/list-rental.js';
import { errors } from '../../domain/errors.js';
import { authenticate } from '../../http/auth.js';
import { noContent, ok } from '../../http/envelope.js';
import { decode, defineRoute } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';

/** The app's `RentalInvoice` model: every key required with this JSON type. */
const rentalItem = z.object({
  InvoiceID: z.string(),
  Filename: z.string(),
  Hyra: z.int(),
  El: z.int(),
  Kallvatten: z.int(),
  Varmvatten: z.int(),
  'Total Amount': z.int(),
  due_date_month: z.string(),
  due_date_year: z.string(),
  'Due Date': z.string(),
  Moms: z.int(),
  OCR: z.string(),
});

// Like the original, `type` is not read.
export const route = defineRoute(() => ({
  path: z.object({ invoice_id: z.string().check(z.minLength(1)) }),
  data: rentalItem,
  invalid: () => errors.missingFields('Missing fields in URL'),
}));

/** GET /v1/invoices/{type}/{invoice_id} (docs/api.md#one-rental-invoice) */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const { path } = decode(route, req, deps.config);
  const item = await getRentalInvoice(deps, user.userId, path.invoice_id);
  return item ? ok(200, 'Invoice details retrieved successfully!', item) : noContent();
});
