import * as z from 'zod/mini';
import { fetchRetailInvoices, fetchRetailInvoicesForAllUsers, type RetailIngestRequest } from '../../app/invoices/fetch-retail-invoices.js';
import { errors } from '../../domain/errors.js';
import { utcDate } from '../../domain/time.js';
import { authenticate } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { decode, defineRoute, objectRule, rule } from '../../http/route.js';
import { httpHandler, type PayPulseFunction } from '../../runtime/function.js';
import { invalidSubtype, retailSubtype } from '../schemas.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const HALF_RANGE = 'Both start_date and end_date must be provided for custom date range';

/** A real calendar day in `YYYY-MM-DD`. */
function isCalendarDay(v: unknown): v is string {
  const m = typeof v === 'string' ? ISO_DAY.exec(v) : null;
  return m !== null && utcDate(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) === v;
}
const present = (v: unknown) => v !== undefined && v !== null;
const day = z.optional(z.nullable(z.string().check(rule(isCalendarDay, 'not a calendar day'), z.meta({ format: 'date' }))));

/**
 * The optional JSON body (docs/api.md#receipt-ingest). Half a date range is the spec's 400; malformed dates and
 * unknown categories are 400s too (the original answered 500 for bad dates, docs/compatibility.md#d17).
 */
const body = z.pipe(
  z
    .object({ start_date: day, end_date: day, vendor_category: z.optional(z.nullable(retailSubtype)) })
    .check(
      objectRule((b) => present(b.start_date) === present(b.end_date), HALF_RANGE),
      objectRule((b) => !isCalendarDay(b.start_date) || !isCalendarDay(b.end_date) || b.start_date <= b.end_date, 'start_date must not be after end_date'),
    ),
  z.transform(
    (b): RetailIngestRequest => ({
      ...(b.start_date && b.end_date ? { startDate: b.start_date, endDate: b.end_date } : {}),
      ...(b.vendor_category ? { vendorCategory: b.vendor_category } : {}),
    }),
  ),
);

export const route = defineRoute(() => ({
  body: { schema: body, optional: true },
  data: z.object({
    totalEmailsFound: z.int(),
    byVendor: z.record(z.string(), z.int()),
    dateRange: z.object({ start: z.string(), end: z.string() }),
    errors: z.optional(z.array(z.record(z.string(), z.string())).check(z.maxLength(20))),
  }),
  invalid: (issues) => {
    // Rules over the whole body first (half a range, then the order), then the fields in order.
    const i = issues.find((x) => x.field === '') ?? issues[0]!;
    if (i.message === HALF_RANGE) return errors.missingFields(HALF_RANGE);
    if (i.field === '') return errors.invalidRequest(i.message);
    if (i.field === 'vendor_category') {
      // Only a string is echoed: `String(v)` throws for an object whose `toString` is not a function (docs/compatibility.md#d17).
      return invalidSubtype(typeof i.value === 'string' ? i.value.slice(0, 100) : `(${typeof i.value})`);
    }
    return errors.invalidRequest(`Invalid ${i.field}. Expected a date in YYYY-MM-DD format`);
  },
}));

/** POST /v1/invoices/retail/ingest (docs/api.md#receipt-ingest) and the weekly schedule (docs/flows.md#f7 all-users mode). */
const fn: PayPulseFunction = {
  http: httpHandler(async (req, deps) => {
    const user = await authenticate(req, deps);
    const { body: request } = decode(route, req, deps.config);
    const { message, data } = await fetchRetailInvoices(deps, user, request);
    return ok(200, message, data);
  }),
  schedule: async (_event, deps) => fetchRetailInvoicesForAllUsers(deps),
};
export default fn;
