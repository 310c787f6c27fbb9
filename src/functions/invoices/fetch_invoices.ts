import * as z from 'zod/mini';
import { fetchInvoices } from '../../app/invoices/fetch-invoices.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { defineRoute } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';

export const route = defineRoute(() => ({ data: z.nullable(z.object({ invoiceCount: z.int() })) }));

/** POST /v1/invoices/{type}/ingest: any `{type}` runs the rental back-fill, as the original (docs/api.md#routes). */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const { uploaded } = await fetchInvoices(deps, user.userId);
  return uploaded > 0
    ? ok(200, 'Rental invoices ingested successfully!', { invoiceCount: uploaded })
    : ok(200, 'No rental invoices found for this user.', null);
});
