import { deleteRetailInvoice } from '../../app/invoices/delete-retail.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

/** DELETE /v1/invoices/retail/{invoice_id} (docs/api.md#delete-a-receipt) */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const deleted = await deleteRetailInvoice(deps, user.userId, req.pathParameters.invoice_id);
  return ok(200, 'Invoice deleted successfully', { deleted_invoice: deleted });
}, { retailInvoices: 'Database error during invoice deletion' });
