import { createHash } from 'node:crypto';
import { uriEncode } from './sigv4.js';
import { createService, type ErrorReader, type OutgoingRequest, type Service, type ServiceOptions } from './transport.js';
import { readXmlError, xmlElements, xmlEscape, xmlText, xmlValue } from './xml.js';

/** The S3 calls PayPulse makes, over its REST protocol. */
export interface S3Bucket {
  put(key: string, body: Uint8Array, opts?: { contentType?: string; ifNoneMatch?: '*' }): Promise<void>;
  /** `undefined` when there is no such key (a missing bucket is an error). */
  get(key: string): Promise<{ body: Uint8Array; lastModified?: Date; contentType?: string } | undefined>;
  /** Throws an error whose `$metadata.httpStatusCode` is 404 (or 403 without s3:ListBucket) when absent. */
  head(key: string): Promise<void>;
  delete(key: string): Promise<void>;
  listVersions(prefix: string, marker?: { key: string; versionId?: string }): Promise<VersionPage>;
  /** At most 1000 entries; returns the entries S3 could not delete. */
  deleteVersions(entries: { key: string; versionId?: string }[]): Promise<{ key: string; code: string }[]>;
}

/** One connection pool for every bucket. */
export interface S3 {
  bucket(name: string): S3Bucket;
  destroy(): void;
}

export interface VersionPage {
  entries: { key: string; versionId?: string }[];
  next?: { key: string; versionId?: string };
}

export interface S3Options extends Omit<ServiceOptions, 'service'> {
  /** Bucket in the path instead of the host name (S3-compatible servers, emulators). */
  pathStyle?: boolean;
}

// HEAD answers and some errors have no body: the status names the error, as in the SDK.
const readError: ErrorReader = (res) => {
  const parsed = readXmlError(res.body.toString('utf8'));
  if (parsed.code) return parsed;
  return { code: res.status === 404 ? 'NotFound' : res.status === 403 ? 'Forbidden' : res.status === 412 ? 'PreconditionFailed' : `HTTP ${res.status}`, message: '' };
};

export function createS3(opts: S3Options): S3 {
  const pathStyle = opts.pathStyle ?? !!opts.endpoint;
  const service = createService({ ...opts, service: 's3', endpoint: opts.endpoint ?? `https://s3.${opts.region}.amazonaws.com` });
  return { bucket: (name) => bucketOf(name, service, pathStyle), destroy: () => service.destroy() };
}

function bucketOf(bucket: string, service: Service, pathStyle: boolean): S3Bucket {
  // A name with dots cannot be a host under S3's wildcard TLS certificate: such buckets go in the
  // path, as the SDK sends them.
  const host = pathStyle || !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) ? undefined : `${bucket}.${service.url.host}`;
  const pathOf = (key = '') => `${host ? '' : `/${uriEncode(bucket)}`}/${key.split('/').map(uriEncode).join('/')}`;
  const send = (req: OutgoingRequest) => service.send({ ...req, ...(host ? { host } : {}), s3: true }, readError);

  return {
    async put(key, body, o = {}) {
      await send({
        method: 'PUT',
        path: pathOf(key),
        headers: { ...(o.contentType ? { 'content-type': o.contentType } : {}), ...(o.ifNoneMatch ? { 'if-none-match': o.ifNoneMatch } : {}) },
        body,
      });
    },
    async get(key) {
      try {
        const res = await send({ method: 'GET', path: pathOf(key) });
        const lm = res.headers['last-modified'];
        return { body: new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength), ...(lm ? { lastModified: new Date(lm) } : {}), ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}) };
      } catch (err) {
        if ((err as Error).name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
    async head(key) {
      await send({ method: 'HEAD', path: pathOf(key) });
    },
    async delete(key) {
      await send({ method: 'DELETE', path: pathOf(key) });
    },
    async listVersions(prefix, marker) {
      const res = await send({
        method: 'GET',
        path: pathOf(),
        query: [['versions', ''], ['prefix', prefix], ...(marker ? [['key-marker', marker.key] as [string, string]] : []), ...(marker?.versionId ? [['version-id-marker', marker.versionId] as [string, string]] : [])],
      });
      const xml = res.body.toString('utf8');
      const entries = [...xmlElements(xml, 'Version'), ...xmlElements(xml, 'DeleteMarker')].flatMap((v) => {
        const key = xmlValue(v, 'Key');
        const versionId = xmlValue(v, 'VersionId');
        return key === undefined ? [] : [{ key, ...(versionId ? { versionId } : {}) }];
      });
      if (xmlValue(xml, 'IsTruncated') !== 'true') return { entries };
      const nextKey = xmlValue(xml, 'NextKeyMarker') ?? '';
      const nextVersion = xmlValue(xml, 'NextVersionIdMarker');
      return { entries, next: { key: nextKey, ...(nextVersion ? { versionId: nextVersion } : {}) } };
    },
    async deleteVersions(entries) {
      if (entries.length === 0) return [];
      const body = `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>${entries
        .map((e) => `<Object><Key>${xmlEscape(e.key)}</Key>${e.versionId ? `<VersionId>${xmlEscape(e.versionId)}</VersionId>` : ''}</Object>`)
        .join('')}</Delete>`;
      // DeleteObjects needs a checksum of its body.
      const res = await send({ method: 'POST', path: pathOf(), query: [['delete', '']], headers: { 'content-type': 'application/xml', 'content-md5': createHash('md5').update(body).digest('base64') }, body });
      return xmlElements(res.body.toString('utf8'), 'Error').map((e) => ({ key: xmlValue(e, 'Key') ?? '', code: xmlText(xmlElements(e, 'Code')[0] ?? '') }));
    },
  };
}
