import * as z from 'zod/mini';
import { fetchLatestInvoice, fetchLatestInvoiceForAllUsers } from '../../app/invoices/fetch-latest-invoice.js';
import { authenticate } from '../../http/auth.js';
import { noContent, ok } from '../../http/envelope.js';
import { defineRoute } from '../../http/route.js';
import { httpHandler, type PayPulseFunction } from '../../runtime/function.js';

export const route = defineRoute(() => ({ data: z.null() }));

/** POST /v1/invoices/{type}/ingest/latest (docs/api.md#latest-rent-notice) and the weekday schedule (docs/compatibility.md#q2). */
const fn: PayPulseFunction = {
  http: httpHandler(async (req, deps) => {
    const user = await authenticate(req, deps);
    const { outcome, month, year } = await fetchLatestInvoice(deps, user.userId);
    if (outcome === 'ingested') return ok(201, `Invoice for ${month}/${year} found and ingested successfully!`, null);
    if (outcome === 'already_processed') return ok(200, `Invoice for ${month}/${year} has already been processed.`, null);
    return noContent();
  }),
  schedule: async (_event, deps) => fetchLatestInvoiceForAllUsers(deps),
};
export default fn;
