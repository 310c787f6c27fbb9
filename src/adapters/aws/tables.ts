import type { Config } from '../../config.js';
import type { TableKey } from '../../ports/triggers.js';

/**
 * The 12 DynamoDB tables of docs/data-model.md#tables, plus PayPulse's helper table: keys, GSIs and streams.
 * Adapters, the test servers and the CDK stack all read this one description. Physical names
 * come from configuration.
 */
export interface TableIndex {
  name: string;
  hashKey: string;
  rangeKey?: string;
}
export interface TableDefinition {
  key: TableKey;
  /** For the detail tables: the retail sub-type the table holds. */
  subType?: string;
  name: string;
  hashKey: string;
  rangeKey?: string;
  indexes: TableIndex[];
  stream?: 'NEW_AND_OLD_IMAGES';
  billing: 'PAY_PER_REQUEST' | 'PROVISIONED';
  pointInTimeRecovery: boolean;
  /** Attribute that expires items. */
  ttlAttribute?: string;
  /** PayPulse's own table: created by the stack also when it runs on the original's tables. */
  own?: boolean;
}

/**
 * The hash key of the helper table. Email locks (`EMAIL#…`), login counters (`LOGINFAIL#…`) and
 * notification markers (`NOTIFY#…`) live there, where the original backend's jobs (which scan
 * `Users`) never see them; they expire through `expires_at_epoch`.
 */
export const HELPER_KEY = 'HelperID';
/**
 * Notification markers carry their user's id in this attribute, the key of a sparse index (only
 * markers have it), so account deletion finds a user's markers with a Query instead of a Scan.
 */
export const MARKER_OWNER = 'marker_owner';
export const MARKER_OWNER_INDEX = 'marker_owner-index';

export function tableDefinitions(config: Config): TableDefinition[] {
  const t = config.tables;
  return [
    {
      key: 'users',
      name: t.users,
      hashKey: 'UserID',
      indexes: [{ name: 'Email-index', hashKey: 'Email' }],
      billing: 'PAY_PER_REQUEST',
      pointInTimeRecovery: false,
    },
    {
      key: 'rentalInvoices',
      name: t.rentalInvoices,
      hashKey: 'UserID',
      rangeKey: 'InvoiceID',
      indexes: [{ name: 'due_date_year-due_date_month-index', hashKey: 'due_date_year', rangeKey: 'due_date_month' }],
      stream: 'NEW_AND_OLD_IMAGES',
      billing: 'PROVISIONED',
      pointInTimeRecovery: false,
    },
    {
      key: 'retailInvoices',
      name: t.retailInvoices,
      hashKey: 'UserID',
      rangeKey: 'InvoiceID',
      indexes: [
        { name: 'invoice_date-index', hashKey: 'UserID', rangeKey: 'invoice_date' },
        { name: 'sub_type-invoice_date-index', hashKey: 'UserID_SubType', rangeKey: 'invoice_date' },
      ],
      stream: 'NEW_AND_OLD_IMAGES',
      billing: 'PAY_PER_REQUEST',
      pointInTimeRecovery: true,
    },
    ...Object.entries(t.retailDetails).map(
      ([subType, name]): TableDefinition => ({
        key: 'retailDetails',
        subType,
        name,
        hashKey: 'InvoiceID',
        indexes: [],
        billing: 'PAY_PER_REQUEST',
        pointInTimeRecovery: false,
      }),
    ),
    {
      key: 'vendorConfig',
      name: t.vendorConfig,
      hashKey: 'vendor_id',
      indexes: [],
      billing: 'PAY_PER_REQUEST',
      pointInTimeRecovery: false,
    },
    {
      key: 'helpers',
      name: t.helpers,
      hashKey: HELPER_KEY,
      indexes: [{ name: MARKER_OWNER_INDEX, hashKey: MARKER_OWNER }],
      billing: 'PAY_PER_REQUEST',
      pointInTimeRecovery: false,
      ttlAttribute: 'expires_at_epoch',
      own: true,
    },
  ];
}
