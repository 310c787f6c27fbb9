import type { Deps } from '../../app/deps.js';
import { listRentalInvoices } from '../../app/invoices/list-rental.js';
import { errors } from '../../domain/errors.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { httpFunction } from '../../runtime/function.js';

type Lister = (deps: Deps, userId: string, query: Record<string, string | undefined>) => Promise<{ message: string; data: unknown }>;

/**
 * One lister per invoice type (API.md §4.1). Retail (Modes B–E) is built on its own branch and
 * registered here when the branches are merged; until then a retail request is an internal error.
 */
const listers: Partial<Record<'rental' | 'retail', Lister>> = { rental: listRentalInvoices };

/** GET /v1/invoices/{type} */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const type = req.pathParameters.type ?? '';
  if (type !== 'rental' && type !== 'retail') throw errors.invalidRequest(`Invalid invoice type '${type}'. Must be 'rental' or 'retail'`);
  const list = listers[type];
  if (!list) throw errors.internal();
  const { message, data } = await list(deps, user.userId, req.query);
  return ok(200, message, data);
});
