// Verifies SigV4 presigned URLs, which s3rver accepts unchecked, so a local upload fails where S3 would refuse it.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Checks the signature of a request that carries one in its query string (a presigned URL).
 * Returns why it is refused, or undefined when it is valid or not presigned at all (requests signed in headers by
 * the SDK are left to the emulator). The canonical request follows the S3 flavour of SigV4: the path is signed as
 * sent, without a second round of encoding, and the payload is unsigned.
 */
export function presignedSignatureProblem(
  request: { method: string; url: string; headers: IncomingHttpHeaders },
  secretFor: (accessKeyId: string) => string | undefined,
): string | undefined {
  const q = request.url.indexOf("?");
  if (q < 0 || request.method === "OPTIONS") return undefined;
  const path = request.url.slice(0, q);
  const pairs = request.url
    .slice(q + 1)
    .split("&")
    .filter(Boolean)
    .map((part): [string, string] => {
      const eq = part.indexOf("=");
      return eq < 0 ? [decode(part), ""] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
    });
  const param = (name: string) => pairs.find(([k]) => k === name)?.[1];
  const provided = param("X-Amz-Signature");
  if (provided === undefined || param("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return undefined;

  const credential = param("X-Amz-Credential") ?? "";
  const [accessKeyId = "", ...scopeParts] = credential.split("/");
  const [date, region, service] = scopeParts;
  const secret = secretFor(accessKeyId);
  const amzDate = param("X-Amz-Date");
  const signedHeaders = param("X-Amz-SignedHeaders");
  if (!secret || !date || !region || !service || !amzDate || !signedHeaders) {
    return "The presigned URL is incomplete or names an unknown access key.";
  }

  const query = pairs
    .filter(([k]) => k !== "X-Amz-Signature")
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signedHeaders.split(";");
  const headerValue = (name: string) => {
    const v = request.headers[name];
    return (Array.isArray(v) ? v.join(",") : (v ?? "")).trim().replace(/\s+/g, " ");
  };
  const payload = headerValue("x-amz-content-sha256") || param("X-Amz-Content-Sha256") || "UNSIGNED-PAYLOAD";
  const canonical = [
    request.method,
    path,
    query,
    names.map((n) => `${n}:${headerValue(n)}`).join("\n"),
    "",
    signedHeaders,
    payload,
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    createHash("sha256").update(canonical, "utf8").digest("hex"),
  ].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  const expected = Buffer.from(hmac(key, toSign).toString("hex"));
  const got = Buffer.from(provided);
  if (got.length === expected.length && timingSafeEqual(got, expected)) return undefined;
  return (
    "The request signature we calculated does not match the signature you provided. " +
    `Signed headers (${names.join(", ")}) must be sent exactly as signed.`
  );
}
