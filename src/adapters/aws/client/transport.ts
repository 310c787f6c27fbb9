import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { credentialCache, type CredentialSource } from './credentials.js';
import { sha256Hex, signRequest, uriEncode } from './sigv4.js';

/**
 * Signed HTTP requests to one AWS service, with the SDK's standard retry behaviour. This is what
 * the function bundles use instead of the AWS SDK clients: the SDK's shared core alone costs
 * ~40 ms of every cold start (docs/lambda-runtime.md#cold-starts), this costs ~2 ms.
 */
export interface ServiceOptions {
  /** Signing name: `dynamodb`, `s3`, `secretsmanager`, `sns`. */
  service: string;
  region: string;
  /** Default: the service's regional endpoint. Tests point it at a server on 127.0.0.1. */
  endpoint?: string;
  credentials?: CredentialSource;
  /** Attempts per call, the first included (the SDK's default: 3). */
  maxAttempts?: number;
  /** Per attempt: no response within this many ms aborts it (and it is retried). */
  timeoutMs?: number;
  /** Called with each request before it is signed and sent; tests use it to hold requests to AWS rules emulators skip. */
  inspect?: (req: OutgoingRequest) => void;
}

export interface OutgoingRequest {
  method: string;
  /** Default: the endpoint's host. S3 puts the bucket in it. */
  host?: string;
  /** Percent-encoded path, `/` for the JSON and query protocols. */
  path?: string;
  query?: [string, string][];
  /** Lower-case names. */
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Hash the payload into the signature (S3 wants `x-amz-content-sha256` either way). */
  s3?: boolean;
}

export interface ServiceResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What the service said went wrong, shaped as the SDK's errors are (`name`, `$metadata`). */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $fault: 'client' | 'server';
  constructor(code: string, message: string, status: number, requestId?: string) {
    super(message || code);
    this.name = code;
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

/** Reads the error code and message out of a failed response; each protocol says it its own way. */
export type ErrorReader = (res: ServiceResponse) => { code: string; message: string };

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded', 'BandwidthLimitExceeded',
  'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException',
]);
const TRANSIENT = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError', 'InternalFailure', 'ServiceUnavailable']);
const NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'TimeoutError']);

const isThrottle = (err: unknown) => err instanceof AwsServiceError && (THROTTLING.has(err.name) || err.$metadata.httpStatusCode === 429);
function retryable(err: unknown): boolean {
  if (err instanceof AwsServiceError) return isThrottle(err) || TRANSIENT.has(err.name) || [500, 502, 503, 504].includes(err.$metadata.httpStatusCode);
  const code = (err as { code?: string }).code ?? (err as { name?: string }).name;
  return !!code && NETWORK.has(code);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Service {
  readonly region: string;
  /** Sends `req` (retrying what the SDK retries) and returns a 2xx response; anything else throws. */
  send(req: OutgoingRequest, readError: ErrorReader): Promise<ServiceResponse>;
  /** The endpoint; S3 decides from it between a bucket in the host and one in the path. */
  readonly url: URL;
  /** Closes the kept-alive connections. */
  destroy(): void;
}

export function createService(opts: ServiceOptions): Service {
  const url = new URL(opts.endpoint ?? `https://${opts.service}.${opts.region}.amazonaws.com`);
  const credentials = credentialCache(opts.credentials);
  const maxAttempts = opts.maxAttempts ?? 3;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const secure = url.protocol === 'https:';
  // Connections are kept alive between calls, as the SDK does; idle ones do not hold the process open.
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 50 }) : new HttpAgent({ keepAlive: true, maxSockets: 50 });

  async function once(req: OutgoingRequest, readError: ErrorReader): Promise<ServiceResponse> {
    const host = req.host ?? url.host;
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const headers: Record<string, string> = { ...req.headers };
    if (body) headers['content-length'] = String(body.byteLength);
    const payloadHash = sha256Hex(body ?? '');
    if (req.s3) headers['x-amz-content-sha256'] = payloadHash;
    opts.inspect?.(req);
    const path = `${url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '')}${req.path ?? '/'}`;
    const query = req.query ?? [];
    signRequest(
      { method: req.method, host, path, query, headers, payloadHash },
      { service: opts.service, region: opts.region, credentials: await credentials(), now: new Date(), doubleEncodePath: !req.s3 },
    );
    const search = query.length ? `?${query.map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`)).join('&')}` : '';
    const res = await new Promise<ServiceResponse>((resolve, reject) => {
      const r = (secure ? httpsRequest : httpRequest)(
        { protocol: url.protocol, hostname: req.host ? req.host.replace(/:\d+$/, '') : url.hostname, port: url.port || undefined, method: req.method, path: path + search, headers, agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (c: Buffer) => chunks.push(c));
          incoming.on('error', reject);
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
        },
      );
      r.setTimeout(timeoutMs, () => r.destroy(Object.assign(new Error(`no answer from ${opts.service} within ${timeoutMs} ms`), { code: 'TimeoutError' })));
      r.on('error', reject);
      r.end(body);
    });
    if (res.status >= 200 && res.status < 300) return res;
    const { code, message } = readError(res);
    const requestId = (res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id']) as string | undefined;
    throw new AwsServiceError(code || `HTTP ${res.status}`, message, res.status, requestId);
  }

  return {
    region: opts.region,
    url,
    destroy: () => agent.destroy(),
    async send(req, readError) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(req, readError);
        } catch (err) {
          if (attempt >= maxAttempts || !retryable(err)) throw err;
          // Full jitter, as the SDK's standard mode: throttling backs off from 500 ms, the rest from 100 ms.
          await sleep(Math.random() * Math.min(20_000, (isThrottle(err) ? 500 : 100) * 2 ** (attempt - 1)));
        }
      }
    },
  };
}
