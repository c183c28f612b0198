import { createHash, generateKeyPairSync } from "node:crypto";
import { OAuth2Tokens } from "arctic";
import { createLocalJWKSet, exportJWK, type JWTPayload, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createPlatform, loadConfig, memoryLogger, type OAuthConfig } from "../../platform/index.js";
import {
  authorizationUrl,
  configuredProviders,
  MICROSOFT_CONSUMER_TENANT,
  type OAuthDeps,
  type OAuthProvider,
  providerFor,
} from "./providers.js";

const ALL: OAuthConfig = {
  google: { clientId: "google-client", clientSecret: "google-secret" },
  microsoft: { clientId: "ms-client", clientSecret: "ms-secret", tenant: "common" },
  github: { clientId: "gh-client", clientSecret: "gh-secret" },
  linkedin: { clientId: "li-client", clientSecret: "li-secret" },
};

const platform = (oauth: Partial<OAuthConfig>) =>
  createPlatform(loadConfig({}, { apiUrl: "https://api.pactly.test", oauth }), { log: memoryLogger() });

const request = { state: "state-123", codeVerifier: "verifier-".padEnd(50, "x"), nonce: "nonce-456" };
const s256 = (v: string) => createHash("sha256").update(v).digest("base64url");

/** A signing key standing in for the provider's, and a JWKS that serves it. */
async function fakeIssuerKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" }] });
  const sign = (claims: JWTPayload) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
  return { jwks, sign };
}

/** Answers JSON by URL; records what was asked. */
function fakeFetch(routes: Record<string, unknown>) {
  const asked: { url: string; auth: string | null }[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    asked.push({ url, auth: new Headers(init?.headers).get("authorization") });
    if (!(url in routes)) return new Response("not found", { status: 404 });
    return Response.json(routes[url]);
  }) as typeof fetch;
  return { fetch: f, asked };
}

const tokens = (data: Record<string, unknown>) =>
  new OAuth2Tokens({ token_type: "Bearer", access_token: "at-1", ...data });

async function identityOf(provider: OAuthProvider, t: OAuth2Tokens, deps: OAuthDeps) {
  return provider.identity(t, await provider.endpoints(deps), { nonce: request.nonce, deps });
}

describe("sign-in providers", () => {
  it("offers only the providers whose client id and secret are configured", () => {
    expect(configuredProviders(platform({})).map((p) => p.id)).toEqual([]);
    expect(configuredProviders(platform({ github: ALL.github })).map((p) => p.id)).toEqual(["github"]);
    expect(configuredProviders(platform(ALL)).map((p) => p.id)).toEqual(["google", "microsoft", "github", "linkedin"]);
    expect(() => providerFor(platform({ github: ALL.github }), "google")).toThrow(
      expect.objectContaining({ status: 404, code: "auth.provider_unknown" }),
    );
  });

  it("refuses a half-configured provider at start-up", () => {
    expect(() => loadConfig({ PACTLY_OAUTH_GOOGLE_CLIENT_ID: "only-the-id" })).toThrow(/oauth\.google\.clientSecret/);
    const cfg = loadConfig({ PACTLY_OAUTH_GITHUB_CLIENT_ID: "id", OAUTH_GITHUB_CLIENT_SECRET: "from-sst-secret" });
    expect(cfg.oauth.github).toEqual({ clientId: "id", clientSecret: "from-sst-secret" });
  });

  describe.each([
    ["google", "https://accounts.google.com/o/oauth2/v2/auth", ["openid", "email", "profile"], true],
    [
      "microsoft",
      "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
      ["openid", "email", "profile"],
      true,
    ],
    ["github", "https://github.com/login/oauth/authorize", ["read:user", "user:email"], false],
    ["linkedin", "https://www.linkedin.com/oauth/v2/authorization", ["openid", "profile", "email"], false],
  ] as const)("%s", (id, endpoint, scopes, sendsNonce) => {
    it("builds an authorization-code request with PKCE (S256), state and our callback", async () => {
      const provider = providerFor(platform(ALL), id);
      const url = await authorizationUrl(provider, request);
      expect(`${url.origin}${url.pathname}`).toBe(endpoint);
      const q = url.searchParams;
      expect(q.get("response_type")).toBe("code");
      expect(q.get("client_id")).toBe(ALL[id]!.clientId);
      expect(q.get("redirect_uri")).toBe(`https://api.pactly.test/v1/auth/oauth/${id}/callback`);
      expect(q.get("state")).toBe(request.state);
      expect(q.get("code_challenge_method")).toBe("S256");
      expect(q.get("code_challenge")).toBe(s256(request.codeVerifier));
      expect(q.get("scope")?.split(" ")).toEqual(scopes);
      expect(q.get("nonce")).toBe(sendsNonce ? request.nonce : null);
      // The secret never travels in the browser's URL.
      expect(url.toString()).not.toContain(ALL[id]!.clientSecret);
    });
  });

  it("google: reads the identity from a verified ID token and takes email_verified at its word", async () => {
    const { jwks, sign } = await fakeIssuerKeys();
    const deps: OAuthDeps = { fetch: fakeFetch({}).fetch, jwks: () => jwks };
    const google = providerFor(platform(ALL), "google");
    const base = { iss: "https://accounts.google.com", aud: "google-client", sub: "g-1", nonce: request.nonce };
    const idToken = await sign({ ...base, email: "Ada@Example.com", email_verified: true, name: "Ada" });
    expect(await identityOf(google, tokens({ id_token: idToken }), deps)).toEqual({
      provider: "google",
      subject: "g-1",
      email: "ada@example.com",
      emailVerified: true,
      name: "Ada",
    });
    const unverified = await sign({ ...base, email: "ada@example.com", email_verified: false });
    expect((await identityOf(google, tokens({ id_token: unverified }), deps)).emailVerified).toBe(false);
  });

  it("google: refuses an ID token for another client, from another issuer, or with another nonce", async () => {
    const { jwks, sign } = await fakeIssuerKeys();
    const deps: OAuthDeps = { fetch: fakeFetch({}).fetch, jwks: () => jwks };
    const google = providerFor(platform(ALL), "google");
    const good = { iss: "https://accounts.google.com", aud: "google-client", sub: "g-1", nonce: request.nonce };
    for (const bad of [{ aud: "someone-else" }, { iss: "https://evil.test" }, { nonce: "replayed" }]) {
      const t = tokens({ id_token: await sign({ ...good, ...bad }) });
      await expect(identityOf(google, t, deps)).rejects.toMatchObject({
        status: 401,
        code: "auth.oauth_id_token_invalid",
      });
    }
  });

  it("microsoft: accepts any tenant's issuer, but trusts the email only for personal accounts or verified domains", async () => {
    const { jwks, sign } = await fakeIssuerKeys();
    const deps: OAuthDeps = { fetch: fakeFetch({}).fetch, jwks: () => jwks };
    const ms = providerFor(platform(ALL), "microsoft");
    const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const claims = (t: string, extra: JWTPayload = {}) => ({
      iss: `https://login.microsoftonline.com/${t}/v2.0`,
      tid: t,
      aud: "ms-client",
      sub: `ms-${t}`,
      nonce: request.nonce,
      email: "grace@contoso.com",
      name: "Grace",
      ...extra,
    });
    const work = await identityOf(ms, tokens({ id_token: await sign(claims(tid)) }), deps);
    expect(work).toMatchObject({ provider: "microsoft", email: "grace@contoso.com", emailVerified: false });
    const owned = await identityOf(ms, tokens({ id_token: await sign(claims(tid, { xms_edov: true })) }), deps);
    expect(owned.emailVerified).toBe(true);
    const personal = await identityOf(ms, tokens({ id_token: await sign(claims(MICROSOFT_CONSUMER_TENANT)) }), deps);
    expect(personal.emailVerified).toBe(true);
    // The issuer must name the tenant the token claims to come from.
    const mixed = await sign({
      ...claims(tid),
      iss: `https://login.microsoftonline.com/${MICROSOFT_CONSUMER_TENANT}/v2.0`,
    });
    await expect(identityOf(ms, tokens({ id_token: mixed }), deps)).rejects.toMatchObject({ status: 401 });
  });

  it("github: uses the primary verified address from the emails API, never an unverified one", async () => {
    const github = providerFor(platform(ALL), "github");
    const user = { id: 583231, login: "octocat", name: null };
    const { fetch, asked } = fakeFetch({
      "https://api.github.com/user": user,
      "https://api.github.com/user/emails": [
        { email: "old@example.com", primary: false, verified: true },
        { email: "Octo@Example.com", primary: true, verified: true },
      ],
    });
    const deps: OAuthDeps = { fetch, jwks: () => fail() };
    expect(await identityOf(github, tokens({}), deps)).toEqual({
      provider: "github",
      subject: "583231",
      email: "octo@example.com",
      emailVerified: true,
      name: "octocat",
    });
    expect(asked.every((a) => a.auth === "Bearer at-1")).toBe(true);

    const unverified = fakeFetch({
      "https://api.github.com/user": user,
      "https://api.github.com/user/emails": [{ email: "octo@example.com", primary: true, verified: false }],
    });
    expect(await identityOf(github, tokens({}), { fetch: unverified.fetch, jwks: () => fail() })).toMatchObject({
      email: null,
      emailVerified: false,
    });
  });

  it("linkedin: reads the OpenID userinfo endpoint with the access token", async () => {
    const linkedin = providerFor(platform(ALL), "linkedin");
    const { fetch, asked } = fakeFetch({
      "https://api.linkedin.com/v2/userinfo": {
        sub: "li-9",
        name: "Lin Ked",
        email: "lin@example.com",
        email_verified: true,
      },
    });
    expect(await identityOf(linkedin, tokens({}), { fetch, jwks: () => fail() })).toEqual({
      provider: "linkedin",
      subject: "li-9",
      email: "lin@example.com",
      emailVerified: true,
      name: "Lin Ked",
    });
    expect(asked).toEqual([{ url: "https://api.linkedin.com/v2/userinfo", auth: "Bearer at-1" }]);
    // LinkedIn takes client credentials in the body, not as HTTP Basic.
    expect((await linkedin.endpoints({ fetch, jwks: () => fail() })).clientAuth).toBe("post");
  });
});

function fail(): never {
  throw new Error("not expected to be called");
}
