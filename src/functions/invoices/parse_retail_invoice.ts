import { parseRetailObject } from '../../app/invoices/parse-retail.js';
import type { PayPulseFunction } from '../../runtime/function.js';

/** Object created under `invoices/` with suffix `.html` (docs/compatibility.md#q11); throws on failures so the event is retried. */
const fn: PayPulseFunction = {
  objectCreated: async (event, deps) => {
    await parseRetailObject(deps, event.key);
  },
};
export default fn;
