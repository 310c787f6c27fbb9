/**
 * A small Secrets Manager endpoint on 127.0.0.1 speaking the service's JSON 1.1 protocol, for
 * tests of the built Lambda bundles: a bundle carries its own SDK copy, which aws-sdk-client-mock
 * cannot reach, so the bundle is pointed here with AWS_ENDPOINT_URL_SECRETS_MANAGER. Only the
 * calls our code makes; missing secrets answer like the service (ResourceNotFoundException).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  endpoint: string;
  secrets: Map<string, string>;
  /** `<Operation> <SecretId>` per call, in order. */
  calls: string[];
  close(): Promise<void>;
}

class ServiceError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export async function startFakeSecretsManager(initial: Record<string, string> = {}): Promise<FakeSecretsManager> {
  const secrets = new Map(Object.entries(initial));
  const calls: string[] = [];
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
  const need = (id: string) => {
    const v = secrets.get(id);
    if (v === undefined) throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return v;
  };
  const ops: Record<string, (b: Record<string, any>) => unknown> = {
    GetSecretValue: (b) => ({ ARN: arn(b.SecretId), Name: b.SecretId, SecretString: need(b.SecretId), VersionId: 'v1' }),
    DescribeSecret: (b) => (need(b.SecretId), { ARN: arn(b.SecretId), Name: b.SecretId }),
    CreateSecret: (b) => {
      if (secrets.has(b.Name)) throw new ServiceError('ResourceExistsException', 'The secret already exists.');
      secrets.set(b.Name, b.SecretString);
      return { ARN: arn(b.Name), Name: b.Name, VersionId: 'v1' };
    },
    PutSecretValue: (b) => {
      need(b.SecretId);
      secrets.set(b.SecretId, b.SecretString);
      return { ARN: arn(b.SecretId), Name: b.SecretId, VersionId: 'v2' };
    },
    DeleteSecret: (b) => {
      if (!b.ForceDeleteWithoutRecovery) need(b.SecretId);
      secrets.delete(b.SecretId);
      return { ARN: arn(b.SecretId), Name: b.SecretId, DeletionDate: Date.now() / 1000 };
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, any>;
        calls.push(`${op} ${body.SecretId ?? body.Name ?? ''}`);
        const handle = ops[op];
        if (!handle) throw new ServiceError('InvalidRequestException', `operation ${op} not supported by the fake`);
        send(200, handle(body));
      } catch (err) {
        const e = err instanceof ServiceError ? err : new ServiceError('InternalServiceError', String(err));
        send(400, { __type: e.type, message: e.message });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secrets,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
