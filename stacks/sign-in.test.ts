// Which sign-in providers a deploy enables, from the stage's settings.
import { describe, expect, it } from "vitest";
import { PROVIDER_IDS } from "../packages/core/src/auth/oauth/providers.js";
import { OAUTH_PROVIDERS, oauthSecretName, signInProviders } from "./sign-in.js";

describe("signInProviders", () => {
  it("knows every provider core offers", () => {
    expect(OAUTH_PROVIDERS.map((p) => p.toLowerCase())).toEqual([...PROVIDER_IDS]);
  });

  it("enables a provider when its client id is set, with the settings core reads for it", () => {
    const signIn = signInProviders({
      PACTLY_OAUTH_MICROSOFT_CLIENT_ID: "00000000-aaaa",
      PACTLY_OAUTH_MICROSOFT_TENANT: "organizations",
      PACTLY_OAUTH_GITHUB_CLIENT_ID: " Iv1.abc ",
      PACTLY_OAUTH_GITHUB_TENANT: "not a GitHub setting",
      PACTLY_OAUTH_LINKEDIN_CLIENT_ID: "",
      PACTLY_OAUTH_OIDC_ISSUER: "https://sso.example.com",
    });
    expect(signIn.providers).toEqual(["MICROSOFT", "GITHUB"]);
    expect(signIn.providers.map(oauthSecretName)).toEqual([
      "OAUTH_MICROSOFT_CLIENT_SECRET",
      "OAUTH_GITHUB_CLIENT_SECRET",
    ]);
    expect(signIn.environment).toEqual({
      PACTLY_OAUTH_MICROSOFT_CLIENT_ID: "00000000-aaaa",
      PACTLY_OAUTH_MICROSOFT_TENANT: "organizations",
      PACTLY_OAUTH_GITHUB_CLIENT_ID: "Iv1.abc",
    });
  });

  it("enables nothing, and so binds no secret, when no client id is set", () => {
    expect(signInProviders({ PACTLY_OAUTH_GOOGLE_CLIENT_SECRET: "s" })).toEqual({ providers: [], environment: {} });
  });
});
