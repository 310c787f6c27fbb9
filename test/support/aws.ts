/**
 * Real protocol servers for the AWS adapters, started in-process on 127.0.0.1: dynalite for
 * DynamoDB and s3rver for S3. (SNS, Secrets Manager, streams and transactions have no emulator
 * here; their clients are tested against the protocol fakes in test/fakes/aws.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoDocs } from '../../src/adapters/aws/client/dynamodb.js';
import { AwsServiceError, type OutgoingRequest } from '../../src/adapters/aws/client/transport.js';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createAwsClients, type AwsClients } from '../../src/adapters/aws/clients.js';
import { tableDefinitions } from '../../src/adapters/aws/tables.js';
import type { Config } from '../../src/config.js';

// s3rver's built-in account; dynalite accepts any credentials.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalAws {
  clients: AwsClients;
  /** The keys under `prefix` in `bucket`, listed by the AWS SDK's own S3 client (an independent reader). */
  listKeys(bucket: string, prefix: string): Promise<string[]>;
  /** Calls `listener` with every DynamoDB request the clients send (the operation and its wire body). */
  onDynamoRequest(listener: (op: string, body: Av) => void): void;
  dynamoEndpoint: string;
  s3Endpoint: string;
  close(): Promise<void>;
}

function listen(server: import('node:http').Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

type Av = Record<string, unknown>;

/**
 * DynamoDB refuses a write whose item gives a key attribute of the table or of one of its indexes
 * an empty string (ValidationException); dynalite accepts it. This check runs on every request the
 * clients send, on the wire format, so the adapters are held to DynamoDB's rule.
 */
function refuseEmptyIndexKeys(config: Config): (op: string, body: Av) => void {
  const keys = new Map(
    tableDefinitions(config).map((t) => [
      t.name,
      [
        ...[t.hashKey, t.rangeKey].filter((k): k is string => !!k).map((k) => ({ index: undefined, key: k })),
        ...t.indexes.flatMap((i) => [i.hashKey, i.rangeKey].filter((k): k is string => !!k).map((k) => ({ index: i.name, key: k }))),
      ],
    ]),
  );
  const empty = (v: unknown) => typeof v === 'object' && v !== null && ((v as Av).S === '' || (v as Av).B === '');
  const check = (table: string, item: Av | undefined) => {
    for (const { index, key } of keys.get(table) ?? []) {
      if (item && empty(item[key])) {
        throw new AwsServiceError(
          'ValidationException',
          index
            ? `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${index}, IndexKey: ${key}`
            : `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${key}`,
          400,
        );
      }
    }
  };
  /** `SET a = :v, #b = :w` of an UpdateItem, as the item attributes it would write. */
  const updated = (u: Av): Av => {
    const names = (u.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (u.ExpressionAttributeValues ?? {}) as Av;
    const out: Av = {};
    const expr = ` ${String(u.UpdateExpression ?? '')} `.replace(/\s/g, ' ');
    const upper = expr.toUpperCase();
    const from = upper.indexOf(' SET ');
    const ends = [' REMOVE ', ' ADD ', ' DELETE '].map((k) => upper.indexOf(k, from + 1)).filter((i) => i > from);
    const set = from < 0 ? '' : expr.slice(from + 5, ends.length ? Math.min(...ends) : undefined);
    for (const part of set.split(',')) {
      const [lhs, rhs] = part.split('=').map((x) => x.trim());
      if (lhs && rhs && rhs in values) out[names[lhs] ?? lhs] = values[rhs];
    }
    return out;
  };
  return (op, body) => {
    if (op === 'PutItem') check(body.TableName as string, body.Item as Av);
    if (op === 'UpdateItem') check(body.TableName as string, { ...(body.Key as Av), ...updated(body) });
    if (op === 'BatchWriteItem') {
      for (const [table, reqs] of Object.entries(body.RequestItems as Record<string, Av[]>)) {
        for (const r of reqs) check(table, (r.PutRequest as Av | undefined)?.Item as Av | undefined);
      }
    }
  };
}

/** Starts dynalite and s3rver, creates every table of `config` and its bucket. */
export async function startLocalAws(config: Config): Promise<LocalAws> {
  const ddbServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoEndpoint = await listen(ddbServer);
  const s3Dir = mkdtempSync(path.join(tmpdir(), 'pp-s3rver-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: config.bucket, configs: [] }] });
  const info = (await s3.run()) as AddressInfo;
  const s3Endpoint = `http://127.0.0.1:${info.port}`;

  const raw = new DynamoDBClient({ region: config.region, endpoint: dynamoEndpoint, credentials });
  for (const t of tableDefinitions(config)) {
    const attrs = new Map<string, 'S'>();
    for (const k of [t.hashKey, t.rangeKey, ...t.indexes.flatMap((i) => [i.hashKey, i.rangeKey])]) if (k) attrs.set(k, 'S');
    const input: CreateTableCommandInput = {
      TableName: t.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      KeySchema: [
        { AttributeName: t.hashKey, KeyType: 'HASH' },
        ...(t.rangeKey ? [{ AttributeName: t.rangeKey, KeyType: 'RANGE' as const }] : []),
      ],
      ...(t.indexes.length
        ? {
            GlobalSecondaryIndexes: t.indexes.map((i) => ({
              IndexName: i.name,
              KeySchema: [
                { AttributeName: i.hashKey, KeyType: 'HASH' as const },
                ...(i.rangeKey ? [{ AttributeName: i.rangeKey, KeyType: 'RANGE' as const }] : []),
              ],
              Projection: { ProjectionType: 'ALL' as const },
            })),
          }
        : {}),
    };
    await raw.send(new CreateTableCommand(input));
  }
  raw.destroy();

  const listeners = [refuseEmptyIndexKeys(config)];
  const inspect = (req: OutgoingRequest) => {
    const op = req.headers?.['x-amz-target']?.split('.')[1];
    if (!op || req.body === undefined) return;
    const body = JSON.parse(typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('utf8')) as Av;
    for (const l of listeners) l(op, body);
  };
  const clients = createAwsClients({ region: config.region, credentials, endpoints: { dynamodb: dynamoEndpoint, s3: s3Endpoint }, inspect: { dynamodb: inspect } });
  return {
    clients,
    onDynamoRequest: (l) => listeners.push(l),
    async listKeys(bucket, prefix) {
      const sdk = new S3Client({ region: config.region, endpoint: s3Endpoint, forcePathStyle: true, credentials });
      try {
        return ((await sdk.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
      } finally {
        sdk.destroy();
      }
    },
    dynamoEndpoint,
    s3Endpoint,
    async close() {
      clients.doc.destroy();
      clients.s3.destroy();
      await new Promise<void>((r) => ddbServer.close(() => r()));
      await s3.close();
      rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}

/** What a Lambda process's environment says in tests: region, test credentials, every AWS endpoint. */
export function lambdaAwsEnv(endpoints: { dynamodb: string; s3: string; secretsManager: string; sns: string }): Record<string, string> {
  return {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
  };
}

/**
 * dynalite answers DescribeTimeToLive with DISABLED whatever the table says; this client answers
 * it as DynamoDB does for a table whose TTL is set on `attribute`, and sends everything else on.
 */
export function withTtlEnabled(doc: DynamoDocs, attribute = 'expires_at_epoch'): DynamoDocs {
  return { ...doc, describeTimeToLive: async () => ({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: attribute } }) };
}
