import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 (the `Authorization` header form), for the few services PayPulse calls.
 * Checked against the SDK's own signer in test/adapters/aws/client/sigv4.test.ts.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working; absent for long-lived keys. */
  expiration?: Date;
}

export interface SignableRequest {
  method: string;
  /** `host[:port]` as sent. */
  host: string;
  /** The path as sent on the wire (already percent-encoded). */
  path: string;
  query: [string, string][];
  /** Lower-case names. Every header given here is signed. */
  headers: Record<string, string>;
  payloadHash: string;
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

// Deriving the key costs four HMACs; it changes once a day per credential, region and service.
const keyCache = new Map<string, Buffer>();
function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${secret}\n${day}\n${region}\n${service}`;
  let key = keyCache.get(id);
  if (!key) {
    const hmac = (k: string | Buffer, v: string) => createHmac('sha256', k).update(v).digest();
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (keyCache.size > 32) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * Adds `x-amz-date`, `x-amz-security-token` (temporary credentials) and `authorization` to
 * `req.headers`. `doubleEncodePath`: every service but S3 signs the path encoded a second time.
 */
export function signRequest(
  req: SignableRequest,
  opts: { service: string; region: string; credentials: Credentials; now: Date; doubleEncodePath: boolean },
): void {
  const { credentials: c } = opts;
  const stamp = amzDate(opts.now);
  const day = stamp.slice(0, 8);
  req.headers['host'] = req.host;
  req.headers['x-amz-date'] = stamp;
  if (c.sessionToken) req.headers['x-amz-security-token'] = c.sessionToken;
  const names = Object.keys(req.headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${req.headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const path = opts.doubleEncodePath ? req.path.split('/').map(uriEncode).join('/') : req.path;
  const query = req.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [req.method, path || '/', query, canonicalHeaders, signedHeaders, req.payloadHash].join('\n');
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', signingKey(c.secretAccessKey, day, opts.region, opts.service)).update(toSign).digest('hex');
  req.headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
