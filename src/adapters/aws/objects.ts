import { DependencyError } from '../../domain/errors.js';
import { checkObjectKey, checkObjectPrefix } from '../../domain/object-key.js';
import type { Objects } from '../../ports/objects.js';
import { guardPort } from '../guard.js';
import type { S3 } from './client/s3.js';

export interface S3ObjectsOptions {
  s3: S3;
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
export function createS3Objects(opts: S3ObjectsOptions): Objects {
  const s3 = opts.s3.bucket(opts.bucket);
  const objects: Objects = {
    async put(key, body, contentType) {
      checkObjectKey(key);
      await s3call(() => s3.put(key, body, contentType ? { contentType } : {}));
    },

    async create(key, body, contentType) {
      checkObjectKey(key);
      // Look first: some S3-compatible stores ignore If-None-Match and would overwrite. The
      // conditional put still decides a race on S3 itself.
      if (await objects.exists(key)) return false;
      try {
        await s3.put(key, body, { ifNoneMatch: '*', ...(contentType ? { contentType } : {}) });
        return true;
      } catch (err) {
        // 412: the key is taken. (409 ConditionalRequestConflict, a concurrent conditional write, is a failure to retry.)
        if (status(err) === 412) return false;
        throw new DependencyError('s3', err);
      }
    },

    async get(key) {
      checkObjectKey(key);
      // Only a missing key is "absent"; a missing bucket (also 404) is a failure.
      const out = await s3call(() => s3.get(key));
      return out && { body: out.body, lastModified: out.lastModified ?? new Date(0), ...(out.contentType ? { contentType: out.contentType } : {}) };
    },

    async exists(key) {
      checkObjectKey(key);
      try {
        await s3.head(key);
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
      await s3call(() => s3.delete(key));
    },

    async deletePrefix(prefix) {
      checkObjectPrefix(prefix);
      // List every version and delete marker first, then delete: the listing's markers then never
      // point at versions already gone.
      const all: { key: string; versionId?: string }[] = [];
      let marker: { key: string; versionId?: string } | undefined;
      do {
        const page = await s3call(() => s3.listVersions(prefix, marker));
        all.push(...page.entries);
        marker = page.next;
      } while (marker);
      for (let i = 0; i < all.length; i += DELETE_BATCH) {
        const errors = await s3call(() => s3.deleteVersions(all.slice(i, i + DELETE_BATCH)));
        if (errors.length) throw new DependencyError('s3', new Error(`DeleteObjects failed for ${errors.length} entries (${errors[0]!.code || 'unknown'})`));
      }
    },
  };
  return guardPort('objects', objects);
}
