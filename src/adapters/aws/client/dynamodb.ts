import type {
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { DescribeTimeToLiveCommandOutput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { jsonCall } from './json-protocol.js';
import { createService, type ServiceOptions } from './transport.js';

type Out<T> = Omit<T, '$metadata'>;
type Item = Record<string, unknown>;

/**
 * DynamoDB with plain JavaScript values, as the SDK's document client gives them (its input and
 * output types are reused, type-only), over the JSON 1.0 protocol. Absent attributes are
 * omitted, never written as null (`removeUndefinedValues`).
 */
export interface DynamoDocs {
  get(input: GetCommandInput): Promise<Out<GetCommandOutput>>;
  put(input: PutCommandInput): Promise<Out<PutCommandOutput>>;
  update(input: UpdateCommandInput): Promise<Out<UpdateCommandOutput>>;
  delete(input: DeleteCommandInput): Promise<Out<DeleteCommandOutput>>;
  query(input: QueryCommandInput): Promise<Out<QueryCommandOutput>>;
  scan(input: ScanCommandInput): Promise<Out<ScanCommandOutput>>;
  batchWrite(input: BatchWriteCommandInput): Promise<Out<BatchWriteCommandOutput>>;
  describeTimeToLive(input: { TableName: string }): Promise<Out<DescribeTimeToLiveCommandOutput>>;
  destroy(): void;
}

const toWire = (item: Item | undefined) => (item === undefined ? undefined : marshall(item, { removeUndefinedValues: true }));
const fromWire = (item: unknown) => (item === undefined ? undefined : unmarshall(item as never));

/** Binary attributes travel as base64 in JSON. */
function binaryToBase64(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}
function parse(text: string): Record<string, unknown> {
  // A reviver slows parsing down; only answers holding binary attributes need one.
  if (!text.includes('"B":') && !text.includes('"BS":')) return JSON.parse(text);
  return JSON.parse(text, (k, v) => (k === 'B' && typeof v === 'string' ? Buffer.from(v, 'base64') : k === 'BS' && Array.isArray(v) ? v.map((b) => Buffer.from(b, 'base64')) : v));
}

const ITEM_KEYS = ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const;
type WriteRequest = { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } };
const mapRequests = (items: Record<string, WriteRequest[]> | undefined, f: (i: Item) => unknown) =>
  items &&
  Object.fromEntries(
    Object.entries(items).map(([table, reqs]) => [
      table,
      reqs.map((r) => ({
        ...(r.PutRequest ? { PutRequest: { Item: f(r.PutRequest.Item) } } : {}),
        ...(r.DeleteRequest ? { DeleteRequest: { Key: f(r.DeleteRequest.Key) } } : {}),
      })),
    ]),
  );

export function createDynamoDocs(opts: Omit<ServiceOptions, 'service'>): DynamoDocs {
  const service = createService({ ...opts, service: 'dynamodb' });

  async function call(op: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const wire: Record<string, unknown> = { ...input };
    for (const k of ITEM_KEYS) if (k in input) wire[k] = toWire(input[k] as Item | undefined);
    if (input.RequestItems) wire.RequestItems = mapRequests(input.RequestItems as Record<string, WriteRequest[]>, (i) => toWire(i));
    const out = parse(await jsonCall(service, '1.0', `DynamoDB_20120810.${op}`, wire, binaryToBase64));
    for (const k of ['Item', 'Attributes', 'LastEvaluatedKey'] as const) if (out[k] !== undefined) out[k] = fromWire(out[k]);
    if (Array.isArray(out.Items)) out.Items = out.Items.map(fromWire);
    if (out.UnprocessedItems) out.UnprocessedItems = mapRequests(out.UnprocessedItems as Record<string, WriteRequest[]>, fromWire);
    return out;
  }
  const op =
    <I, O>(name: string) =>
    (input: I) =>
      call(name, input as Record<string, unknown>) as Promise<O>;

  return {
    get: op('GetItem'),
    put: op('PutItem'),
    update: op('UpdateItem'),
    delete: op('DeleteItem'),
    query: op('Query'),
    scan: op('Scan'),
    batchWrite: op('BatchWriteItem'),
    describeTimeToLive: op('DescribeTimeToLive'),
    destroy: () => service.destroy(),
  };
}
