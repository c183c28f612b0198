// The blob port: uploads and exports in object storage, reached by presigned URLs.

export interface PresignedPut {
  url: string;
  method: "PUT";
  /** Headers the client must send with the PUT. */
  headers: Record<string, string>;
  key: string;
  expiresAt: string;
}

/** A browser form upload straight to the bucket, under a signed policy S3 itself enforces. */
export interface PresignedPost {
  url: string;
  method: "POST";
  /** Form fields to send, in this order, before the `file` field. */
  fields: Record<string, string>;
  key: string;
  expiresAt: string;
}

/**
 * The object tag of short-lived objects (exports, whose links last 15 minutes): the uploads bucket's lifecycle rule
 * (stacks/storage.ts) deletes tagged objects a day after they are written. Keys cannot say it, as S3 lifecycle
 * filters match a key prefix with no wildcard, and an export lives under its owner's prefix.
 */
export const TEMPORARY_TAG = { key: "lifetime", value: "temporary" } as const;

export interface BlobStore {
  /** `temporary`: the object carries TEMPORARY_TAG and is removed a day later in the cloud (kept locally). */
  put(key: string, body: string | Uint8Array, contentType: string, options?: { temporary?: boolean }): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string | undefined } | undefined>;
  head(key: string): Promise<{ size: number; contentType: string | undefined } | undefined>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<number>;
  presignPut(key: string, options: { contentType: string; expiresInSeconds: number; now: Date }): Promise<PresignedPut>;
  /**
   * A signed POST policy for exactly `key`, exactly `contentType` and a body of at most `maxBytes`: S3 refuses any
   * other upload with it, whatever the client claims.
   */
  presignPost(
    key: string,
    options: { contentType: string; maxBytes: number; expiresInSeconds: number; now: Date },
  ): Promise<PresignedPost>;
  presignGet(key: string, options: { expiresInSeconds: number; downloadName?: string }): Promise<string>;
  ping(): Promise<void>;
}
