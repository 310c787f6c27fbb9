/**
 * The AWS clients of one Lambda process, created on first use and kept for the life of the
 * container. Separate accessors so a bundle carries only the clients its ports use. Endpoints
 * come from the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables (only set in tests).
 */
import type { DynamoDocs } from '../../adapters/aws/client/dynamodb.js';
import type { S3 } from '../../adapters/aws/client/s3.js';
import type { SecretsManager } from '../../adapters/aws/client/secrets-manager.js';
import type { Sns } from '../../adapters/aws/client/sns.js';
import {
  createDocClient,
  createS3Client,
  createSecretsClient,
  createSnsClient,
  type AwsClientOptions,
} from '../../adapters/aws/clients.js';

export function awsOptionsFromEnv(env: Record<string, string | undefined> = process.env): AwsClientOptions {
  const e = (k: string) => env[k] || undefined;
  const endpoints = {
    ...(e('AWS_ENDPOINT_URL_DYNAMODB') ? { dynamodb: e('AWS_ENDPOINT_URL_DYNAMODB') } : {}),
    ...(e('AWS_ENDPOINT_URL_S3') ? { s3: e('AWS_ENDPOINT_URL_S3') } : {}),
    ...(e('AWS_ENDPOINT_URL_SECRETS_MANAGER') ? { secretsManager: e('AWS_ENDPOINT_URL_SECRETS_MANAGER') } : {}),
    ...(e('AWS_ENDPOINT_URL_SNS') ? { sns: e('AWS_ENDPOINT_URL_SNS') } : {}),
  };
  return { region: e('AWS_REGION') ?? 'eu-west-1', endpoints };
}

let doc: DynamoDocs | undefined;
let s3: S3 | undefined;
let secrets: SecretsManager | undefined;
let sns: Sns | undefined;

export const docClient = () => (doc ??= createDocClient(awsOptionsFromEnv()));
export const s3Client = () => (s3 ??= createS3Client(awsOptionsFromEnv()));
export const secretsClient = () => (secrets ??= createSecretsClient(awsOptionsFromEnv()));
export const snsClient = () => (sns ??= createSnsClient(awsOptionsFromEnv()));
