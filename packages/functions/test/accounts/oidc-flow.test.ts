// The whole authorization-code + PKCE flow through our HTTP routes against a real OpenID Connect issuer on 127.0.0.1.
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, accountsApp, assertNoSecretsIn, CookieJar, call, signedUp, WEB } from "./helpers.js";

const read = async (res: Response): Promise<any> => res.json();

let issuer: OAuth2Server;
/** What the issuer says about the next person who signs in (email, email_verified, name; or aud to tamper). */
let nextUser: Record<string, unknown> = {};
const logs: string[][] = [];

beforeAll(async () => {
  issuer = new OAuth2Server();
  await issuer.issuer.keys.generate("RS256");
  await issuer.start(0, "127.0.0.1");
  // The mock signs `sub: johndoe` into every ID token; the claims of "who signed in" are added here.
  issuer.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    if (!("scope" in token.payload)) Object.assign(token.payload, nextUser);
  });
});
afterAll(async () => {
  await issuer.stop();
  assertNoSecretsIn(logs.flat(), []);
});

async function appWithIssuer() {
  const t = await accountsApp({
    oauth: {
      oidc: { issuer: issuer.issuer.url!, clientId: "pactly-web", clientSecret: "issuer-secret", name: "Test IdP" },
    },
  });
  logs.push(t.log.lines);
  return t;
}

/**
 * What a browser does: open our start URL, follow the redirect to the issuer, come back to our callback with
 * the code and state, and land on the web app. Returns where it landed and the cookies it holds.
 */
async function browserSignIn(app: App, jar = new CookieJar(), tamper?: (callback: URL) => void) {
  const start = await call(app, "GET", "/v1/auth/oauth/oidc/start", { jar });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  const atIssuer = await fetch(authorize, { redirect: "manual" });
  expect(atIssuer.status).toBe(302);
  const callback = new URL(atIssuer.headers.get("location")!);
  tamper?.(callback);
  const back = await call(app, "GET", `${callback.pathname}${callback.search}`, { jar });
  expect(back.status).toBe(302);
  return { authorize, callback, landing: new URL(back.headers.get("location")!), jar };
}

describe("OpenID Connect sign-in (authorization code + PKCE) against a local issuer", () => {
  it("lists the issuer, signs a new user in, and the web app gets its access token through the refresh cookie", async () => {
    const { app } = await appWithIssuer();
    const methods = await read(await call(app, "GET", "/v1/auth/providers"));
    expect(methods.providers).toEqual([
      { id: "oidc", name: "Test IdP", startUrl: "https://api.pactly.test/v1/auth/oauth/oidc/start" },
    ]);

    nextUser = { email: "Kim@Example.com", email_verified: true, name: "Kim" };
    const { authorize, callback, landing, jar } = await browserSignIn(app);

    // The authorization request carried PKCE (S256), state and nonce, and came back to our callback.
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer.issuer.url}/authorize`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    expect(authorize.searchParams.get("redirect_uri")).toBe("https://api.pactly.test/v1/auth/oauth/oidc/callback");
    expect(callback.searchParams.get("state")).toBe(authorize.searchParams.get("state"));

    expect(landing.toString()).toBe(`${WEB}/auth/callback`);
    expect(jar.get("pactly_refresh")).toBeDefined();
    expect(jar.get("pactly_oauth_state")).toBeUndefined();

    const refreshed = await call(app, "POST", "/v1/auth/refresh", { jar });
    expect(refreshed.status).toBe(200);
    const { accessToken, user } = await read(refreshed);
    expect(user).toMatchObject({ email: "kim@example.com", emailVerified: true, name: "Kim", signInMethods: ["oidc"] });
    expect(await read(await call(app, "GET", "/v1/me", { token: accessToken }))).toMatchObject({ id: user.id });

    // Signing in again finds the same account.
    const second = await browserSignIn(app);
    const again = await read(await call(app, "POST", "/v1/auth/refresh", { jar: second.jar }));
    expect(again.user.id).toBe(user.id);
  });

  it("links to an existing password account with the same verified email", async () => {
    const { app, p } = await appWithIssuer();
    const { userId } = await signedUp(app, p, "lee@example.com");
    nextUser = { email: "lee@example.com", email_verified: true, name: "Lee" };
    const { jar } = await browserSignIn(app);
    const { user } = await read(await call(app, "POST", "/v1/auth/refresh", { jar }));
    expect(user.id).toBe(userId);
    expect(user.signInMethods).toEqual(["password", "oidc"]);
  });

  it("refuses an issuer that does not vouch for the email", async () => {
    const { app } = await appWithIssuer();
    nextUser = { email: "max@example.com", email_verified: false };
    const { landing, jar } = await browserSignIn(app);
    expect(landing.searchParams.get("error")).toBe("auth.oauth_email_unverified");
    expect(jar.get("pactly_refresh")).toBeUndefined();
  });

  it("refuses an ID token minted for another client", async () => {
    const { app } = await appWithIssuer();
    nextUser = { email: "ned@example.com", email_verified: true, aud: "some-other-client" };
    const { landing } = await browserSignIn(app);
    expect(landing.searchParams.get("error")).toBe("auth.oauth_id_token_invalid");
  });

  it("refuses a callback in a browser that did not start the flow, and a replayed callback", async () => {
    const { app } = await appWithIssuer();
    nextUser = { email: "ola@example.com", email_verified: true };
    // The victim's browser is sent the attacker's callback: it holds no matching state cookie.
    const attacker = new CookieJar();
    const start = await call(app, "GET", "/v1/auth/oauth/oidc/start", { jar: attacker });
    const atIssuer = await fetch(start.headers.get("location")!, { redirect: "manual" });
    const callback = new URL(atIssuer.headers.get("location")!);
    const victim = new CookieJar();
    const csrf = await call(app, "GET", `${callback.pathname}${callback.search}`, { jar: victim });
    expect(new URL(csrf.headers.get("location")!).searchParams.get("error")).toBe("auth.oauth_state_invalid");
    expect(victim.get("pactly_refresh")).toBeUndefined();

    // Used once, the state is gone: the same callback again fails even with the right cookie.
    const first = await browserSignIn(app);
    const replayJar = new CookieJar();
    replayJar.cookies.set("pactly_oauth_state", {
      value: first.callback.searchParams.get("state")!,
      path: "/v1/auth/oauth",
      attributes: "",
    });
    const replay = await call(app, "GET", `${first.callback.pathname}${first.callback.search}`, { jar: replayJar });
    expect(new URL(replay.headers.get("location")!).searchParams.get("error")).toBe("auth.oauth_state_invalid");
  });

  it("refuses a code exchanged with the wrong PKCE verifier (a code stolen from another flow)", async () => {
    const { app } = await appWithIssuer();
    nextUser = { email: "pia@example.com", email_verified: true };
    // The code from the attacker's own flow, with the state of a flow started in the victim's browser.
    const own = new CookieJar();
    const ownStart = await call(app, "GET", "/v1/auth/oauth/oidc/start", { jar: own });
    const ownBack = new URL(
      (await fetch(ownStart.headers.get("location")!, { redirect: "manual" })).headers.get("location")!,
    );
    const { landing } = await browserSignIn(app, new CookieJar(), (cb) =>
      cb.searchParams.set("code", ownBack.searchParams.get("code")!),
    );
    expect(landing.searchParams.get("error")).toBe("auth.oauth_code_invalid");
  });
});
