import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { burnVerificationTime, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from "./passwords.js";

/** A stored hash built by hand: `hashed` are the parameters really used, `claimed` what the string says. */
function stored(
  password: string,
  hashed: { N: number; r: number; p: number },
  claimed: { N: number | string; r: number | string; p: number | string } = hashed,
  scheme = "scrypt",
): string {
  const salt = randomBytes(16);
  const maxmem = 256 * hashed.N * hashed.r + 128 * hashed.r * hashed.p + 1024 * 1024;
  const hash = scryptSync(password.normalize("NFKC"), salt, 32, { ...hashed, maxmem });
  return [scheme, claimed.N, claimed.r, claimed.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** Node's scrypt cost when none is given (and what it quietly uses for N, r or p of 0). */
const NODE_DEFAULT = { N: 2 ** 14, r: 8, p: 1 };

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

  it("hashes with the cost the stored string claims, not Node's weaker default", async () => {
    const hash = await hashPassword("a strong cost, really");
    const [, , , , salt, key] = hash.split("$");
    const saltBytes = Buffer.from(salt!, "base64url");
    const maxmem = 256 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r + 1024 * 1024;
    const expected = scryptSync("a strong cost, really", saltBytes, 32, { ...SCRYPT_PARAMS, maxmem });
    expect(Buffer.from(key!, "base64url").equals(expected)).toBe(true);
    expect(saltBytes).toHaveLength(16);
    const weak = scryptSync("a strong cost, really", saltBytes, 32, NODE_DEFAULT);
    expect(Buffer.from(key!, "base64url").equals(weak)).toBe(false);
  });

  it("normalises the password (NFKC), so the same text typed either way verifies", async () => {
    const hash = stored("caf\u00e9 au lait!", { N: 16, r: 1, p: 1 });
    expect(await verifyPassword("cafe\u0301 au lait!", hash)).toBe(true);
  });

  it("still verifies a hash made with older parameters, and says it should be redone", async () => {
    const old = stored("an older password", { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword("an older password", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("a current password"))).toBe(false);
  });

  it("verifies hashes of other valid shapes: the smallest N, and a high p that needs memory beyond N·r", async () => {
    const tiny = stored("tiny parameters", { N: 2, r: 1, p: 1 });
    expect(await verifyPassword("tiny parameters", tiny)).toBe(true);
    const parallel = stored("many lanes here", { N: 16, r: 8, p: 16 });
    expect(await verifyPassword("many lanes here", parallel)).toBe(true);
    expect(await verifyPassword("many lanes there", parallel)).toBe(false);
  });

  it("asks for a rehash when any one of N, r or p differs from today's", () => {
    const { N, r, p } = SCRYPT_PARAMS;
    const salt = "c2FsdHNhbHRzYWx0c2FsdA";
    const key = "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U";
    const at = (n: number, rr: number, pp: number) => ["scrypt", n, rr, pp, salt, key].join("$");
    expect(needsRehash(at(N, r, p))).toBe(false);
    expect(needsRehash(at(N * 2, r, p))).toBe(true);
    expect(needsRehash(at(N, r + 1, p))).toBe(true);
    expect(needsRehash(at(N, r, p + 1))).toBe(true);
    expect(needsRehash("bcrypt$2b$10$abc")).toBe(true);
    expect(needsRehash(at(0, r, p))).toBe(true);
  });

  it("treats a malformed stored hash as a wrong password rather than failing", async () => {
    expect(await verifyPassword("whatever it is", "bcrypt$2b$10$abc")).toBe(false);
    expect(await verifyPassword("whatever it is", "scrypt$x$8$1$c2FsdA$aGFzaA")).toBe(false);
    expect(await verifyPassword("whatever it is", "")).toBe(false);
  });

  it("refuses a real hash of the right password under another scheme's name", async () => {
    const other = stored("the right password", { N: 16, r: 1, p: 1 }, { N: 16, r: 1, p: 1 }, "scrypt2");
    expect(await verifyPassword("the right password", other)).toBe(false);
    expect(needsRehash(other)).toBe(true);
  });

  it("refuses a stored hash without salt or without hash, even one an empty salt or key would match", async () => {
    const [, N, r, p, salt] = stored("the right password", { N: 16, r: 1, p: 1 }).split("$");
    const emptySaltKey = scryptSync("the right password", Buffer.alloc(0), 32, { N: 16, r: 1, p: 1 });
    const noSalt = ["scrypt", N, r, p, "", emptySaltKey.toString("base64url")].join("$");
    expect(await verifyPassword("the right password", noSalt)).toBe(false);
    // A zero-length key is what scrypt derives for an empty hash, and two empty buffers are equal.
    const noHash = ["scrypt", N, r, p, salt, ""].join("$");
    expect(await verifyPassword("the right password", noHash)).toBe(false);
    expect(await verifyPassword("anything at all", noHash)).toBe(false);
  });

  it.each([
    ["N=0 (Node would use its default cost)", { N: 0, r: 8, p: 1 }],
    ["r=0 (Node would use its default)", { N: 2 ** 14, r: 0, p: 1 }],
    ["p=0 (Node would use its default)", { N: 2 ** 14, r: 8, p: 0 }],
  ])("refuses a stored hash claiming %s, though the key matches Node's default cost", async (_, claimed) => {
    const weak = stored("the right password", NODE_DEFAULT, claimed);
    expect(await verifyPassword("the right password", weak)).toBe(false);
    expect(needsRehash(weak)).toBe(true);
  });

  it.each([
    ["N=1", "1", "8", "1"],
    ["N=3, not a power of two", "3", "8", "1"],
    ["N=-16", "-16", "8", "1"],
    ["r=1.5", "16", "1.5", "1"],
    ["p=1.5", "16", "1", "1.5"],
    ["p=-1", "16", "1", "-1"],
  ])("refuses a stored hash with %s instead of throwing", async (_, N, r, p) => {
    const bad = stored("the right password", { N: 16, r: 1, p: 1 }, { N, r, p });
    expect(await verifyPassword("the right password", bad)).toBe(false);
    expect(needsRehash(bad)).toBe(true);
  });

  it("spends a verification's work on a sign-in without an account, asynchronously", async () => {
    let settled = false;
    const burning = burnVerificationTime("no such account").then(() => {
      settled = true;
    });
    // scrypt runs off the main thread: nothing settles before the event loop turns.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await expect(burning).resolves.toBeUndefined();
    await expect(burnVerificationTime("a second one")).resolves.toBeUndefined();
  });
});
