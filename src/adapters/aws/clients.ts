import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, each created on first use and then reused for the life of the process (one per
 * Lambda cold start). `endpoints` points them at local protocol servers in tests.
 *
 * One factory per client, so that a Lambda bundle that needs only DynamoDB tree-shakes the
 * other SDKs away (a getter object referencing all four would keep every SDK in every bundle).
 */
export interface AwsClientOptions {
  region: string;
  endpoints?: { dynamodb?: string; s3?: string; secretsManager?: string; sns?: string };
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  readonly doc: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
}

const base = (opts: AwsClientOptions) => ({
  region: opts.region,
  ...(opts.credentials ? { credentials: opts.credentials } : {}),
});

export function createDocClient(opts: AwsClientOptions): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ ...base(opts), ...(opts.endpoints?.dynamodb ? { endpoint: opts.endpoints.dynamodb } : {}) }),
    // Absent optional attributes are omitted, never written as null.
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

export function createS3Client(opts: AwsClientOptions): S3Client {
  return new S3Client({
    ...base(opts),
    ...(opts.endpoints?.s3 ? { endpoint: opts.endpoints.s3, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createSecretsClient(opts: AwsClientOptions): SecretsManagerClient {
  return new SecretsManagerClient({
    ...base(opts),
    ...(opts.endpoints?.secretsManager ? { endpoint: opts.endpoints.secretsManager } : {}),
  });
}

export function createSnsClient(opts: AwsClientOptions): SNSClient {
  return new SNSClient({ ...base(opts), ...(opts.endpoints?.sns ? { endpoint: opts.endpoints.sns } : {}) });
}

export function createAwsClients(opts: AwsClientOptions): AwsClients {
  let doc: DynamoDBDocumentClient | undefined;
  let s3: S3Client | undefined;
  let secrets: SecretsManagerClient | undefined;
  let sns: SNSClient | undefined;
  return {
    get doc() {
      return (doc ??= createDocClient(opts));
    },
    get s3() {
      return (s3 ??= createS3Client(opts));
    },
    get secrets() {
      return (secrets ??= createSecretsClient(opts));
    },
    get sns() {
      return (sns ??= createSnsClient(opts));
    },
  };
}
