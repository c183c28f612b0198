// The blob port: uploads and exports in object storage, reached by presigned URLs.

export interface PresignedPut {
  url: string;
  method: "PUT";
  /** Headers the client must send with the PUT. */
  headers: Record<string, string>;
  key: string;
  expiresAt: string;
}

export interface BlobStore {
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string | undefined } | undefined>;
  head(key: string): Promise<{ size: number; contentType: string | undefined } | undefined>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<number>;
  presignPut(key: string, options: { contentType: string; expiresInSeconds: number; now: Date }): Promise<PresignedPut>;
  presignGet(key: string, options: { expiresInSeconds: number; downloadName?: string }): Promise<string>;
  ping(): Promise<void>;
}
