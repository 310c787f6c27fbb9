import { getRentalInvoice } from '../../app/invoices/list-rental.js';
import { errors } from '../../domain/errors.js';
import { authenticate } from '../../http/auth.js';
import { noContent, ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

/** GET /v1/invoices/{type}/{invoice_id} (docs/api.md#one-rental-invoice): like the original, `type` is not read. */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const invoiceId = req.pathParameters.invoice_id;
  if (!invoiceId) throw errors.missingFields('Missing fields in URL');
  const item = await getRentalInvoice(deps, user.userId, invoiceId);
  return item ? ok(200, 'Invoice details retrieved successfully!', item) : noContent();
});
