/**
 * Parsed rent notices, one item per (user, invoice) with the ORIGINAL `RentalInvoices`
 * attribute names (docs/data-model.md#rentalinvoices: `UserID`, `InvoiceID`, `OCR`, `Due Date`, `due_date_month`,
 * `due_date_year`, `Total Amount`, `Hyra`, `El`, `Kallvatten`, `Varmvatten`, `Moms`, `Filename`,
 * extra label attributes) plus our additions (`line_items`, `parse_status`, `parse_reasons`, …).
 * Items are plain JSON-compatible values; numbers stay numbers.
 */
export type RentalItem = Record<string, unknown> & {
  UserID: string;
  InvoiceID: string;
  due_date_year: string;
  due_date_month: string;
};

/** `duplicate_month`: another invoice of the user is due that month; nothing was written (D7). */
export type PutOutcome = 'inserted' | 'replaced' | 'unchanged' | 'duplicate_month';

export interface RentalInvoices {
  /**
   * Writes the item (overwriting one with the same key). `unchanged` when an identical item was
   * already stored: nothing is written and no change record is raised, so a re-delivered event
   * changes nothing. Locally an `inserted`/`replaced` write raises an INSERT/MODIFY change record
   * (the DynamoDB stream does that on AWS).
   *
   * One invoice per user and due month (docs/compatibility.md#d7), decided by the store so that it holds
   * across processes: an item whose due year and month another invoice id of the user already
   * has is not written (`duplicate_month`). An item without a due date (empty year/month) never
   * collides.
   */
  put(item: RentalItem): Promise<PutOutcome>;
  get(userId: string, invoiceId: string): Promise<RentalItem | undefined>;
  /** Every item of the user, every page. */
  listForUser(userId: string): Promise<RentalItem[]>;
  /** Whether the user has an invoice due in that month (strings as stored: `"2025"`, `"3"`). */
  existsForMonth(userId: string, year: string, month: string): Promise<boolean>;
  deleteForUser(userId: string): Promise<void>;
}
