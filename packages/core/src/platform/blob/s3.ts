// The blob store on S3 (or the S3 emulator locally): one adapter for both.
import type { S3Client } from "@aws-sdk/client-s3";
import { type BlobStore, type PresignedPost, type PresignedPut, TEMPORARY_TAG } from "./port.js";

export interface S3BlobOptions {
  bucket: string;
  region: string;
  endpoint?: string;
}

export class S3Blob implements BlobStore {
  private clientPromise: Promise<S3Client> | undefined;
  constructor(private readonly options: S3BlobOptions) {}

  private client(): Promise<S3Client> {
    this.clientPromise ??= import("@aws-sdk/client-s3").then(
      ({ S3Client }) =>
        new S3Client({
          region: this.options.region,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint, forcePathStyle: true } : {}),
          // Without this, streamed bodies reach the emulator wrapped in checksum framing.
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }),
    );
    return this.clientPromise;
  }

  async put(key: string, body: string | Uint8Array, contentType: string, options: { temporary?: boolean } = {}) {
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    const tagging = options.temporary ? `${TEMPORARY_TAG.key}=${TEMPORARY_TAG.value}` : undefined;
    await (await this.client()).send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Tagging: tagging,
      }),
    );
  }

  async get(key: string) {
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    try {
      const out = await (await this.client()).send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return { body, contentType: out.ContentType };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async head(key: string) {
    const { HeadObjectCommand } = await import("@aws-sdk/client-s3");
    try {
      const out = await (await this.client()).send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    await (await this.client()).send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const { ListObjectsV2Command, DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    const client = await this.client();
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      // One DeleteObject per key: the emulator does not take the batch form's checksum header.
      for (const obj of page.Contents ?? []) {
        if (!obj.Key) continue;
        await client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: obj.Key }));
        removed++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }

  async presignPut(
    key: string,
    options: { contentType: string; expiresInSeconds: number; now: Date },
  ): Promise<PresignedPut> {
    const [{ PutObjectCommand }, { getSignedUrl }] = await Promise.all([
      import("@aws-sdk/client-s3"),
      import("@aws-sdk/s3-request-presigner"),
    ]);
    const url = await getSignedUrl(
      await this.client(),
      new PutObjectCommand({ Bucket: this.options.bucket, Key: key, ContentType: options.contentType }),
      { expiresIn: options.expiresInSeconds, signableHeaders: new Set(["content-type"]) },
    );
    return {
      url,
      method: "PUT",
      headers: { "content-type": options.contentType },
      key,
      expiresAt: new Date(options.now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    };
  }

  async presignPost(
    key: string,
    options: { contentType: string; maxBytes: number; expiresInSeconds: number; now: Date },
  ): Promise<PresignedPost> {
    const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
    const client = await this.client();
    const { url, fields } = await createPresignedPost(client as unknown as Parameters<typeof createPresignedPost>[0], {
      Bucket: this.options.bucket,
      Key: key,
      Fields: { "Content-Type": options.contentType },
      Conditions: [
        ["content-length-range", 1, options.maxBytes],
        ["eq", "$Content-Type", options.contentType],
      ],
      Expires: options.expiresInSeconds,
    });
    return {
      url,
      method: "POST",
      fields,
      key,
      expiresAt: new Date(options.now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    };
  }

  async presignGet(key: string, options: { expiresInSeconds: number; downloadName?: string }): Promise<string> {
    const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([
      import("@aws-sdk/client-s3"),
      import("@aws-sdk/s3-request-presigner"),
    ]);
    return getSignedUrl(
      await this.client(),
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        ...(options.downloadName ? { ResponseContentDisposition: attachmentDisposition(options.downloadName) } : {}),
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  async ping(): Promise<void> {
    const { HeadBucketCommand } = await import("@aws-sdk/client-s3");
    await (await this.client()).send(new HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  /** Local runtime and tests: create the bucket if it is missing. */
  async ensureBucket(): Promise<void> {
    const { CreateBucketCommand } = await import("@aws-sdk/client-s3");
    try {
      await this.ping();
    } catch {
      try {
        await (await this.client()).send(new CreateBucketCommand({ Bucket: this.options.bucket }));
      } catch (e) {
        // Another process (a second runtime, a parallel test) created it in between.
        const name = (e as { name?: string }).name;
        if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw e;
      }
    }
  }
}

/**
 * A Content-Disposition that names the download without letting the name break the header: quotes, backslashes
 * and control characters are dropped from the plain `filename`, and names beyond ASCII travel in `filename*`.
 */
function attachmentDisposition(downloadName: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must go
  const cleaned = downloadName.replace(/[\u0000-\u001f\u007f"\\]/g, "").trim() || "download";
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, "_");
  if (ascii === cleaned) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(cleaned).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NoSuchKey" || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404;
}
