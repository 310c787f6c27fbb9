/**
 * Checks an incoming request's AWS Signature Version 4 (`Authorization` header form) as the
 * services do, for the protocol fakes in this folder. Written apart from src's signer on purpose:
 * the canonical request is rebuilt from what arrived on the wire (path and query decoded, then
 * encoded again), so a client that signs one thing and sends another is caught. (s3rver 3.7 does
 * not check V4 signatures at all.)
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface SigV4Check {
  /** Signing name: `s3`, `sns`, `secretsmanager`. */
  service: string;
  /** Only checked when given. */
  region?: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Default 15 minutes, as AWS. */
  maxSkewMs?: number;
}

export type SigV4Failure =
  | { kind: 'missing'; message: string }
  | { kind: 'unknown-key'; message: string }
  | { kind: 'mismatch'; message: string; canonicalRequest: string }
  | { kind: 'skew'; message: string }
  | { kind: 'payload'; message: string };

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** `a=b&c` with `+` read as a space (form decoding, as the services read a query); throws on bad escapes. */
export function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw.split('&').filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return eq < 0 ? [dec(part), ''] : [dec(part.slice(0, eq)), dec(part.slice(eq + 1))];
  });
}

/** Returns undefined when the signature holds, else what is wrong. `body` is the request body as received. */
export function verifySigV4(req: IncomingMessage, body: Buffer, check: SigV4Check): SigV4Failure | undefined {
  const auth = req.headers['authorization'];
  if (!auth) return { kind: 'missing', message: 'Request is missing Authentication Token' };
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { kind: 'missing', message: `Authorization header requires the AWS4-HMAC-SHA256 form: ${auth}` };
  const [, keyId, day, region, service, signedList, signature] = m as unknown as string[];
  if (keyId !== check.credentials.accessKeyId) return { kind: 'unknown-key', message: `The access key ${keyId} does not exist in our records.` };
  if (service !== check.service) return { kind: 'mismatch', message: `Credential should be scoped to correct service: '${check.service}'.`, canonicalRequest: '' };
  if (check.region && region !== check.region) return { kind: 'mismatch', message: `Credential should be scoped to a valid region, not '${region}'.`, canonicalRequest: '' };

  const stamp = String(req.headers['x-amz-date'] ?? '');
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!when) return { kind: 'missing', message: 'x-amz-date is missing or malformed' };
  if (!stamp.startsWith(day!)) return { kind: 'mismatch', message: 'Date in Credential scope does not match x-amz-date', canonicalRequest: '' };
  const t = Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!);
  if (Math.abs(Date.now() - t) > (check.maxSkewMs ?? 15 * 60_000)) return { kind: 'skew', message: 'The difference between the request time and the current time is too large.' };

  const names = signedList!.split(';');
  if (!names.includes('host')) return { kind: 'mismatch', message: 'host must be a signed header', canonicalRequest: '' };
  for (const n of names) if (req.headers[n] === undefined) return { kind: 'mismatch', message: `signed header ${n} was not sent`, canonicalRequest: '' };

  let payloadHash = hex(body);
  if (service === 's3') {
    const claimed = req.headers['x-amz-content-sha256'];
    if (typeof claimed !== 'string') return { kind: 'payload', message: 'Missing required header for this request: x-amz-content-sha256' };
    if (claimed !== 'UNSIGNED-PAYLOAD' && claimed !== payloadHash) return { kind: 'payload', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
    payloadHash = claimed;
  }

  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  let path: string;
  let query: string;
  try {
    const segments = rawPath.split('/').map((s) => rfc3986(decodeURIComponent(s)));
    // Every service but S3 signs each segment encoded twice.
    path = (service === 's3' ? segments : segments.map(rfc3986)).join('/') || '/';
    query = parseQuery(q < 0 ? '' : url.slice(q + 1))
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
  } catch {
    return { kind: 'mismatch', message: 'the request URI could not be decoded', canonicalRequest: '' };
  }
  const headerValue = (n: string) => {
    const v = req.headers[n];
    return (Array.isArray(v) ? v.join(',') : String(v)).trim().replace(/\s+/g, ' ');
  };
  const canonicalRequest = [req.method, path, query, names.map((n) => `${n}:${headerValue(n)}\n`).join(''), signedList, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${hex(canonicalRequest)}`;
  const key = hmac(hmac(hmac(hmac(`AWS4${check.credentials.secretAccessKey}`, day!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  if (expected !== signature) {
    return { kind: 'mismatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', canonicalRequest };
  }
  return undefined;
}
