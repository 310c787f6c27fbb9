import * as z from 'zod/mini';
import { deleteRetailInvoice } from '../../app/invoices/delete-retail.js';
import { errors } from '../../domain/errors.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { decode, defineRoute } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';

export const route = defineRoute(() => ({
  path: z.object({ invoice_id: z.string().check(z.regex(/\S/)) }),
  data: z.object({
    deleted_invoice: z.object({
      invoice_id: z.string(),
      vendor_name: z.nullable(z.string()),
      sub_type: z.string(),
      invoice_date: z.string(),
      total_amount: z.nullable(z.number()),
      currency: z.string(),
    }),
  }),
  invalid: () => errors.missingFields('invoice_id is required in path parameters'),
}));

/** DELETE /v1/invoices/retail/{invoice_id} (docs/api.md#delete-a-receipt) */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const { path } = decode(route, req, deps.config);
  const deleted = await deleteRetailInvoice(deps, user.userId, path.invoice_id);
  return ok(200, 'Invoice deleted successfully', { deleted_invoice: deleted });
}, { retailInvoices: 'Database error during invoice deletion' });
