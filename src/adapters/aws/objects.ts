import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DependencyError } from '../../domain/errors.js';
import { checkObjectKey, checkObjectPrefix } from '../../domain/object-key.js';
import type { Objects } from '../../ports/objects.js';
import { guardPort } from '../guard.js';

export interface S3ObjectsOptions {
  s3: S3Client;
  bucket: string;
}

const status = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

async function s3call<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new DependencyError('s3', err);
  }
}

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

/**
 * The invoice bucket (versioned, docs/data-model.md#invoice-bucket). Deleting one key adds a delete marker as S3 does;
 * `deletePrefix` removes every version and delete marker, so nothing of the user stays (D11).
 */
export function createS3Objects({ s3, bucket }: S3ObjectsOptions): Objects {
  const objects: Objects = {
    async put(key, body, contentType) {
      checkObjectKey(key);
      await s3call(() => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}) })));
    },

    async create(key, body, contentType) {
      checkObjectKey(key);
      // Look first: some S3-compatible stores ignore If-None-Match and would overwrite. The
      // conditional put still decides a race on S3 itself.
      if (await objects.exists(key)) return false;
      try {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, IfNoneMatch: '*', ...(contentType ? { ContentType: contentType } : {}) }),
        );
        return true;
      } catch (err) {
        // 412: the key is taken. (409 ConditionalRequestConflict, a concurrent conditional write, is a failure to retry.)
        if (status(err) === 412) return false;
        throw new DependencyError('s3', err);
      }
    },

    async get(key) {
      checkObjectKey(key);
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = await out.Body!.transformToByteArray();
        return { body, lastModified: out.LastModified ?? new Date(0), ...(out.ContentType ? { contentType: out.ContentType } : {}) };
      } catch (err) {
        // Only a missing key is "absent"; a missing bucket (also 404) is a failure.
        if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
        throw new DependencyError('s3', err);
      }
    },

    async exists(key) {
      checkObjectKey(key);
      try {
        await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (err) {
        // Without s3:ListBucket, S3 answers 403 for a missing key; the original (docs/flows.md#f7) counts it as absent.
        const code = status(err);
        if (code === 404 || code === 403) return false;
        throw new DependencyError('s3', err);
      }
    },

    async delete(key) {
      checkObjectKey(key);
      await s3call(() => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    },

    async deletePrefix(prefix) {
      checkObjectPrefix(prefix);
      // List every version and delete marker first, then delete: the listing's markers then never
      // point at versions already gone.
      const all: ObjectIdentifier[] = [];
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      for (;;) {
        const page = await s3call(() =>
          s3.send(
            new ListObjectVersionsCommand({
              Bucket: bucket,
              Prefix: prefix,
              ...(keyMarker ? { KeyMarker: keyMarker } : {}),
              ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
            }),
          ),
        );
        for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
          if (v.Key !== undefined) all.push({ Key: v.Key, ...(v.VersionId ? { VersionId: v.VersionId } : {}) });
        }
        if (!page.IsTruncated) break;
        keyMarker = page.NextKeyMarker;
        versionMarker = page.NextVersionIdMarker;
      }
      for (let i = 0; i < all.length; i += DELETE_BATCH) {
        const out = await s3call(() =>
          s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.slice(i, i + DELETE_BATCH), Quiet: true } })),
        );
        if (out.Errors?.length) {
          const e = out.Errors[0]!;
          throw new DependencyError('s3', new Error(`DeleteObjects failed for ${out.Errors.length} entries (${e.Code ?? 'unknown'})`));
        }
      }
    },
  };
  return guardPort('objects', objects);
}
