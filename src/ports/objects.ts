/**
 * The invoice file store: the S3 bucket on AWS (original key layout, docs/data-model.md#invoice-bucket), files on disk
 * locally. Writing an object under `invoices/` raises an object-created event (S3 notifications
 * on AWS; the local runtime delivers it in-process).
 */
export interface StoredObject {
  body: Uint8Array;
  /** When the object was last written (S3 Last-Modified). */
  lastModified: Date;
  contentType?: string;
}

/**
 * Every method refuses an unsafe key or prefix (`domain/object-key.ts`: no empty, `.` or `..`
 * segment, no leading `/`, no NUL or backslash, no leading dot-name) before touching the store.
 * Any failure, a refused key included (its cause is `InvalidObjectKeyError`), is a
 * `DependencyError` naming the call.
 */
export interface Objects {
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
  /**
   * Writes only if no object is stored under `key` (one atomic step, S3's `If-None-Match: *`):
   * true when this call wrote it (and raised its event), false when the key was taken. Two
   * concurrent calls never both return true.
   */
  create(key: string, body: Uint8Array, contentType?: string): Promise<boolean>;
  get(key: string): Promise<StoredObject | undefined>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Removes every object under the prefix, every version of it included (docs/compatibility.md#d11). */
  deletePrefix(prefix: string): Promise<void>;
}
