/**
 * s3rver implements no versioning API. This proxy forwards everything to it and answers
 * `ListObjectVersions` (GET /<bucket>?versions) from s3rver's ListObjectsV2, as an unversioned
 * bucket would: each current object is one version with id "null". Enough for code that erases
 * every version (delete_user, D11) to run against a real S3 protocol server in tests.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3VersionsProxy {
  endpoint: string;
  close(): Promise<void>;
}

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);

export async function startS3VersionsProxy(target: string): Promise<S3VersionsProxy> {
  const upstream = new URL(target);
  const forward = (method: string, path: string, headers: Record<string, unknown>, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: upstream.hostname, port: upstream.port, method, path, headers: { ...headers, host: upstream.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://proxy');
        if (req.method === 'GET' && url.searchParams.has('versions')) {
          const bucket = url.pathname.split('/')[1]!;
          const list = new URLSearchParams({ 'list-type': '2', prefix: url.searchParams.get('prefix') ?? '', 'max-keys': '1000' });
          const r = await forward('GET', `/${bucket}?${list}`, {}, Buffer.alloc(0));
          const xml = r.body.toString('utf8');
          const versions = tag(xml, 'Contents')
            .map((c) => `<Version><Key>${tag(c, 'Key')[0]}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>${tag(c, 'LastModified')[0]}</LastModified><Size>${tag(c, 'Size')[0]}</Size></Version>`)
            .join('');
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${url.searchParams.get('prefix') ?? ''}</Prefix><IsTruncated>false</IsTruncated>${versions}</ListVersionsResult>`);
          return;
        }
        const r = await forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks));
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      } catch (err) {
        res.writeHead(502);
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
