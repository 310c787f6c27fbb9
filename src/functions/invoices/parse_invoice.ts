import { parseRentalObject } from '../../app/invoices/parse-rental.js';
import type { PayPulseFunction } from '../../runtime/function.js';

/** Object created under `invoices/` with suffix `.pdf` (docs/compatibility.md#q11); throws on store failures so the event is retried. */
const fn: PayPulseFunction = {
  objectCreated: async (event, deps) => {
    await parseRentalObject(deps, event.key);
  },
};
export default fn;
