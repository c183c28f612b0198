// The auth routes over HTTP: sign-up to sign-in, cookies, refresh rotation and reuse, JWT attacks, limits, logs.
import { generateKeyPairSync, type KeyObject, sign as signBytes } from "node:crypto";
import { issueAccessToken, REFRESH_GRACE_SECONDS } from "@pactly/core/auth";
import { deliverDueEffects, ManualClock } from "@pactly/core/platform";
import { afterAll, describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { API, accountsApp, assertNoSecretsIn, CookieJar, call, emailToken, signedUp } from "./helpers.js";

const read = async (res: Response): Promise<any> => res.json();

/** Every log line written in this file, and every secret handed out, checked at the end. */
const logs: string[][] = [];
const secrets: string[] = [];
afterAll(() => {
  // The check means something only if the flows above were logged.
  expect(logs.flat().filter((l) => l.includes('"msg":"signed in"')).length).toBeGreaterThan(3);
  assertNoSecretsIn(logs.flat(), secrets);
});

async function app(config = {}) {
  const t = await accountsApp(config);
  logs.push(t.log.lines);
  return t;
}

function expectErrorBody(body: any, code: string) {
  expect(body).toEqual({
    error: { code, message: expect.any(String), timestamp: expect.any(String), requestId: expect.any(String) },
  });
}

describe("sign-up, verification and sign-in over HTTP", () => {
  it("signs up, verifies by the emailed link, signs in with a refresh cookie scoped to the auth routes", async () => {
    const { app: a, p } = await app();
    const signup = await call(a, "POST", "/v1/auth/signup", {
      body: { email: "ada@example.com", password: "a fine long password", name: "Ada" },
    });
    expect(signup.status).toBe(202);
    const token = await emailToken(p, "ada@example.com", "verify-email");
    secrets.push(token);

    const early = await call(a, "POST", "/v1/auth/login", {
      body: { email: "ada@example.com", password: "a fine long password" },
    });
    expect(early.status).toBe(403);
    expectErrorBody(await read(early), "auth.email_not_verified");

    expect((await call(a, "POST", "/v1/auth/verify-email", { body: { token } })).status).toBe(200);
    const again = await call(a, "POST", "/v1/auth/verify-email", { body: { token } });
    expect(again.status).toBe(400);

    const jar = new CookieJar();
    const login = await call(a, "POST", "/v1/auth/login", {
      body: { email: "ada@example.com", password: "a fine long password" },
      jar,
    });
    expect(login.status).toBe(200);
    expect(login.headers.get("cache-control")).toBe("no-store");
    const body = await read(login);
    expect(body).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 900,
      user: { email: "ada@example.com", emailVerified: true },
    });
    secrets.push(body.accessToken, jar.get("pactly_refresh")!);

    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("pactly_refresh="))!;
    expect(cookie).toMatch(/; Max-Age=604800/);
    expect(cookie).toMatch(/; Path=\/v1\/auth/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);

    const me = await call(a, "GET", "/v1/me", { token: body.accessToken });
    expect(me.status).toBe(200);
    expect(await read(me)).toMatchObject({ email: "ada@example.com", name: "Ada" });
  });

  it("answers a sign-up with a taken email, and a reset request for an unknown one, exactly like the others", async () => {
    const { app: a, p } = await app();
    await signedUp(a, p, "bea@example.com");
    const fresh = await call(a, "POST", "/v1/auth/signup", {
      body: { email: "new@example.com", password: "a fine long password", name: "New" },
    });
    const taken = await call(a, "POST", "/v1/auth/signup", {
      body: { email: "bea@example.com", password: "a fine long password", name: "Bea" },
    });
    expect([taken.status, await read(taken)]).toEqual([fresh.status, await read(fresh)]);
    const known = await call(a, "POST", "/v1/auth/password/forgot", { body: { email: "bea@example.com" } });
    const unknown = await call(a, "POST", "/v1/auth/password/forgot", { body: { email: "nobody@example.com" } });
    expect([known.status, await read(known)]).toEqual([unknown.status, await read(unknown)]);
    expect(known.status).toBe(202);
  });

  it("resends a verification link with the same answer for any address, and refuses a malformed one", async () => {
    const { app: a, p } = await app();
    await call(a, "POST", "/v1/auth/signup", {
      body: { email: "dee@example.com", password: "a fine long password", name: "Dee" },
    });
    const waiting = await call(a, "POST", "/v1/auth/verify-email/resend", { body: { email: "dee@example.com" } });
    const unknown = await call(a, "POST", "/v1/auth/verify-email/resend", { body: { email: "nobody@example.com" } });
    expect(waiting.status).toBe(202);
    expect([waiting.status, await read(waiting)]).toEqual([unknown.status, await read(unknown)]);
    await deliverDueEffects(p); // the emails leave through the outbox after commit
    expect((await p.local!.outbox.list({ to: "dee@example.com" })).items).toHaveLength(2);
    const token = await emailToken(p, "dee@example.com", "verify-email");
    secrets.push(token);
    expect((await call(a, "POST", "/v1/auth/verify-email", { body: { token } })).status).toBe(200);

    const bad = await call(a, "POST", "/v1/auth/verify-email/resend", { body: { email: "not an address" } });
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.code).toBe("validation.failed");
  });

  it("resets a password by the emailed link and ends existing sign-ins", async () => {
    const { app: a, p } = await app();
    const { jar, token } = await signedUp(a, p, "cal@example.com", "cal's first password");
    await call(a, "POST", "/v1/auth/password/forgot", { body: { email: "cal@example.com" } });
    const reset = await emailToken(p, "cal@example.com", "reset-password");
    secrets.push(reset, token);
    const weak = await call(a, "POST", "/v1/auth/password/reset", { body: { token: reset, password: "short" } });
    expect(weak.status).toBe(400);
    const ok = await call(a, "POST", "/v1/auth/password/reset", {
      body: { token: reset, password: "cal's second password" },
    });
    expect(ok.status).toBe(200);
    expect((await call(a, "GET", "/v1/me", { token })).status).toBe(401);
    expect((await call(a, "POST", "/v1/auth/refresh", { jar })).status).toBe(401);
    const login = await call(a, "POST", "/v1/auth/login", {
      body: { email: "cal@example.com", password: "cal's second password" },
    });
    expect(login.status).toBe(200);
  });

  it("limits password attempts per email with 429 and Retry-After", async () => {
    const { app: a, p } = await app({ loginLimitPerEmail: 2 });
    await signedUp(a, p, "dan@example.com");
    for (let i = 0; i < 2; i++) {
      const res = await call(a, "POST", "/v1/auth/login", {
        body: { email: "dan@example.com", password: `wrong ${i}` },
      });
      expect(res.status).toBe(401);
      expectErrorBody(await read(res), "auth.invalid_credentials");
    }
    const limited = await call(a, "POST", "/v1/auth/login", {
      body: { email: "dan@example.com", password: "a fine long password" },
      ip: "203.0.113.9",
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expectErrorBody(await read(limited), "rate.limited");
  });

  it("limits password attempts per client IP", async () => {
    const { app: a } = await app({ loginLimitPerIp: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await call(a, "POST", "/v1/auth/login", {
        body: { email: `u${i}@example.com`, password: "x" },
        ip: "192.0.2.1",
      });
      expect(res.status).toBe(401);
    }
    const res = await call(a, "POST", "/v1/auth/login", {
      body: { email: "u9@example.com", password: "x" },
      ip: "192.0.2.1",
    });
    expect(res.status).toBe(429);
    const other = await call(a, "POST", "/v1/auth/login", {
      body: { email: "u9@example.com", password: "x" },
      ip: "192.0.2.2",
    });
    expect(other.status).toBe(401);
  });
});

describe("refresh and logout over HTTP", () => {
  it("rotates the cookie on every refresh; replaying an old one after the grace ends the sign-in and clears the cookie", async () => {
    const { app: a, p, clock } = await app();
    const { jar } = await signedUp(a, p, "eli@example.com");
    const first = jar.get("pactly_refresh")!;
    const r1 = await call(a, "POST", "/v1/auth/refresh", { jar });
    expect(r1.status).toBe(200);
    const second = jar.get("pactly_refresh")!;
    expect(second).not.toBe(first);
    const { accessToken } = await read(r1);
    secrets.push(first, second, accessToken);
    expect((await call(a, "GET", "/v1/me", { token: accessToken })).status).toBe(200);

    // A thief replays the first cookie, later than a retry or a second tab would.
    (clock as ManualClock).advance((REFRESH_GRACE_SECONDS + 1) * 1000);
    const stolen = new CookieJar();
    stolen.cookies.set("pactly_refresh", { value: first, path: "/v1/auth", attributes: "" });
    const replay = await call(a, "POST", "/v1/auth/refresh", { jar: stolen });
    expect(replay.status).toBe(401);
    expectErrorBody(await read(replay), "auth.refresh_reused");
    expect(stolen.get("pactly_refresh")).toBeUndefined();

    // The whole family is gone: the legitimate client's newest cookie and access token too.
    const next = await call(a, "POST", "/v1/auth/refresh", { jar });
    expect(next.status).toBe(401);
    const me = await call(a, "GET", "/v1/me", { token: accessToken });
    expect(me.status).toBe(401);
    expectErrorBody(await read(me), "auth.session_ended");
  });

  it("answers two tabs refreshing with one cookie at once with the same new cookie, and signs nobody out", async () => {
    const { app: a, p } = await app();
    const { jar } = await signedUp(a, p, "gus@example.com");
    const tabs = [new CookieJar(), new CookieJar()];
    for (const tab of tabs) {
      tab.cookies.set("pactly_refresh", { value: jar.get("pactly_refresh")!, path: "/v1/auth", attributes: "" });
    }
    const answers = await Promise.all(tabs.map((tab) => call(a, "POST", "/v1/auth/refresh", { jar: tab })));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const [one, two] = tabs.map((tab) => tab.get("pactly_refresh")!);
    expect(one).toBe(two);
    secrets.push(one!);
    for (const r of answers) {
      const { accessToken } = await read(r);
      secrets.push(accessToken);
      expect((await call(a, "GET", "/v1/me", { token: accessToken })).status).toBe(200);
    }
    expect((await call(a, "POST", "/v1/auth/refresh", { jar: tabs[0] })).status).toBe(200);
  });

  it("logs out: 204, cookie cleared, refresh and the access token refused", async () => {
    const { app: a, p } = await app();
    const { jar, token } = await signedUp(a, p, "fox@example.com");
    const refreshToken = jar.get("pactly_refresh")!;
    const out = await call(a, "POST", "/v1/auth/logout", { jar });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => /^pactly_refresh=;.*Max-Age=0/.test(c))).toBe(true);
    const replay = new CookieJar();
    replay.cookies.set("pactly_refresh", { value: refreshToken, path: "/v1/auth", attributes: "" });
    expect((await call(a, "POST", "/v1/auth/refresh", { jar: replay })).status).toBe(401);
    expect((await call(a, "GET", "/v1/me", { token })).status).toBe(401);
  });

  it("refuses a refresh sent by a page of another site", async () => {
    const { app: a, p } = await app();
    const { jar } = await signedUp(a, p, "gil@example.com");
    const res = await call(a, "POST", "/v1/auth/refresh", { jar, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expectErrorBody(await read(res), "auth.origin_refused");
    const ours = await call(a, "POST", "/v1/auth/refresh", { jar, headers: { origin: "https://app.pactly.test" } });
    expect(ours.status).toBe(200);
  });
});

describe("access tokens over HTTP", () => {
  async function withUser() {
    const clock = new ManualClock("2026-01-05T09:00:00Z");
    const t = await testPlatform({ domains: DOMAIN_MODULES, clock, config: { apiUrl: API } });
    logs.push(t.log.lines);
    const a = createApp(t.platform);
    const { token, userId } = await signedUp(a, t.platform, "hal@example.com");
    secrets.push(token);
    return { a, p: t.platform, clock, token, userId };
  }
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const claims = (sub: string) => {
    const iat = Math.floor(Date.parse("2026-01-05T09:00:00Z") / 1000);
    return { sub, role: "admin", sid: "s", iss: API, aud: "pactly-api", iat, exp: iat + 600 };
  };
  /** A JWT made by hand, as an attacker would: any header, any key. */
  const forge = (header: Record<string, unknown>, payload: Record<string, unknown>, key?: KeyObject) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${key ? signBytes(null, Buffer.from(input), key).toString("base64url") : ""}`;
  };

  it("answers 401 in the error format for alg none, a foreign key, an expired token and a wrong audience", async () => {
    const { a, p, clock, token, userId } = await withUser();
    const none = forge({ alg: "none", typ: "at+jwt" }, claims(userId));
    const ourKid = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid;
    const foreign = forge(
      { alg: "EdDSA", kid: ourKid, typ: "at+jwt" },
      claims(userId),
      generateKeyPairSync("ed25519").privateKey,
    );
    const otherAudience = (
      await issueAccessToken(
        { ...p, config: { ...p.config, jwtAudience: "another-api" } },
        {
          userId,
          role: "admin",
          sessionId: "s",
        },
      )
    ).token;

    for (const [bad, code] of [
      [none, "auth.invalid_token"],
      [foreign, "auth.invalid_token"],
      [otherAudience, "auth.invalid_token"],
      ["not.a.jwt", "auth.invalid_token"],
    ] as const) {
      const res = await call(a, "GET", "/v1/me", { token: bad });
      expect(res.status).toBe(401);
      expectErrorBody(await read(res), code);
    }
    const basic = await call(a, "GET", "/v1/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);

    expect((await call(a, "GET", "/v1/me", { token })).status).toBe(200);
    clock.advance(15 * 60 * 1000 + 1);
    const expired = await call(a, "GET", "/v1/me", { token });
    expect(expired.status).toBe(401);
    expectErrorBody(await read(expired), "auth.token_expired");
  });

  it("answers 401 auth.required without a token", async () => {
    const { a } = await withUser();
    const res = await call(a, "GET", "/v1/me/preferences");
    expect(res.status).toBe(401);
    expectErrorBody(await read(res), "auth.required");
  });
});

describe("sign-in methods", () => {
  it("lists only configured providers and no dev sign-in in the app the Lambda serves", async () => {
    const { app: none } = await app();
    expect(await read(await call(none, "GET", "/v1/auth/providers"))).toEqual({
      password: true,
      dev: false,
      providers: [],
    });
    const { app: some } = await app({
      oauth: { github: { clientId: "gh", clientSecret: "s" }, google: { clientId: "g", clientSecret: "s" } },
    });
    expect(await read(await call(some, "GET", "/v1/auth/providers"))).toEqual({
      password: true,
      dev: false,
      providers: [
        { id: "google", name: "Google", startUrl: `${API}/v1/auth/oauth/google/start` },
        { id: "github", name: "GitHub", startUrl: `${API}/v1/auth/oauth/github/start` },
      ],
    });
    const start = await call(some, "GET", "/v1/auth/oauth/linkedin/start");
    expect(start.status).toBe(404);
    const google = await call(some, "GET", "/v1/auth/oauth/google/start");
    expect(google.status).toBe(302);
    expect(new URL(google.headers.get("location")!).origin).toBe("https://accounts.google.com");
  });

  it("has no dev sign-in route in the Lambda's app, even with the flag forced on", async () => {
    const { app: a } = await app({ devSignIn: true });
    const res = await call(a, "POST", "/v1/auth/dev-login", { body: { email: "dev@example.com" } });
    expect(res.status).toBe(404);
  });

  it("publishes the public signing keys, never the private part", async () => {
    const { app: a } = await app();
    const jwks = await read(await call(a, "GET", "/v1/auth/jwks.json"));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});
