import type { Deps } from '../../app/deps.js';
import { listRentalInvoices } from '../../app/invoices/list-rental.js';
import { listRetailInvoices } from '../../app/invoices/list-retail.js';
import { errors } from '../../domain/errors.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

type Lister = (deps: Deps, userId: string, query: Record<string, string | undefined>) => Promise<{ message: string; data: unknown }>;

/** One lister per invoice type (docs/api.md#list-invoices): rental Mode A, retail Modes B–E. */
const listers: Record<'rental' | 'retail', Lister> = { rental: listRentalInvoices, retail: listRetailInvoices };

/** GET /v1/invoices/{type} */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const type = req.pathParameters.type ?? '';
  if (type !== 'rental' && type !== 'retail') throw errors.invalidRequest(`Invalid invoice type '${type}'. Must be 'rental' or 'retail'`);
  const { message, data } = await listers[type](deps, user.userId, req.query);
  return ok(200, message, data);
});
