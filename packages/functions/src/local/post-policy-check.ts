// Verifies S3 POST-policy uploads, which s3rver accepts unchecked: the signature, expiry and every condition.
import { createHmac, timingSafeEqual } from "node:crypto";

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

type Condition = Record<string, string> | [string, string | number, string | number];

/** Form fields S3 does not ask a policy condition for. */
const UNCOVERED = new Set(["policy", "x-amz-signature", "file"]);

/**
 * Why S3 would refuse a browser form upload, or undefined when it would take it: the policy's signature (SigV4 with
 * the key of `X-Amz-Credential`), its expiration, each condition (exact fields, `eq`, `starts-with`,
 * `content-length-range` on the file's size), and every form field being covered by a condition.
 */
export function postPolicyProblem(
  form: { fields: Map<string, string>; fileSize: number; bucket: string },
  secretFor: (accessKeyId: string) => string | undefined,
  now: Date,
): string | undefined {
  const field = (name: string) => {
    for (const [k, v] of form.fields) if (k.toLowerCase() === name.toLowerCase()) return v;
    return undefined;
  };
  const policy = field("policy");
  const signature = field("x-amz-signature");
  const credential = field("x-amz-credential");
  if (!policy || !signature || !credential) return "The form carries no signed policy.";
  const [accessKeyId, date, region, service] = credential.split("/");
  const secret = accessKeyId ? secretFor(accessKeyId) : undefined;
  if (!secret || !date || !region || !service) return "Unknown access key in the policy's credential.";
  let key = hmac(`AWS4${secret}`, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, "aws4_request");
  const expected = Buffer.from(hmac(key, policy).toString("hex"));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return "The policy's signature does not match.";
  }
  let doc: { expiration?: string; conditions?: Condition[] };
  try {
    doc = JSON.parse(Buffer.from(policy, "base64").toString("utf8"));
  } catch {
    return "The policy is not valid JSON.";
  }
  if (!doc.expiration || new Date(doc.expiration) <= now) return "Invalid according to Policy: Policy expired.";
  const values = (name: string) => (name.toLowerCase() === "bucket" ? form.bucket : field(name));
  const covered = new Set<string>(["bucket"]);
  for (const c of doc.conditions ?? []) {
    if (Array.isArray(c)) {
      const [op, a, b] = c;
      if (op === "content-length-range") {
        if (form.fileSize < Number(a) || form.fileSize > Number(b)) {
          return "Your proposed upload exceeds the maximum allowed size.";
        }
        continue;
      }
      const name = String(a).replace(/^\$/, "");
      covered.add(name.toLowerCase());
      const value = values(name) ?? "";
      if (op === "eq" && value !== String(b)) return `Invalid according to Policy: Policy Condition failed: ${name}`;
      if (op === "starts-with" && !value.startsWith(String(b))) {
        return `Invalid according to Policy: Policy Condition failed: ${name}`;
      }
      continue;
    }
    for (const [name, expectedValue] of Object.entries(c)) {
      covered.add(name.toLowerCase());
      if ((values(name) ?? "") !== expectedValue)
        return `Invalid according to Policy: Policy Condition failed: ${name}`;
    }
  }
  for (const name of form.fields.keys()) {
    const lower = name.toLowerCase();
    if (!UNCOVERED.has(lower) && !lower.startsWith("x-ignore-") && !covered.has(lower)) {
      return `Invalid according to Policy: Extra input fields: ${name}`;
    }
  }
  return undefined;
}
