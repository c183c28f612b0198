// The behaviour every BlobStore adapter must show; an adapter's test file runs it with `blobContract(name, makeBlob)`.
import { beforeAll, describe, expect, it } from "vitest";
import { type BlobStore, seededRandom } from "../../src/platform/index.js";

/** Deterministic bytes covering every byte value, so any re-encoding on the way shows up. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const next = seededRandom(seed);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = i < 256 ? i : Math.floor(next() * 256);
  return bytes;
}

const NOW = new Date("2026-01-05T09:00:00.000Z");

export function blobContract(name: string, makeBlob: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let blob: BlobStore;
    let n = 0;
    const fresh = (prefix: string) => `${prefix}/${++n}`;

    beforeAll(async () => {
      blob = await makeBlob();
    });

    it("puts, reads, describes and deletes an object", async () => {
      const key = `${fresh("uploads")}/notes.txt`;
      await blob.put(key, "héllo, wörld", "text/plain; charset=utf-8");
      const got = await blob.get(key);
      expect(new TextDecoder().decode(got!.body)).toBe("héllo, wörld");
      expect(got!.contentType).toBe("text/plain; charset=utf-8");
      expect(await blob.head(key)).toEqual({
        size: Buffer.byteLength("héllo, wörld"),
        contentType: "text/plain; charset=utf-8",
      });
      await blob.delete(key);
      expect(await blob.get(key)).toBeUndefined();
      expect(await blob.head(key)).toBeUndefined();
    });

    it("keeps binary bodies byte for byte", async () => {
      const key = `${fresh("uploads")}/image.bin`;
      const bytes = seededBytes(70_000, 7);
      await blob.put(key, bytes, "application/octet-stream");
      const got = await blob.get(key);
      expect(Buffer.from(got!.body).equals(Buffer.from(bytes))).toBe(true);
    });

    it("answers undefined for a missing key, and deleting one is not an error", async () => {
      const key = `${fresh("nothing")}/here`;
      expect(await blob.get(key)).toBeUndefined();
      expect(await blob.head(key)).toBeUndefined();
      await expect(blob.delete(key)).resolves.toBeUndefined();
    });

    it("deletes everything under a prefix and nothing beside it", async () => {
      const root = fresh("exports");
      for (const k of ["u1/a.json", "u1/b.json", "u1/deep/c.json", "u10/d.json", "u2/e.json"]) {
        await blob.put(`${root}/${k}`, "{}", "application/json");
      }
      expect(await blob.deletePrefix(`${root}/u1/`)).toBe(3);
      expect(await blob.head(`${root}/u1/a.json`)).toBeUndefined();
      expect(await blob.head(`${root}/u1/deep/c.json`)).toBeUndefined();
      expect(await blob.head(`${root}/u10/d.json`)).toBeDefined();
      expect(await blob.head(`${root}/u2/e.json`)).toBeDefined();
      expect(await blob.deletePrefix(`${root}/u1/`)).toBe(0);
    });

    it("accepts an upload to a presigned URL: the body arrives intact with its content type", async () => {
      const key = `${fresh("uploads")}/avatar.png`;
      const signed = await blob.presignPut(key, { contentType: "image/png", expiresInSeconds: 300, now: NOW });
      expect(signed).toMatchObject({ method: "PUT", key, headers: { "content-type": "image/png" } });
      expect(signed.expiresAt).toBe("2026-01-05T09:05:00.000Z");
      const bytes = seededBytes(40_000, 11);
      const res = await fetch(signed.url, { method: "PUT", headers: signed.headers, body: bytes });
      expect(res.status).toBe(200);
      const got = await blob.get(key);
      expect(got!.contentType).toBe("image/png");
      expect(Buffer.from(got!.body).equals(Buffer.from(bytes))).toBe(true);
    });

    it("refuses a presigned upload sent with another content type than signed, and stores nothing", async () => {
      const key = `${fresh("uploads")}/report.pdf`;
      const signed = await blob.presignPut(key, { contentType: "application/pdf", expiresInSeconds: 300, now: NOW });
      const res = await fetch(signed.url, {
        method: "PUT",
        headers: { "content-type": "text/html" },
        body: "<script>alert(1)</script>",
      });
      expect(res.status).toBe(403);
      expect(await blob.head(key)).toBeUndefined();
    });

    it("serves an object through a presigned download URL, with the download name when asked", async () => {
      const key = `${fresh("exports")}/data.json`;
      await blob.put(key, '{"ok":true}', "application/json");
      const plain = await fetch(await blob.presignGet(key, { expiresInSeconds: 60 }));
      expect(plain.status).toBe(200);
      expect(await plain.text()).toBe('{"ok":true}');
      expect(plain.headers.get("content-type")).toBe("application/json");

      const named = await fetch(await blob.presignGet(key, { expiresInSeconds: 60, downloadName: 'my "export".json' }));
      expect(named.status).toBe(200);
      expect(named.headers.get("content-disposition")).toBe('attachment; filename="my export.json"');
      await named.arrayBuffer();

      // Names beyond ASCII keep their spelling for browsers that read filename*, and stay a valid header.
      const accented = await fetch(await blob.presignGet(key, { expiresInSeconds: 60, downloadName: "résumé\n.json" }));
      expect(accented.headers.get("content-disposition")).toBe(
        "attachment; filename=\"r_sum_.json\"; filename*=UTF-8''r%C3%A9sum%C3%A9.json",
      );
      await accented.arrayBuffer();
    });

    it("answers a health ping", async () => {
      await expect(blob.ping()).resolves.toBeUndefined();
    });
  });
}
