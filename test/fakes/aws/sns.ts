/**
 * A small SNS endpoint on 127.0.0.1 speaking the Query protocol for `Publish` (a form POST, an XML
 * answer), for the adapter tests and the tests of the built bundles. Records every request and
 * every accepted message with its attributes. Errors are answered as SNS does: an
 * `<ErrorResponse>` with the error's type, code and message, status 400 for the sender's faults
 * and 500 for the service's. `failNext` queues such an error for the next Publish requests.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from './sigv4-verify.js';

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  /** Attribute name → string value. */
  attributes: Record<string, string>;
  /** Attribute name → its type and value, as sent. */
  messageAttributes: Record<string, { DataType: string; StringValue?: string }>;
}

export interface SnsError {
  /** SNS's error code: `InternalError`, `Throttled`, `AuthorizationError`, `NotFound`... */
  code: string;
  message?: string;
  /** Default: `Receiver` for a 5xx status, else `Sender`. */
  type?: 'Sender' | 'Receiver';
  /** Default 400 (500 for `InternalError`). */
  status?: number;
}

export interface FakeSns {
  endpoint: string;
  /** The messages SNS accepted. */
  published: PublishedMessage[];
  /** The form of every request that passed the signature check, refused and failed ones included. */
  requests: Record<string, string>[];
  /** The next `times` Publish requests are answered with this error (and publish nothing). */
  failNext(error: SnsError, times?: number): void;
  /** Forgets the messages, requests and queued errors. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSnsOptions {
  /** When given, every request must carry a valid SigV4 signature by these credentials. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  /** When given, a Publish to any other topic is answered 404 NotFound, as for a missing topic. */
  topics?: string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

class SnsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

/** Publish's checks, in SNS's words. */
function publish(form: URLSearchParams, topics: string[] | undefined): PublishedMessage {
  const topicArn = form.get('TopicArn');
  const message = form.get('Message');
  if (!topicArn && !form.get('TargetArn') && !form.get('PhoneNumber')) throw new SnsFault('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  if (!topicArn) throw new SnsFault('InvalidParameter', 'Invalid parameter: only TopicArn is supported by this fake');
  if (!/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn)) throw new SnsFault('InvalidParameter', 'Invalid parameter: TopicArn');
  if (topics && !topics.includes(topicArn)) throw new SnsFault('NotFound', 'Topic does not exist', 404);
  if (message === null) throw new SnsFault('ValidationError', "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
  if (message === '') throw new SnsFault('InvalidParameter', 'Invalid parameter: Empty message');
  if (Buffer.byteLength(message) > 256 * 1024) throw new SnsFault('InvalidParameter', 'Invalid parameter: Message too long');
  const subject = form.get('Subject');
  // SNS: subjects are under 100 characters with no line breaks or control characters.
  if (subject !== null && (subject === '' || subject.length >= 100 || /[\u0000-\u001f\u007f]/.test(subject))) throw new SnsFault('InvalidParameter', 'Invalid parameter: Subject');
  const attributes: Record<string, string> = {};
  const messageAttributes: PublishedMessage['messageAttributes'] = {};
  for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const p = `MessageAttributes.entry.${i}`;
    const name = form.get(`${p}.Name`)!;
    const type = form.get(`${p}.Value.DataType`);
    const value = form.get(`${p}.Value.StringValue`);
    if (!type) throw new SnsFault('ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!/^(String|Number|Binary|String\.Array)(\..+)?$/.test(type)) throw new SnsFault('ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    if (type.startsWith('String') && !value) throw new SnsFault('ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
    if (name in messageAttributes) throw new SnsFault('ParameterValueInvalid', `The message attribute '${name}' is given twice.`);
    attributes[name] = value ?? '';
    messageAttributes[name] = { DataType: type, ...(value !== null ? { StringValue: value } : {}) };
  }
  return { topicArn, ...(subject !== null ? { subject } : {}), message, attributes, messageAttributes };
}

export async function startFakeSns(opts: FakeSnsOptions = {}): Promise<FakeSns> {
  const published: PublishedMessage[] = [];
  const requests: Record<string, string>[] = [];
  let faults: SnsError[] = [];

  const handle = (req: IncomingMessage, body: Buffer): PublishedMessage => {
    if (opts.credentials) {
      const failure = verifySigV4(req, body, { service: 'sns', ...(opts.region ? { region: opts.region } : {}), credentials: opts.credentials });
      if (failure) {
        if (failure.kind === 'missing') throw new SnsFault('MissingAuthenticationToken', failure.message, 403);
        if (failure.kind === 'unknown-key') throw new SnsFault('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
        if (failure.kind === 'skew') throw new SnsFault('SignatureDoesNotMatch', 'Signature expired', 403);
        throw new SnsFault('SignatureDoesNotMatch', failure.message, 403);
      }
    }
    if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new SnsFault('InvalidAction', 'The Query protocol needs a form POST', 400);
    }
    const form = new URLSearchParams(body.toString('utf8'));
    requests.push(Object.fromEntries(form));
    const action = form.get('Action');
    if (action !== 'Publish') throw new SnsFault('InvalidAction', `Could not find operation ${action} for version ${form.get('Version')}`);
    if (form.get('Version') !== '2010-03-31') throw new SnsFault('InvalidAction', `Could not find operation Publish for version ${form.get('Version')}`);
    const fault = faults.shift();
    if (fault) throw new SnsFault(fault.code, fault.message ?? fault.code, fault.status ?? (fault.code === 'InternalError' ? 500 : 400), fault.type);
    return publish(form, opts.topics);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = randomUUID();
      try {
        const message = handle(req, Buffer.concat(chunks));
        published.push(message);
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
        );
      } catch (err) {
        const e = err instanceof SnsFault ? err : new SnsFault('InternalError', String(err), 500);
        res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        res.end(
          `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${e.type}</Type><Code>${esc(e.code)}</Code><Message>${esc(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    published,
    requests,
    failNext: (error, times = 1) => void faults.push(...Array.from({ length: times }, () => error)),
    reset() {
      published.length = 0;
      requests.length = 0;
      faults = [];
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
