// Random secrets and their stored form: tokens leave the server once and are kept only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits, URL-safe: refresh tokens, email tokens, OAuth state. */
export const randomToken = (): string => randomBytes(32).toString("base64url");

/** What the table keeps instead of a token: a lookup key that cannot be turned back into the token. */
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** Equality in time that does not depend on where the strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
