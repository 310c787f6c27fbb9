import { notifyNewRentalInvoice } from '../../app/invoices/notify-rental.js';
import type { PayPulseFunction } from '../../runtime/function.js';

/** The RentalInvoices change feed, INSERT records only (docs/flows.md#f13). */
const fn: PayPulseFunction = {
  changeFeed: async (record, deps) => {
    await notifyNewRentalInvoice(deps, record);
  },
};
export default fn;
