import type { RetailSubtype } from '../../domain/retail-subtypes.js';
import { activeOf, type SubjectKeyword, type VendorConfig, type Vendors } from '../../ports/vendors.js';
import type { DynamoDocs } from './client/dynamodb.js';
import { conditional, ddb } from './dynamo.js';
import { guardPort } from '../guard.js';

/**
 * Original attribute format (docs/data-model.md#vendorconfig): sender addresses and plain subject phrases are string
 * sets (SS); subject keywords that contain AND/OR groups are a list (L), the only type that can
 * hold them. DynamoDB has no empty sets, so an empty list is stored as an absent attribute.
 */
export function toVendorItem(v: VendorConfig): Record<string, unknown> {
  const { default_email_patterns: senders, default_subject_keywords: subjects, ...rest } = v;
  const item: Record<string, unknown> = { ...rest };
  if (senders.length) item.default_email_patterns = new Set(senders);
  if (subjects.length) {
    item.default_subject_keywords = subjects.every((k) => typeof k === 'string') ? new Set(subjects) : subjects;
  }
  return item;
}

const strings = (v: unknown): string[] =>
  v instanceof Set ? [...v].map(String).sort() : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function keywords(v: unknown): SubjectKeyword[] {
  if (v instanceof Set) return strings(v);
  if (!Array.isArray(v)) return [];
  return v.flatMap((k): SubjectKeyword[] => {
    if (typeof k === 'string') return [k];
    if (k && typeof k === 'object' && 'keywords' in k) {
      const g = k as { keywords: unknown; logic?: unknown };
      return [{ keywords: strings(g.keywords), logic: String(g.logic).toUpperCase() === 'AND' ? 'AND' : 'OR' }];
    }
    return [];
  });
}

/** Reads items written by the original seed script as well as ours; missing flags take the seed defaults. */
export function fromVendorItem(item: Record<string, unknown>): VendorConfig {
  const s = (k: string, d = '') => (typeof item[k] === 'string' ? (item[k] as string) : d);
  const b = (k: string, d: boolean) => (typeof item[k] === 'boolean' ? (item[k] as boolean) : d);
  return {
    vendor_id: s('vendor_id'),
    vendor_name: s('vendor_name', s('vendor_id')),
    invoice_category: 'retail',
    invoice_sub_type: s('invoice_sub_type') as RetailSubtype,
    default_email_patterns: strings(item.default_email_patterns),
    default_subject_keywords: keywords(item.default_subject_keywords),
    parser_type: s('parser_type', 'html'),
    active: b('active', false),
    supports_pdf: b('supports_pdf', false),
    supports_html: b('supports_html', true),
    logo_url: s('logo_url'),
    created_at: s('created_at'),
    updated_at: s('updated_at'),
  };
}

const byId = (a: VendorConfig, b: VendorConfig) => a.vendor_id.localeCompare(b.vendor_id);

export function createDynamoVendors(doc: DynamoDocs, table: string): Vendors {
  const scan = async (): Promise<VendorConfig[]> => {
    const out: VendorConfig[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.scan({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) });
      out.push(...(page.Items ?? []).map(fromVendorItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort(byId);
  };
  return guardPort('vendors', {
    list: () => ddb(scan),
    listActive: (subType) =>
      ddb(async () =>
        (await scan()).filter(activeOf(subType)),
      ),
    get: (vendorId) =>
      ddb(async () => {
        const res = await doc.get({ TableName: table, Key: { vendor_id: vendorId } });
        return res.Item ? fromVendorItem(res.Item) : undefined;
      }),
    add: (vendor) =>
      conditional(() =>
        doc.put({ TableName: table, Item: toVendorItem(vendor), ConditionExpression: 'attribute_not_exists(vendor_id)' }),
      ),
    replace: (vendor) =>
      ddb(async () => {
        await doc.put({ TableName: table, Item: toVendorItem(vendor) });
      }),
    setActive: (vendorId, active, updatedAt) =>
      conditional(() =>
        doc.update({
          TableName: table,
          Key: { vendor_id: vendorId },
          UpdateExpression: 'SET active = :a, updated_at = :t',
          ConditionExpression: 'attribute_exists(vendor_id)',
          ExpressionAttributeValues: { ':a': active, ':t': updatedAt },
        }),
      ),
  });
}
