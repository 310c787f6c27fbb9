import { fetchRetailInvoices, fetchRetailInvoicesForAllUsers, readIngestRequest } from '../../app/invoices/fetch-retail-invoices.js';
import { authenticate } from '../../http/auth.js';
import { bodyText, jsonObject } from '../../http/body.js';
import { ok } from '../../http/envelope.js';
import { httpHandler, type PayPulseFunction } from '../../runtime/function.js';

/** POST /v1/invoices/retail/ingest (docs/api.md#receipt-ingest) and the weekly schedule (docs/flows.md#f7 all-users mode). */
const fn: PayPulseFunction = {
  http: httpHandler(async (req, deps) => {
    const user = await authenticate(req, deps);
    // The body is optional: none (or an empty one) means the automatic window.
    const text = bodyText(req);
    const request = readIngestRequest(text === undefined || text.trim() === '' ? undefined : jsonObject(text));
    const { message, data } = await fetchRetailInvoices(deps, user, request);
    return ok(200, message, data);
  }),
  schedule: async (_event, deps) => fetchRetailInvoicesForAllUsers(deps),
};
export default fn;
