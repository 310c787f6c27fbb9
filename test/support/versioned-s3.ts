/**
 * An in-memory versioned S3 bucket served over HTTP on 127.0.0.1, speaking S3's REST protocol
 * (path-style), for what s3rver 3.7 cannot do: it has no versioning (PutBucketVersioning is taken
 * for CreateBucket and answers 409 BucketAlreadyExists), answers 405 MethodNotAllowed to
 * ListObjectVersions, ignores `If-None-Match` and does not check V4 signatures. Our real S3 client
 * is pointed at it, so requests and answers go through the same encoding, signing and parsing as
 * against S3.
 *
 * It models the S3 rules our adapter relies on: every put adds a version; a plain delete adds a
 * delete marker (also for a key that never existed, as a versioning-enabled bucket does); a delete
 * with a version id removes that version; `If-None-Match: *` answers 412 PreconditionFailed while
 * the key has a current object; listings page by (key, version) with max-keys (default and most
 * 1000); DeleteObjects needs Content-MD5 and refuses more than 1000 entries (MalformedXML). Every
 * request must carry a valid SigV4 signature for the credentials given. Version ids contain `+`,
 * `/` and `.` as real ones do.
 *
 * Faults are queued per operation (`failNext`): the queued reply answers that many next requests
 * of the operation instead of the model, which stays in place for later calls.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3 } from '../../src/adapters/aws/client/s3.js';
import { createS3Client } from '../../src/adapters/aws/clients.js';
import { parseQuery, verifySigV4 } from '../fakes/aws/sigv4-verify.js';

export type S3Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject' | 'ListObjectVersions' | 'DeleteObjects';

/** A raw HTTP answer. For HEAD only the status and headers go out, as S3 sends no body there. */
export interface S3Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface S3Request {
  op: S3Operation | 'Unsupported';
  method: string;
  bucket: string;
  /** Decoded. */
  key: string;
  /** Decoded, in order. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface VersionedS3 {
  endpoint: string;
  bucket: string;
  /** Our S3 client, pointed here with the credentials the server checks. */
  client: S3;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Versions and delete markers stored under the prefix. */
  versionsUnder(prefix: string): number;
  /** Keys under the prefix whose newest version is an object (not a delete marker), sorted. */
  currentKeys(prefix?: string): string[];
  /** Entry count of each DeleteObjects the model carried out. */
  deleteBatchSizes: number[];
  /** ListObjectVersions calls the model answered. */
  listCalls(): number;
  /** Every request received, faulted ones included. */
  requests: S3Request[];
  calls(op: S3Operation): S3Request[];
  /** The next `times` requests of `op` get `reply` instead of the model's answer. */
  failNext(op: S3Operation, reply: S3Reply, times?: number): void;
  close(): Promise<void>;
}

export interface VersionedS3Options {
  bucket: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Entries per ListObjectVersions page at most, whatever max-keys asks (default 1000, S3's limit). */
  pageSize?: number;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const esc = (s: string) => s.replace(/[&<>"'\r\n]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;' })[c]!);
const unesc = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(parseInt(e.slice(1), 10)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!,
  );
const md5 = (b: Buffer | string) => createHash('md5').update(b);

/** S3's XML error answer. */
export function s3ErrorReply(code: string, status: number, message = code, extra: Record<string, string> = {}): S3Reply {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const fields = Object.entries(extra).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('');
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message>${fields}<RequestId>${requestId}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`,
  };
}

/** A DeleteObjects answer (200) reporting these entries as not deleted, as S3 does per key. */
export function deleteErrorsReply(errors: { key: string; versionId?: string; code: string; message?: string }[]): S3Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="${XMLNS}">${errors
      .map((e) => `<Error><Key>${esc(e.key)}</Key>${e.versionId ? `<VersionId>${esc(e.versionId)}</VersionId>` : ''}<Code>${esc(e.code)}</Code><Message>${esc(e.message ?? e.code)}</Message></Error>`)
      .join('')}</DeleteResult>`,
  };
}

interface Version {
  versionId: string;
  /** Issue order; within a key, newer versions list first. */
  seq: number;
  deleteMarker: boolean;
  body?: Buffer;
  contentType?: string;
  etag?: string;
  lastModified: Date;
}

/** The path of a path-style request: the bucket, and the key decoded as S3 does (a `+` is a space). */
function splitPath(rawPath: string): { bucket: string; key: string } {
  const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  const rest = rawPath.replace(/^\//, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: dec(rest), key: '' } : { bucket: dec(rest.slice(0, slash)), key: dec(rest.slice(slash + 1)) };
}

function operationOf(method: string, key: string, query: Map<string, string>): S3Operation | 'Unsupported' {
  const sub = [...query.keys()].filter((k) => k !== 'versionId');
  if (key === '') {
    if (method === 'GET' && query.has('versions')) return 'ListObjectVersions';
    if (method === 'POST' && query.has('delete') && query.size === 1) return 'DeleteObjects';
    return 'Unsupported';
  }
  if (sub.length) return 'Unsupported';
  if (method === 'PUT' && !query.has('versionId')) return 'PutObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'DELETE') return 'DeleteObject';
  return 'Unsupported';
}

export async function startVersionedS3(opts: VersionedS3Options): Promise<VersionedS3> {
  const region = opts.region ?? 'eu-west-1';
  const credentials = opts.credentials ?? { accessKeyId: 'x', secretAccessKey: 'x' };
  const pageSize = opts.pageSize ?? 1000;
  /** key → versions, newest first. */
  const keys = new Map<string, Version[]>();
  /** Every version id ever issued, with its order (a listing marker may name a version deleted since). */
  const issued = new Map<string, number>();
  let seq = 0;
  const deleteBatchSizes: number[] = [];
  let listCalls = 0;
  const requests: S3Request[] = [];
  const faults = new Map<S3Operation, S3Reply[]>();

  const addVersion = (key: string, v: Omit<Version, 'versionId' | 'seq' | 'lastModified'>): Version => {
    const n = ++seq;
    const version: Version = { ...v, seq: n, versionId: `${randomBytes(12).toString('base64url')}+${n.toString(36)}/${randomBytes(3).toString('hex')}.v`, lastModified: new Date() };
    issued.set(version.versionId, n);
    keys.set(key, [version, ...(keys.get(key) ?? [])]);
    return version;
  };
  const removeVersion = (key: string, versionId: string): Version | undefined => {
    const all = keys.get(key) ?? [];
    const gone = all.find((v) => v.versionId === versionId);
    const left = all.filter((v) => v !== gone);
    if (left.length) keys.set(key, left);
    else keys.delete(key);
    return gone;
  };
  const current = (key: string) => {
    const v = keys.get(key)?.[0];
    return v && !v.deleteMarker ? v : undefined;
  };
  const objectHeaders = (v: Version): Record<string, string> => ({
    'content-type': v.contentType ?? 'binary/octet-stream',
    'content-length': String(v.body!.byteLength),
    etag: v.etag!,
    'last-modified': v.lastModified.toUTCString(),
    'x-amz-version-id': v.versionId,
    'accept-ranges': 'bytes',
  });
  const noSuchKey = (key: string, method: string): S3Reply => {
    const marker = keys.get(key)?.[0];
    const headers: Record<string, string> = marker?.deleteMarker ? { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId } : {};
    const r: S3Reply = method === 'HEAD' ? { status: 404 } : s3ErrorReply('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });
    return { ...r, headers: { ...r.headers, ...headers } };
  };

  const model: Record<S3Operation, (r: S3Request, q: Map<string, string>) => S3Reply> = {
    PutObject(r) {
      if (Buffer.byteLength(r.key) > 1024) return s3ErrorReply('KeyTooLongError', 400, 'Your key is too long');
      const expectedMd5 = r.headers['content-md5'];
      if (expectedMd5 !== undefined && expectedMd5 !== md5(r.body).digest('base64')) return s3ErrorReply('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
      const inm = r.headers['if-none-match'];
      if (inm !== undefined && inm !== '*') return s3ErrorReply('NotImplemented', 501, 'A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' });
      if (r.headers['if-match'] !== undefined) return s3ErrorReply('NotImplemented', 501, 'A header you provided implies functionality that is not implemented', { Header: 'If-Match' });
      // The conditional write: refused while the key's newest version is an object.
      if (inm === '*' && current(r.key)) return s3ErrorReply('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
      const etag = `"${md5(r.body).digest('hex')}"`;
      const ct = r.headers['content-type'];
      const v = addVersion(r.key, { deleteMarker: false, body: Buffer.from(r.body), etag, ...(ct ? { contentType: ct } : {}) });
      return { status: 200, headers: { etag, 'x-amz-version-id': v.versionId } };
    },
    GetObject(r, q) {
      const v = q.has('versionId') ? keys.get(r.key)?.find((x) => x.versionId === q.get('versionId')) : current(r.key);
      if (q.has('versionId') && !v) return s3ErrorReply('NoSuchVersion', 404, 'The specified version does not exist.', { Key: r.key, VersionId: q.get('versionId')! });
      if (v?.deleteMarker) return s3ErrorReply('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');
      if (!v) return noSuchKey(r.key, 'GET');
      return { status: 200, headers: objectHeaders(v), body: v.body! };
    },
    HeadObject(r, q) {
      const v = q.has('versionId') ? keys.get(r.key)?.find((x) => x.versionId === q.get('versionId')) : current(r.key);
      if (!v || v.deleteMarker) return noSuchKey(r.key, 'HEAD');
      return { status: 200, headers: objectHeaders(v) };
    },
    DeleteObject(r, q) {
      const versionId = q.get('versionId');
      if (versionId !== undefined) {
        const gone = removeVersion(r.key, versionId);
        return { status: 204, headers: { 'x-amz-version-id': versionId, ...(gone?.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}) } };
      }
      const marker = addVersion(r.key, { deleteMarker: true });
      return { status: 204, headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId } };
    },
    ListObjectVersions(_r, q) {
      const prefix = q.get('prefix') ?? '';
      const keyMarker = q.get('key-marker');
      const versionIdMarker = q.get('version-id-marker');
      if (q.has('delimiter') || q.has('encoding-type')) return s3ErrorReply('NotImplemented', 501, 'delimiter and encoding-type are not implemented by this fake');
      const maxKeysRaw = q.get('max-keys') ?? '1000';
      if (!/^\d+$/.test(maxKeysRaw)) return s3ErrorReply('InvalidArgument', 400, 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: maxKeysRaw });
      if (versionIdMarker !== undefined && keyMarker === undefined) return s3ErrorReply('InvalidArgument', 400, 'A version-id marker cannot be specified without a key marker.', { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker });
      const markerSeq = versionIdMarker === undefined || versionIdMarker === '' ? undefined : issued.get(versionIdMarker);
      if (versionIdMarker && markerSeq === undefined) return s3ErrorReply('InvalidArgument', 400, 'Invalid version id specified', { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker });
      listCalls++;
      const max = Math.min(Number(maxKeysRaw), 1000, pageSize);
      const entries = [...keys.keys()]
        .filter((k) => k.startsWith(prefix))
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))) // S3 orders keys by their UTF-8 bytes
        .flatMap((key) => keys.get(key)!.map((v, i) => ({ key, v, latest: i === 0 })))
        .filter((e) => {
          if (keyMarker === undefined || keyMarker === '') return true;
          const c = Buffer.compare(Buffer.from(e.key), Buffer.from(keyMarker));
          return c > 0 || (c === 0 && markerSeq !== undefined && e.v.seq < markerSeq);
        });
      const page = entries.slice(0, max);
      const truncated = entries.length > max;
      const last = page[page.length - 1];
      const owner = '<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>paypulse</DisplayName></Owner>';
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="${XMLNS}"><Name>${esc(opts.bucket)}</Name><Prefix>${esc(prefix)}</Prefix>` +
        `<KeyMarker>${esc(keyMarker ?? '')}</KeyMarker><VersionIdMarker>${esc(versionIdMarker ?? '')}</VersionIdMarker><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
        (truncated && last ? `<NextKeyMarker>${esc(last.key)}</NextKeyMarker><NextVersionIdMarker>${esc(last.v.versionId)}</NextVersionIdMarker>` : '') +
        page
          .map(({ key, v, latest }) =>
            v.deleteMarker
              ? `<DeleteMarker><Key>${esc(key)}</Key><VersionId>${esc(v.versionId)}</VersionId><IsLatest>${latest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified>${owner}</DeleteMarker>`
              : `<Version><Key>${esc(key)}</Key><VersionId>${esc(v.versionId)}</VersionId><IsLatest>${latest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified><ETag>${esc(v.etag!)}</ETag><Size>${v.body!.byteLength}</Size>${owner}<StorageClass>STANDARD</StorageClass></Version>`,
          )
          .join('') +
        '</ListVersionsResult>';
      return { status: 200, headers: { 'content-type': 'application/xml' }, body };
    },
    DeleteObjects(r) {
      const given = r.headers['content-md5'];
      const checksum = Object.keys(r.headers).some((h) => h.startsWith('x-amz-checksum-'));
      if (given === undefined && !checksum) return s3ErrorReply('InvalidRequest', 400, 'Missing required header for this request: Content-MD5');
      if (given !== undefined && given !== md5(r.body).digest('base64')) return s3ErrorReply('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
      // An XML parser's end-of-line handling: a raw CR (alone or before LF) is read as LF. (S3 asks for
      // CR and LF in keys as `&#13;` and `&#10;` for that reason.)
      const xml = r.body.toString('utf8').replace(/\r\n?/g, '\n');
      const malformed = () => s3ErrorReply('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
      const root = /^\s*(?:<\?xml[^>]*\?>)?\s*<Delete(?:\s[^>]*)?>([\s\S]*)<\/Delete>\s*$/.exec(xml);
      if (!root) return malformed();
      const inner = root[1]!;
      const objects = [...inner.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => {
        const key = /<Key>([\s\S]*?)<\/Key>/.exec(m[1]!)?.[1];
        const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(m[1]!)?.[1];
        return { key: key === undefined ? undefined : unesc(key), ...(versionId !== undefined ? { versionId: unesc(versionId) } : {}) };
      });
      if (objects.length === 0 || objects.length > 1000 || objects.some((o) => o.key === undefined || o.key === '')) return malformed();
      const quiet = /<Quiet>\s*true\s*<\/Quiet>/.test(inner);
      deleteBatchSizes.push(objects.length);
      const deleted = objects.map(({ key, versionId }) => {
        if (versionId !== undefined) {
          const gone = removeVersion(key!, versionId);
          return `<Deleted><Key>${esc(key!)}</Key><VersionId>${esc(versionId)}</VersionId>${gone?.deleteMarker ? `<DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>${esc(versionId)}</DeleteMarkerVersionId>` : ''}</Deleted>`;
        }
        const marker = addVersion(key!, { deleteMarker: true });
        return `<Deleted><Key>${esc(key!)}</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>${esc(marker.versionId)}</DeleteMarkerVersionId></Deleted>`;
      });
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="${XMLNS}">${quiet ? '' : deleted.join('')}</DeleteResult>` };
    },
  };

  function answer(req: IncomingMessage, body: Buffer): S3Reply {
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    let bucket: string;
    let key: string;
    let query: [string, string][];
    try {
      ({ bucket, key } = splitPath(qi < 0 ? url : url.slice(0, qi)));
      query = parseQuery(qi < 0 ? '' : url.slice(qi + 1));
    } catch {
      return s3ErrorReply('InvalidURI', 400, "Couldn't parse the specified URI.");
    }
    const q = new Map(query);
    const method = req.method ?? 'GET';
    const op = bucket === '' ? 'Unsupported' : operationOf(method, key, q);
    const r: S3Request = { op, method, bucket, key, query, headers: req.headers, body };
    requests.push(r);
    if (op !== 'Unsupported') {
      const queued = faults.get(op);
      const fault = queued?.shift();
      if (fault) return fault;
    }
    const failure = verifySigV4(req, body, { service: 's3', region, credentials });
    if (failure) {
      const code = { missing: 'AccessDenied', 'unknown-key': 'InvalidAccessKeyId', mismatch: 'SignatureDoesNotMatch', skew: 'RequestTimeTooSkewed', payload: 'XAmzContentSHA256Mismatch' }[failure.kind];
      const extra: Record<string, string> = failure.kind === 'mismatch' ? { CanonicalRequest: failure.canonicalRequest } : {};
      return s3ErrorReply(code, failure.kind === 'payload' ? 400 : 403, failure.message, extra);
    }
    if (bucket !== opts.bucket) return method === 'HEAD' ? { status: 404 } : s3ErrorReply('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });
    if (op === 'Unsupported') return s3ErrorReply('NotImplemented', 501, `${method} ${url} is not implemented by this fake`);
    return model[op](r, q);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(req, Buffer.concat(chunks));
      const body = req.method === 'HEAD' || reply.body === undefined ? undefined : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
      const headers: Record<string, string> = { 'x-amz-request-id': randomUUID().slice(0, 16), server: 'AmazonS3', ...reply.headers };
      if (body) headers['content-length'] = String(body.byteLength);
      else if (req.method !== 'HEAD') headers['content-length'] = '0';
      res.writeHead(reply.status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createS3Client({ region, endpoints: { s3: endpoint }, credentials });

  return {
    endpoint,
    bucket: opts.bucket,
    client,
    credentials,
    versionsUnder: (prefix) => [...keys].filter(([k]) => k.startsWith(prefix)).reduce((n, [, vs]) => n + vs.length, 0),
    currentKeys: (prefix = '') => [...keys.keys()].filter((k) => k.startsWith(prefix) && current(k)).sort(),
    deleteBatchSizes,
    listCalls: () => listCalls,
    requests,
    calls: (op) => requests.filter((r) => r.op === op),
    failNext: (op, reply, times = 1) => faults.set(op, [...(faults.get(op) ?? []), ...Array.from({ length: times }, () => reply)]),
    async close() {
      client.destroy();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
