/**
 * The events that start a function besides HTTP, as every layer sees them: the runtimes decode
 * them from S3, DynamoDB Streams and EventBridge (or their local stand-ins) into these shapes.
 */

/** The logical stores; each runtime maps them to a table name (docs/data-model.md#tables). */
export type TableKey = 'users' | 'rentalInvoices' | 'retailInvoices' | 'vendorConfig' | 'retailDetails' | 'helpers';

export interface ObjectCreatedEvent {
  bucket: string;
  /** URL-decoded object key. */
  key: string;
  size?: number;
  eventTime: string;
}

export interface ChangeRecord {
  /** Unique per record; the Lambda entry reports failures by it (partial batch response). */
  eventId: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  table: TableKey;
  /** Item images as plain values (unmarshalled), with the stored attribute names. */
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

export interface ScheduledEvent {
  /** The manifest's schedule name. */
  schedule: string;
  time: string;
}
