/**
 * An in-memory versioned bucket behind aws-sdk-client-mock, for what s3rver 3.7 cannot do: it has
 * no versioning (PutBucketVersioning is taken for CreateBucket and answers 409
 * BucketAlreadyExists) and answers 405 MethodNotAllowed to ListObjectVersions. It models the S3
 * rules our adapter relies on: every put adds a version, a plain delete adds a delete marker,
 * a delete with VersionId removes that version, listings page by (key, version) with MaxKeys
 * (default 1000), and DeleteObjects refuses more than 1000 entries.
 */
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type DeleteObjectsCommandInput,
  type ListObjectVersionsCommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

interface Version {
  versionId: string;
  deleteMarker: boolean;
  body?: Uint8Array;
  contentType?: string;
  lastModified: Date;
}

export function createVersionedS3() {
  const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(client);
  /** key → versions, newest first. */
  const keys = new Map<string, Version[]>();
  let seq = 0;
  const deleteBatchSizes: number[] = [];
  let listCalls = 0;

  const addVersion = (key: string, v: Omit<Version, 'versionId' | 'lastModified'>) => {
    const versions = keys.get(key) ?? [];
    versions.unshift({ ...v, versionId: `v${String(++seq).padStart(8, '0')}`, lastModified: new Date() });
    keys.set(key, versions);
  };
  const removeVersion = (key: string, versionId: string) => {
    const left = (keys.get(key) ?? []).filter((v) => v.versionId !== versionId);
    if (left.length) keys.set(key, left);
    else keys.delete(key);
  };
  const current = (key: string) => {
    const v = keys.get(key)?.[0];
    return v && !v.deleteMarker ? v : undefined;
  };
  // Faults queued per command name; the model's own behaviour stays in place for later calls.
  const faults = new Map<string, (Error | object)[]>();
  const fault = (name: string) => {
    const f = faults.get(name)?.shift();
    if (f instanceof Error) throw f;
    return f;
  };
  const notFound = () => new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'Not Found' });

  mock.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const injected = fault('PutObjectCommand');
    if (injected) return injected;
    // S3's conditional write: If-None-Match '*' on a key whose current version is an object.
    if (input.IfNoneMatch === '*' && current(input.Key!)) {
      throw new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'At least one of the pre-conditions you specified did not hold' });
    }
    addVersion(input.Key!, { deleteMarker: false, body: new Uint8Array(input.Body as Uint8Array), ...(input.ContentType ? { contentType: input.ContentType } : {}) });
    return {};
  });
  mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const injected = fault('GetObjectCommand');
    if (injected) return injected;
    const v = current(Key);
    if (!v) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    const body = v.body!;
    return { Body: { transformToByteArray: async () => new Uint8Array(body) }, ContentType: v.contentType, LastModified: v.lastModified };
  });
  mock.on(HeadObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const injected = fault('HeadObjectCommand');
    if (injected) return injected;
    if (!current(Key)) throw notFound();
    return {};
  });
  mock.on(DeleteObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const injected = fault('DeleteObjectCommand');
    if (injected) return injected;
    if (keys.has(Key)) addVersion(Key, { deleteMarker: true });
    return {};
  });
  mock.on(ListObjectVersionsCommand).callsFake((input: ListObjectVersionsCommandInput) => {
    const injected = fault('ListObjectVersionsCommand');
    if (injected) return injected;
    listCalls++;
    const max = input.MaxKeys ?? 1000;
    const entries = [...keys.keys()]
      .filter((k) => k.startsWith(input.Prefix ?? ''))
      .sort()
      .flatMap((key) => keys.get(key)!.map((v) => ({ key, v })));
    let start = 0;
    if (input.KeyMarker !== undefined) {
      start = input.VersionIdMarker
        ? entries.findIndex((e) => e.key === input.KeyMarker && e.v.versionId === input.VersionIdMarker) + 1
        : entries.findIndex((e) => e.key > input.KeyMarker!);
      if (start <= 0 && input.VersionIdMarker) throw new Error('version-id-marker not found');
      if (start < 0) start = entries.length;
    }
    const page = entries.slice(start, start + max);
    const truncated = start + max < entries.length;
    const last = page[page.length - 1];
    return {
      Versions: page.filter((e) => !e.v.deleteMarker).map((e) => ({ Key: e.key, VersionId: e.v.versionId, IsLatest: keys.get(e.key)![0] === e.v })),
      DeleteMarkers: page.filter((e) => e.v.deleteMarker).map((e) => ({ Key: e.key, VersionId: e.v.versionId })),
      IsTruncated: truncated,
      ...(truncated && last ? { NextKeyMarker: last.key, NextVersionIdMarker: last.v.versionId } : {}),
    };
  });
  mock.on(DeleteObjectsCommand).callsFake((input: DeleteObjectsCommandInput) => {
    const injected = fault('DeleteObjectsCommand');
    if (injected) return injected;
    const objects = input.Delete!.Objects!;
    if (objects.length > 1000) {
      throw new S3ServiceException({ name: 'MalformedXML', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'too many keys' });
    }
    deleteBatchSizes.push(objects.length);
    for (const o of objects) {
      if (o.VersionId) removeVersion(o.Key!, o.VersionId);
      else if (keys.has(o.Key!)) addVersion(o.Key!, { deleteMarker: true });
    }
    return input.Delete!.Quiet ? {} : { Deleted: objects.map((o) => ({ Key: o.Key, VersionId: o.VersionId })) };
  });

  return {
    client,
    mock,
    /** Versions and delete markers stored under the prefix. */
    versionsUnder: (prefix: string) => [...keys].filter(([k]) => k.startsWith(prefix)).reduce((n, [, vs]) => n + vs.length, 0),
    deleteBatchSizes,
    /** The next call of that command throws the error, or answers the object instead of the model. */
    failNext: (command: string, f: Error | object) => faults.set(command, [...(faults.get(command) ?? []), f]),
    listCalls: () => listCalls,
  };
}
