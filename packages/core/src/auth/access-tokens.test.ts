import { generateKeyPairSync } from "node:crypto";
import { exportJWK, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createPlatform, loadConfig, ManualClock, memoryLogger } from "../platform/index.js";
import { issueAccessToken, verifyAccessToken } from "./access-tokens.js";
import { signingKeys } from "./signing-keys.js";

const pem = (type: "ed25519" | "ec") => {
  const { privateKey } =
    type === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
};

/** A platform whose key comes from the config, so no store is touched. */
function platformWith(jwtPrivateKey: string, extra: Record<string, unknown> = {}) {
  const clock = new ManualClock("2026-03-02T10:00:00Z");
  const config = loadConfig({}, { runtime: "aws", apiUrl: "https://api.pactly.test", jwtPrivateKey, ...extra });
  return {
    p: createPlatform({ ...config, schedulerRoleArn: "x", jobsFunctionArn: "y" }, { clock, log: memoryLogger() }),
    clock,
  };
}

const claims = {
  userId: "01JUSER00000000000000000AA",
  role: "learner" as const,
  sessionId: "01JFAMILY000000000000000AA",
};

const rejects = async (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toMatchObject({ status: 401, code });

/**
 * A token signed with the platform's own key, right header, issuer and audience, carrying exactly `payload`
 * (plus `iat`/`exp` when given): what a bug on the issuing side, or a reused key, could produce.
 */
async function signedByUs(
  p: ReturnType<typeof platformWith>["p"],
  payload: Record<string, unknown>,
  times: { iat?: boolean; exp?: boolean } = { iat: true, exp: true },
) {
  const keys = await signingKeys(p);
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: "at+jwt" })
    .setIssuer("https://api.pactly.test")
    .setAudience("pactly-api");
  const now = Math.floor(p.clock.now().getTime() / 1000);
  if (times.iat) jwt.setIssuedAt(now);
  if (times.exp) jwt.setExpirationTime(now + 600);
  return jwt.sign(keys.privateKey);
}

describe("access tokens", () => {
  it("issues a 15-minute EdDSA token with kid and typ at+jwt that verifies back to its claims", async () => {
    const { p } = platformWith(pem("ed25519"));
    const { token, expiresIn } = await issueAccessToken(p, claims);
    expect(expiresIn).toBe(900);
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((s) => JSON.parse(Buffer.from(s!, "base64url").toString()));
    expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt", kid: (await signingKeys(p)).kid });
    expect(payload).toMatchObject({ sub: claims.userId, iss: "https://api.pactly.test", aud: "pactly-api" });
    expect(payload.exp - payload.iat).toBe(900);
    expect(await verifyAccessToken(p, token)).toEqual(claims);
  });

  it("works with an ES256 (P-256) key given as a JWK too", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = { ...(await exportJWK(privateKey)), kid: "prod-2026-03" };
    const { p } = platformWith(JSON.stringify(jwk));
    const { token } = await issueAccessToken(p, claims);
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({
      alg: "ES256",
      kid: "prod-2026-03",
    });
    expect(await verifyAccessToken(p, token)).toEqual(claims);
  });

  it("refuses an unsigned token (alg none)", async () => {
    const { p } = platformWith(pem("ed25519"));
    const unsigned = new UnsecuredJWT({ role: "admin", sid: claims.sessionId })
      .setSubject(claims.userId)
      .setIssuer("https://api.pactly.test")
      .setAudience("pactly-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .encode();
    await rejects(verifyAccessToken(p, unsigned), "auth.invalid_token");
  });

  it("refuses a token signed by a foreign key, even under our key id", async () => {
    const { p } = platformWith(pem("ed25519"));
    const { kid } = await signingKeys(p);
    const { privateKey: foreign } = generateKeyPairSync("ed25519");
    const forged = await new SignJWT({ role: "admin", sid: claims.sessionId })
      .setProtectedHeader({ alg: "EdDSA", kid, typ: "at+jwt" })
      .setSubject(claims.userId)
      .setIssuer("https://api.pactly.test")
      .setAudience("pactly-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(foreign);
    await rejects(verifyAccessToken(p, forged), "auth.invalid_token");
  });

  it("refuses HS256 signed with our public key as the secret (algorithm confusion)", async () => {
    const { p } = platformWith(pem("ed25519"));
    const keys = await signingKeys(p);
    const publicJwk = keys.jwks.keys[0]!;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const forged = await new SignJWT({ role: "admin", sid: claims.sessionId })
      .setProtectedHeader({ alg: "HS256", kid: keys.kid, typ: "at+jwt" })
      .setSubject(claims.userId)
      .setIssuer("https://api.pactly.test")
      .setAudience("pactly-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(secret);
    await rejects(verifyAccessToken(p, forged), "auth.invalid_token");
  });

  it("refuses an expired token with its own code, so clients know to refresh", async () => {
    const { p, clock } = platformWith(pem("ed25519"));
    const { token } = await issueAccessToken(p, claims);
    clock.advance(15 * 60 * 1000 + 1000);
    await rejects(verifyAccessToken(p, token), "auth.token_expired");
  });

  it("refuses a token for another audience, another issuer, or of another type", async () => {
    const key = pem("ed25519");
    const { p: other } = platformWith(key, { jwtAudience: "some-other-api" });
    await rejects(
      verifyAccessToken(platformWith(key).p, (await issueAccessToken(other, claims)).token),
      "auth.invalid_token",
    );
    const { p: otherIssuer } = platformWith(key, { jwtIssuer: "https://evil.test" });
    await rejects(
      verifyAccessToken(platformWith(key).p, (await issueAccessToken(otherIssuer, claims)).token),
      "auth.invalid_token",
    );

    const { p } = platformWith(key);
    const { privateKey } = await signingKeys(p);
    const idTokenLike = await new SignJWT({ role: "learner", sid: claims.sessionId })
      .setProtectedHeader({ alg: "EdDSA", kid: (await signingKeys(p)).kid, typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer("https://api.pactly.test")
      .setAudience("pactly-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(privateKey);
    await rejects(verifyAccessToken(p, idTokenLike), "auth.invalid_token");
  });

  it("refuses garbage", async () => {
    const { p } = platformWith(pem("ed25519"));
    await rejects(verifyAccessToken(p, "not-a-jwt"), "auth.invalid_token");
    await rejects(verifyAccessToken(p, "eyJhbGciOiJFZERTQSJ9.e30."), "auth.invalid_token");
  });

  it("still accepts tokens of the previous key after a rotation, and only those listed", async () => {
    const oldKey = pem("ed25519");
    const { p: before } = platformWith(oldKey);
    const { token } = await issueAccessToken(before, claims);
    const previous = JSON.stringify({ keys: [(await signingKeys(before)).jwks.keys[0]] });
    const { p: after } = platformWith(pem("ed25519"), { jwtPreviousKeys: previous });
    expect(await verifyAccessToken(after, token)).toEqual(claims);
    const { p: forgot } = platformWith(pem("ed25519"));
    await rejects(verifyAccessToken(forgot, token), "auth.invalid_token");
  });

  it("says when the token expires: 15 minutes from the platform clock", async () => {
    const { p } = platformWith(pem("ed25519"));
    const { expiresAt } = await issueAccessToken(p, claims);
    expect(expiresAt).toBe("2026-03-02T10:15:00.000Z");
  });

  it("verifies an admin's token back to the admin role", async () => {
    const { p } = platformWith(pem("ed25519"));
    const admin = { ...claims, role: "admin" as const };
    expect(await verifyAccessToken(p, (await issueAccessToken(p, admin)).token)).toEqual(admin);
  });

  it("refuses a correctly signed token without exp (it would never expire) or without iat", async () => {
    const { p, clock } = platformWith(pem("ed25519"));
    const body = { sub: claims.userId, role: "learner", sid: claims.sessionId };
    const forever = await signedByUs(p, body, { iat: true });
    await rejects(verifyAccessToken(p, forever), "auth.invalid_token");
    clock.advance(365 * 24 * 3600 * 1000);
    await rejects(verifyAccessToken(p, forever), "auth.invalid_token");
    await rejects(verifyAccessToken(p, await signedByUs(p, body, { exp: true })), "auth.invalid_token");
    expect(await verifyAccessToken(p, await signedByUs(p, body))).toEqual(claims);
  });

  it("refuses a correctly signed token without sub or sid, or with them not strings", async () => {
    const { p } = platformWith(pem("ed25519"));
    for (const body of [
      { role: "learner", sid: claims.sessionId },
      { sub: claims.userId, role: "learner" },
      { sub: claims.userId, role: "learner", sid: 42 },
      { sub: 7, role: "learner", sid: claims.sessionId },
    ]) {
      await rejects(verifyAccessToken(p, await signedByUs(p, body)), "auth.invalid_token");
    }
  });

  it("refuses a correctly signed token with an unknown role or none", async () => {
    const { p } = platformWith(pem("ed25519"));
    for (const role of ["superuser", "Admin", "", undefined, ["admin"]]) {
      const token = await signedByUs(p, { sub: claims.userId, role, sid: claims.sessionId });
      await rejects(verifyAccessToken(p, token), "auth.invalid_token");
    }
  });

  it("says what is wrong in words a client can show", async () => {
    const { p, clock } = platformWith(pem("ed25519"));
    const { token } = await issueAccessToken(p, claims);
    await expect(verifyAccessToken(p, "not-a-jwt")).rejects.toMatchObject({
      message: "The access token is not valid.",
    });
    clock.advance(16 * 60 * 1000);
    await expect(verifyAccessToken(p, token)).rejects.toMatchObject({ message: "The access token has expired." });
  });

  it("lets a failure that is not about the token through, rather than calling it an invalid token", async () => {
    const { p, clock } = platformWith(pem("ed25519"));
    const { token } = await issueAccessToken(p, claims);
    const broken = new Error("the clock is broken");
    clock.now = () => {
      throw broken;
    };
    await expect(verifyAccessToken(p, token)).rejects.toBe(broken);
  });

  it("will not issue tokens in the cloud without a configured key", async () => {
    const config = loadConfig({}, { runtime: "aws", schedulerRoleArn: "x", jobsFunctionArn: "y" });
    const p = createPlatform(config, { log: memoryLogger() });
    await expect(issueAccessToken(p, claims)).rejects.toMatchObject({ status: 500, code: "auth.not_configured" });
  });
});
