/**
 * A small Secrets Manager endpoint on 127.0.0.1 speaking the service's JSON 1.1 protocol, for the
 * adapter tests and the tests of the built Lambda bundles (pointed here with
 * AWS_ENDPOINT_URL_SECRETS_MANAGER). Only the calls our code makes, answered as the service does:
 * ResourceNotFoundException for a missing secret; a delete without ForceDeleteWithoutRecovery
 * schedules the secret for deletion, after which reads, writes and creates of it answer
 * InvalidRequestException until RestoreSecret; ResourceExistsException on a second create; a forced
 * delete of a missing secret succeeds. Errors are `{"__type": ..., "message": ...}`, status 400
 * (500 for InternalServiceError).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from './sigv4-verify.js';

export interface SecretsManagerError {
  /** The `__type`: `AccessDeniedException`, `ThrottlingException`, `InternalServiceError`... */
  type: string;
  message?: string;
  /** Default 400 (500 for `InternalServiceError`). */
  status?: number;
}

export interface FakeSecretsManager {
  endpoint: string;
  /** Name → current SecretString. Tests may set and delete entries directly. */
  secrets: Map<string, string>;
  /** Names scheduled for deletion (a delete without ForceDeleteWithoutRecovery). */
  scheduledForDeletion: Set<string>;
  /** How many versions the secret has had: 1 when created (or set directly), +1 per PutSecretValue. */
  versionCount(name: string): number;
  /** `<Operation> <SecretId>` per call, in order. */
  calls: string[];
  /** Every call's operation and JSON body, in order. */
  requests: { op: string; body: Record<string, unknown> }[];
  /** The next `times` calls, whatever they are, answer this error instead. */
  failNext(error: SecretsManagerError, times?: number): void;
  /** The next `n` calls are held until all `n` have arrived, then answered in arrival order (forces a race). */
  holdNext(n: number): void;
  /** Forgets every secret, call and queued fault. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSecretsManagerOptions {
  /** When given, every request must carry a valid SigV4 signature by these credentials. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = type === 'InternalServiceError' ? 500 : 400,
  ) {
    super(message);
  }
}

type Body = Record<string, any>;

export async function startFakeSecretsManager(initial: Record<string, string> = {}, opts: FakeSecretsManagerOptions = {}): Promise<FakeSecretsManager> {
  const secrets = new Map(Object.entries(initial));
  const scheduledForDeletion = new Set<string>();
  const versions = new Map<string, number>();
  const calls: string[] = [];
  const requests: FakeSecretsManager['requests'] = [];
  let faults: SecretsManagerError[] = [];
  let hold: { size: number; waiting: (() => void)[] } | undefined;

  const versionCount = (name: string) => (secrets.has(name) ? (versions.get(name) ?? 1) : 0);
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
  const notFound = () => new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  const need = (id: unknown) => {
    if (typeof id !== 'string' || id === '') throw new ServiceError('InvalidParameterException', 'You must provide a value for the SecretId parameter.');
    const v = secrets.get(id);
    if (v === undefined) throw notFound();
    return v;
  };
  /** The secret, which must exist and not be scheduled for deletion. */
  const live = (id: unknown) => {
    const v = need(id);
    if (scheduledForDeletion.has(id as string)) throw new ServiceError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
    return v;
  };
  const secretString = (b: Body) => {
    if (typeof b.SecretString !== 'string') throw new ServiceError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
    if (Buffer.byteLength(b.SecretString) > 65536) throw new ServiceError('InvalidParameterException', 'SecretString exceeds the maximum size of 65536 bytes.');
    return b.SecretString;
  };

  const ops: Record<string, (b: Body) => unknown> = {
    GetSecretValue: (b) => ({ ARN: arn(b.SecretId), Name: b.SecretId, SecretString: live(b.SecretId), VersionId: randomUUID(), VersionStages: ['AWSCURRENT'], CreatedDate: Date.now() / 1000 }),
    DescribeSecret: (b) => (need(b.SecretId), { ARN: arn(b.SecretId), Name: b.SecretId, ...(scheduledForDeletion.has(b.SecretId) ? { DeletedDate: Date.now() / 1000 } : {}) }),
    CreateSecret: (b) => {
      if (typeof b.Name !== 'string' || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(b.Name)) throw new ServiceError('InvalidParameterException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
      const value = secretString(b);
      if (scheduledForDeletion.has(b.Name)) throw new ServiceError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
      if (secrets.has(b.Name)) throw new ServiceError('ResourceExistsException', `The operation failed because the secret ${b.Name} already exists.`);
      secrets.set(b.Name, value);
      versions.set(b.Name, 1);
      return { ARN: arn(b.Name), Name: b.Name, VersionId: randomUUID() };
    },
    PutSecretValue: (b) => {
      live(b.SecretId);
      const value = secretString(b);
      versions.set(b.SecretId, versionCount(b.SecretId) + 1);
      secrets.set(b.SecretId, value);
      return { ARN: arn(b.SecretId), Name: b.SecretId, VersionId: randomUUID(), VersionStages: ['AWSCURRENT'] };
    },
    DeleteSecret: (b) => {
      if (b.ForceDeleteWithoutRecovery && b.RecoveryWindowInDays !== undefined) {
        throw new ServiceError('InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
      }
      if (b.ForceDeleteWithoutRecovery) {
        // A forced delete of a missing secret succeeds, so that retries are harmless.
        secrets.delete(b.SecretId);
        versions.delete(b.SecretId);
        scheduledForDeletion.delete(b.SecretId);
      } else {
        live(b.SecretId);
        scheduledForDeletion.add(b.SecretId);
      }
      return { ARN: arn(b.SecretId), Name: b.SecretId, DeletionDate: Date.now() / 1000 + (b.ForceDeleteWithoutRecovery ? 0 : (b.RecoveryWindowInDays ?? 30) * 86400) };
    },
    RestoreSecret: (b) => {
      need(b.SecretId);
      scheduledForDeletion.delete(b.SecretId);
      return { ARN: arn(b.SecretId), Name: b.SecretId };
    },
  };

  const answer = (req: IncomingMessage, raw: Buffer, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(body));
    };
    try {
      if (opts.credentials) {
        const failure = verifySigV4(req, raw, { service: 'secretsmanager', ...(opts.region ? { region: opts.region } : {}), credentials: opts.credentials });
        if (failure?.kind === 'missing') throw new ServiceError('MissingAuthenticationTokenException', failure.message);
        if (failure?.kind === 'unknown-key') throw new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.');
        if (failure) throw new ServiceError('InvalidSignatureException', failure.message);
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith('secretsmanager.')) throw new ServiceError('UnknownOperationException', '');
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1') throw new ServiceError('SerializationException', 'expected application/x-amz-json-1.1');
      const op = target.slice('secretsmanager.'.length);
      let body: Body;
      try {
        body = JSON.parse(raw.toString('utf8') || '{}') as Body;
      } catch {
        throw new ServiceError('SerializationException', 'Start of structure or map found where not expected.');
      }
      calls.push(`${op} ${body.SecretId ?? body.Name ?? ''}`);
      requests.push({ op, body });
      const fault = faults.shift();
      if (fault) throw new ServiceError(fault.type, fault.message ?? fault.type, fault.status);
      const handle = ops[op];
      if (!handle) throw new ServiceError('UnknownOperationException', `operation ${op} is not supported by the fake`);
      send(200, handle(body));
    } catch (err) {
      const e = err instanceof ServiceError ? err : new ServiceError('InternalServiceError', String(err));
      send(e.status, { __type: e.type, message: e.message });
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const run = () => answer(req, Buffer.concat(chunks), res);
      if (!hold) return run();
      const h = hold;
      h.waiting.push(run);
      if (h.waiting.length < h.size) return;
      hold = undefined;
      for (const w of h.waiting) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secrets,
    scheduledForDeletion,
    versionCount,
    calls,
    requests,
    failNext: (error, times = 1) => void faults.push(...Array.from({ length: times }, () => error)),
    holdNext(n) {
      hold = n > 1 ? { size: n, waiting: [] } : undefined;
    },
    reset() {
      secrets.clear();
      scheduledForDeletion.clear();
      versions.clear();
      calls.length = 0;
      requests.length = 0;
      faults = [];
      hold = undefined;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
