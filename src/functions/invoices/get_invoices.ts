import * as z from 'zod/mini';
import { listRentalInvoices } from '../../app/invoices/list-rental.js';
import { listRetailInvoices, type RetailQuery } from '../../app/invoices/list-retail.js';
import { errors } from '../../domain/errors.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { defineRoute, objectRule, parse, rule } from '../../http/route.js';
import { httpFunction } from '../../runtime/function.js';
import { invalidSubtype, retailSubtype } from '../schemas.js';

const isBool = (v: unknown) => typeof v === 'string' && ['true', 'false'].includes(v.toLowerCase());

/** Retail Modes B–E (docs/api.md#list-invoices); rental takes none of these. */
export const retailQuery = z.pipe(
  z
    .object({
      counts: z.optional(z.string().check(rule(isBool, 'counts'), z.meta({ description: "retail only: 'true' for per-category counts (any case)" }))),
      subtype: z.optional(retailSubtype.check(z.meta({ description: 'retail only: one of the 8 sub-types' }))),
      'invoice-id': z.optional(z.string().check(z.meta({ description: 'retail only, with subtype: detail lookup' }))),
    })
    .check(
      objectRule((q) => q['invoice-id'] === undefined || q.subtype !== undefined, 'invoice-id parameter requires subtype parameter to be specified'),
      objectRule((q) => !(isBool(q.counts) && String(q.counts).toLowerCase() === 'true' && q['invoice-id'] !== undefined), 'counts parameter cannot be combined with invoice-id'),
    ),
  z.transform(
    (q): RetailQuery => ({
      counts: q.counts?.toLowerCase() === 'true',
      ...(q.subtype ? { subtype: q.subtype } : {}),
      ...(q['invoice-id'] !== undefined ? { invoiceId: q['invoice-id'] } : {}),
    }),
  ),
);
const rentalQuery = z.object({ subtype: z.optional(z.never()), 'invoice-id': z.optional(z.never()) });

export const route = defineRoute(() => ({
  path: z.object({ type: z.enum(['rental', 'retail']) }),
  query: retailQuery,
  data: z.nullable(z.record(z.string(), z.unknown())),
  invalid: (issues) => {
    const i = issues[0]!;
    if (i.part === 'path') return errors.invalidRequest(`Invalid invoice type '${String(i.value ?? '')}'. Must be 'rental' or 'retail'`);
    if (i.field === 'counts') return errors.invalidRequest(`Invalid counts value '${String(i.value)}'. Must be 'true' or 'false'`);
    if (i.field === 'subtype') return invalidSubtype(String(i.value));
    return errors.invalidRequest(i.message);
  },
}));
const rentalOnly = () => errors.invalidRequest('Rental invoices do not support sub-type filtering or detail lookup');

/** GET /v1/invoices/{type}: rental Mode A, retail Modes B–E (docs/api.md#list-invoices). */
export default httpFunction(async (req, deps) => {
  const user = await authenticate(req, deps);
  const s = route.schemas(deps.config);
  const { type } = parse(s.path, req.pathParameters, 'path', s.invalid);
  let listing: { message: string; data: unknown };
  if (type === 'rental') {
    parse(rentalQuery, req.query, 'query', rentalOnly);
    listing = await listRentalInvoices(deps, user.userId);
  } else {
    listing = await listRetailInvoices(deps, user.userId, parse(s.query, req.query, 'query', s.invalid));
  }
  return ok(200, listing.message, listing.data);
});
