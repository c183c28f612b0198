import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from "./passwords.js";

describe("password hashing (scrypt)", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  });

  it("salts every hash, and keeps its parameters with it", async () => {
    const [a, b] = await Promise.all([hashPassword("same password!"), hashPassword("same password!")]);
    expect(a).not.toBe(b);
    expect(a.split("$").slice(0, 4)).toEqual([
      "scrypt",
      String(SCRYPT_PARAMS.N),
      String(SCRYPT_PARAMS.r),
      String(SCRYPT_PARAMS.p),
    ]);
    expect(a).not.toContain("same password!");
  });

  it("still verifies a hash made with older parameters, and says it should be redone", async () => {
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const old = scryptSync("an older password", salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const stored = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), old.toString("base64url")].join("$");
    expect(await verifyPassword("an older password", stored)).toBe(true);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword("a current password"))).toBe(false);
  });

  it("treats a malformed stored hash as a wrong password rather than failing", async () => {
    expect(await verifyPassword("whatever it is", "bcrypt$2b$10$abc")).toBe(false);
    expect(await verifyPassword("whatever it is", "scrypt$x$8$1$c2FsdA$aGFzaA")).toBe(false);
  });
});
