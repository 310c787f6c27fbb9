/**
 * Real protocol servers for the AWS adapters, started in-process on 127.0.0.1: dynalite for
 * DynamoDB and s3rver for S3. (SNS, Secrets Manager, streams and transactions have no emulator
 * here; their adapters are tested with aws-sdk-client-mock.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createAwsClients, type AwsClients } from '../../src/adapters/aws/clients.js';
import { tableDefinitions } from '../../src/adapters/aws/tables.js';
import type { Config } from '../../src/config.js';

// s3rver's built-in account; dynalite accepts any credentials.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalAws {
  clients: AwsClients;
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
function refuseEmptyIndexKeys(clients: AwsClients, config: Config): void {
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
        const err = Object.assign(
          new Error(
            index
              ? `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${index}, IndexKey: ${key}`
              : `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${key}`,
          ),
          { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } },
        );
        throw err;
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
  clients.doc.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { headers?: Record<string, string>; body?: unknown };
      const target = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
      const op = target?.split('.')[1];
      if (op && req.body !== undefined) {
        // The serialised JSON body: a string or a byte view, depending on the SDK version.
        const body = JSON.parse(req.body instanceof Uint8Array ? Buffer.from(req.body).toString('utf8') : String(req.body)) as Av;
        if (op === 'PutItem') check(body.TableName as string, body.Item as Av);
        if (op === 'UpdateItem') check(body.TableName as string, { ...(body.Key as Av), ...updated(body) });
        if (op === 'BatchWriteItem') {
          for (const [table, reqs] of Object.entries(body.RequestItems as Record<string, Av[]>)) {
            for (const r of reqs) check(table, (r.PutRequest as Av | undefined)?.Item as Av | undefined);
          }
        }
        if (op === 'TransactWriteItems') {
          for (const t of body.TransactItems as Av[]) {
            const put = t.Put as Av | undefined;
            const upd = t.Update as Av | undefined;
            if (put) check(put.TableName as string, put.Item as Av);
            if (upd) check(upd.TableName as string, { ...(upd.Key as Av), ...updated(upd) });
          }
        }
      }
      return next(args);
    },
    { step: 'build', name: 'refuse-empty-index-keys' },
  );
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

  const clients = createAwsClients({ region: config.region, credentials, endpoints: { dynamodb: dynamoEndpoint, s3: s3Endpoint } });
  refuseEmptyIndexKeys(clients, config);
  return {
    clients,
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
export function withTtlEnabled(doc: DynamoDBDocumentClient, attribute = 'expires_at_epoch'): DynamoDBDocumentClient {
  const send = doc.send.bind(doc) as (cmd: unknown) => Promise<unknown>;
  return new Proxy(doc, {
    get: (target, prop) =>
      prop === 'send'
        ? async (cmd: unknown) =>
            cmd instanceof DescribeTimeToLiveCommand ? { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: attribute } } : send(cmd)
        : Reflect.get(target, prop),
  });
}
