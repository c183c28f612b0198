// Which sign-in providers a stage offers: the ones whose client id is set when deploying (client ids and their
// settings are not secret; SST loads them from `.env.<stage>`). Their client secrets are SST secrets (stacks/secrets.ts).
//
// Only enabled providers get their secret bound: the API resolves every bound secret at cold start and refuses to
// start when one has no value, so binding all five would force each stage to set secrets it does not use.

/** Core's providers (packages/core/src/auth/oauth/providers.ts), as they appear in the variable names. */
export const OAUTH_PROVIDERS = ["GOOGLE", "MICROSOFT", "GITHUB", "LINKEDIN", "OIDC"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

/** The SST secret holding a provider's client secret, named as core's config reads it. */
export const oauthSecretName = (provider: OAuthProvider) => `OAUTH_${provider}_CLIENT_SECRET` as const;

/** What core reads for a provider besides the client id and secret (packages/core/src/platform/config.ts). */
const SETTINGS: Record<OAuthProvider, string[]> = {
  GOOGLE: [],
  MICROSOFT: ["TENANT"],
  GITHUB: [],
  LINKEDIN: [],
  OIDC: ["ISSUER", "NAME"],
};

export interface SignIn {
  /** Providers whose client id is set, so whose secret the API must have. */
  providers: OAuthProvider[];
  /** PACTLY_OAUTH_<PROVIDER>_{CLIENT_ID,…} for the API function. */
  environment: Record<string, string>;
}

export function signInProviders(env: Record<string, string | undefined>): SignIn {
  const providers = OAUTH_PROVIDERS.filter((p) => env[`PACTLY_OAUTH_${p}_CLIENT_ID`]?.trim());
  const environment: Record<string, string> = {};
  for (const p of providers) {
    for (const setting of ["CLIENT_ID", ...SETTINGS[p]]) {
      const name = `PACTLY_OAUTH_${p}_${setting}`;
      const value = env[name]?.trim();
      if (value) environment[name] = value;
    }
  }
  return { providers, environment };
}
