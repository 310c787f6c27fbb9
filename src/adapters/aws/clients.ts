import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS clients, each created on first use and then reused for the life of the process (one per
 * Lambda cold start). `endpoints` points them at local protocol servers in tests.
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

export function createAwsClients(opts: AwsClientOptions): AwsClients {
  const base = { region: opts.region, ...(opts.credentials ? { credentials: opts.credentials } : {}) };
  let doc: DynamoDBDocumentClient | undefined;
  let s3: S3Client | undefined;
  let secrets: SecretsManagerClient | undefined;
  let sns: SNSClient | undefined;
  return {
    get doc() {
      return (doc ??= DynamoDBDocumentClient.from(
        new DynamoDBClient({ ...base, ...(opts.endpoints?.dynamodb ? { endpoint: opts.endpoints.dynamodb } : {}) }),
        // Absent optional attributes are omitted, never written as null.
        { marshallOptions: { removeUndefinedValues: true } },
      ));
    },
    get s3() {
      return (s3 ??= new S3Client({
        ...base,
        ...(opts.endpoints?.s3 ? { endpoint: opts.endpoints.s3, forcePathStyle: true } : {}),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }));
    },
    get secrets() {
      return (secrets ??= new SecretsManagerClient({
        ...base,
        ...(opts.endpoints?.secretsManager ? { endpoint: opts.endpoints.secretsManager } : {}),
      }));
    },
    get sns() {
      return (sns ??= new SNSClient({ ...base, ...(opts.endpoints?.sns ? { endpoint: opts.endpoints.sns } : {}) }));
    },
  };
}
