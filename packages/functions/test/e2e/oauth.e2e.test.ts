// Signing in with a provider in a real browser: the sign-in page lists it, the browser goes to the issuer and back
// through the API's callback, and the web app's /auth/callback page finishes the sign-in from the refresh cookie,
// returning to the page that asked for it. The issuer is a local OpenID Connect server that approves at once.
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading } from "./steps.js";

let issuer: OAuth2Server;
let e2e: E2E;

beforeAll(async () => {
  issuer = new OAuth2Server();
  await issuer.issuer.keys.generate("RS256");
  await issuer.start(0, "127.0.0.1");
  // The mock signs `sub: johndoe` into every ID token; who signed in is added here.
  issuer.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    if (!("scope" in token.payload))
      Object.assign(token.payload, { email: "mae@example.com", email_verified: true, name: "Mae Jemison" });
  });
  e2e = await startE2E({
    config: {
      oauth: {
        oidc: { issuer: issuer.issuer.url!, clientId: "pactly-web", clientSecret: "issuer-secret", name: "Test IdP" },
      },
    },
  });
});
afterAll(async () => {
  await e2e?.stop();
  await issuer?.stop();
});

describe("provider sign-in", () => {
  it("signs in through the provider and returns to the page that asked", async () => {
    const { page, problems } = await e2e.open(PHONE, "phone");
    await page.goto("/goals");
    await expectHeading(page, "Sign in");
    const provider = page.getByRole("link", { name: "Continue with Test IdP" });
    await provider.waitFor();
    await checkPage(e2e, page, "phone-sign-in-providers");
    await provider.click();
    // Issuer → API callback → /auth/callback → the page the learner wanted.
    await expectHeading(page, "Goals");
    expect(new URL(page.url()).pathname).toBe("/goals");
    await page.getByText("No goals yet").waitFor();
    await page.goto("/pods");
    await page.getByText("No pods yet").waitFor();
    await page.goto("/profile");
    await page.getByText("mae@example.com").waitFor();
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("Mae Jemison");
    expect(problems).toEqual([]);
  });

  it("says why when the provider sign-in failed", async () => {
    const { page } = await e2e.open(PHONE, "phone-failure");
    await page.goto("/auth/callback?error=auth.oauth_state_invalid");
    await expectHeading(page, "Signing you in");
    await page.getByRole("alert").filter({ hasText: "The sign-in was not started in this browser" }).waitFor();
    await page.getByRole("link", { name: "Back to sign in" }).click();
    await expectHeading(page, "Sign in");
  });
});
