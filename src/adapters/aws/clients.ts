import { createDynamoDocs, type DynamoDocs } from './client/dynamodb.js';
import type { CredentialSource } from './client/credentials.js';
import { createS3, type S3 } from './client/s3.js';
import { createSecretsManager, type SecretsManager } from './client/secrets-manager.js';
import { createSns, type Sns } from './client/sns.js';

/**
 * AWS clients, each created on first use and then reused for the life of the process (one per
 * Lambda cold start). `endpoints` points them at local protocol servers in tests. They are the
 * small signed-HTTP clients in `./client/`, not the SDK's (docs/lambda-runtime.md#cold-starts).
 *
 * One factory per client, so that a Lambda bundle that needs only DynamoDB leaves the others out.
 */
export interface AwsClientOptions {
  region: string;
  endpoints?: { dynamodb?: string; s3?: string; secretsManager?: string; sns?: string };
  /** Default: the environment's (what Lambda gives a function). */
  credentials?: CredentialSource;
  /** See `ServiceOptions.inspect`. */
  inspect?: { dynamodb?: Parameters<typeof createDynamoDocs>[0]['inspect'] };
}

export interface AwsClients {
  readonly doc: DynamoDocs;
  readonly s3: S3;
  readonly secrets: SecretsManager;
  readonly sns: Sns;
}

const base = (opts: AwsClientOptions, endpoint: string | undefined) => ({
  region: opts.region,
  ...(opts.credentials ? { credentials: opts.credentials } : {}),
  ...(endpoint ? { endpoint } : {}),
});

export const createDocClient = (opts: AwsClientOptions): DynamoDocs =>
  createDynamoDocs({ ...base(opts, opts.endpoints?.dynamodb), ...(opts.inspect?.dynamodb ? { inspect: opts.inspect.dynamodb } : {}) });
export const createS3Client = (opts: AwsClientOptions): S3 => createS3(base(opts, opts.endpoints?.s3));
export const createSecretsClient = (opts: AwsClientOptions): SecretsManager => createSecretsManager(base(opts, opts.endpoints?.secretsManager));
export const createSnsClient = (opts: AwsClientOptions): Sns => createSns(base(opts, opts.endpoints?.sns));

export function createAwsClients(opts: AwsClientOptions): AwsClients {
  let doc: DynamoDocs | undefined;
  let s3: S3 | undefined;
  let secrets: SecretsManager | undefined;
  let sns: Sns | undefined;
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
