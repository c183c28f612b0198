// The emulator front refuses presigned uploads that S3 would refuse, and lets the ones S3 accepts through.
import { S3Blob } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { presignedSignatureProblem } from "./presigned-url-check.js";

const secrets: Record<string, string> = { local: "local" };
const secretFor = (id: string) => secrets[id];

/** A presigned PUT as the app hands it to a browser (signing needs no server). */
async function presigned(key: string, contentType: string) {
  const blob = new S3Blob({ bucket: "uploads", region: "us-east-1", endpoint: "http://127.0.0.1:4569" });
  const signed = await blob.presignPut(key, {
    contentType,
    expiresInSeconds: 300,
    now: new Date("2026-01-05T09:00:00Z"),
  });
  const url = new URL(signed.url);
  return { url: `${url.pathname}${url.search}`, host: url.host };
}

describe("presignedSignatureProblem", () => {
  it("accepts the request exactly as signed, including keys that need escaping", async () => {
    const { url, host } = await presigned("exports/u1/Mon rapport (final)*.pdf", "application/pdf");
    expect(
      presignedSignatureProblem(
        { method: "PUT", url, headers: { host, "content-type": "application/pdf" } },
        secretFor,
      ),
    ).toBeUndefined();
  });

  it("refuses another content type, another method, another key or another host than signed", async () => {
    const { url, host } = await presigned("uploads/a.png", "image/png");
    const ok = { method: "PUT", url, headers: { host, "content-type": "image/png" } };
    expect(presignedSignatureProblem(ok, secretFor)).toBeUndefined();
    for (const changed of [
      { ...ok, headers: { host, "content-type": "text/html" } },
      { ...ok, headers: { host } },
      { ...ok, method: "POST" },
      { ...ok, url: url.replace("/a.png", "/b.png") },
      { ...ok, headers: { host: "127.0.0.1:1", "content-type": "image/png" } },
    ]) {
      expect(presignedSignatureProblem(changed, secretFor)).toMatch(/does not match/);
    }
  });

  it("refuses a URL signed with a key the emulator does not know", async () => {
    const { url, host } = await presigned("uploads/a.png", "image/png");
    expect(
      presignedSignatureProblem(
        { method: "PUT", url, headers: { host, "content-type": "image/png" } },
        () => undefined,
      ),
    ).toMatch(/unknown access key/);
  });

  it("leaves requests without a query signature (SDK calls, CORS preflights) to the emulator", () => {
    expect(presignedSignatureProblem({ method: "GET", url: "/uploads/a.png", headers: {} }, secretFor)).toBeUndefined();
    expect(
      presignedSignatureProblem(
        { method: "OPTIONS", url: "/uploads/a.png?X-Amz-Signature=abc", headers: {} },
        secretFor,
      ),
    ).toBeUndefined();
  });
});
