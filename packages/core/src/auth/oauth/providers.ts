// Sign-in providers: Google, Microsoft Entra ID, GitHub, LinkedIn and any OpenID Connect issuer, each from config.
import { CodeChallengeMethod, OAuth2Client, OAuth2Tokens } from "arctic";
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { AppError, badGateway, type OAuthConfig, type Platform } from "../../platform/index.js";

export const PROVIDER_IDS = ["google", "microsoft", "github", "linkedin", "oidc"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Who the provider says signed in. Accounts link by `email` only when the provider vouches for it. */
export interface ExternalIdentity {
  provider: ProviderId;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** The outside world a provider talks to; tests hand in fakes. */
export interface OAuthDeps {
  fetch: typeof fetch;
  /** A key set for an issuer's JWKS URL. */
  jwks: (uri: string) => JWTVerifyGetKey;
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();
export const defaultDeps: OAuthDeps = {
  fetch: (input, init) => fetch(input, init),
  jwks: (uri) => {
    let set = remoteKeySets.get(uri);
    if (!set) {
      set = createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000 });
      remoteKeySets.set(uri, set);
    }
    return set;
  },
};

interface Endpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** For OpenID Connect providers: whose ID tokens to accept and where their keys are. */
  idToken?: { issuer: string | ((claims: JWTPayload) => boolean); jwksUri: string; algorithms: string[] };
  userinfoEndpoint?: string;
  /** "basic": client_secret_basic (most); "post": client_secret_post (LinkedIn, some OIDC issuers). */
  clientAuth: "basic" | "post";
}

export interface OAuthProvider {
  id: ProviderId;
  name: string;
  scopes: string[];
  clientId: string;
  redirectUri: string;
  endpoints(deps: OAuthDeps): Promise<Endpoints>;
  /** Reads who signed in from the token response (an ID token, or the provider's user API). */
  identity(
    tokens: OAuth2Tokens,
    endpoints: Endpoints,
    ctx: { nonce: string; deps: OAuthDeps },
  ): Promise<ExternalIdentity>;
  /** Kept off the provider's public shape so it cannot end up in a response or a log by accident. */
  readonly secret: () => string;
}

const ID_TOKEN_ALGORITHMS = ["RS256", "ES256", "EdDSA", "PS256"];

/** An ID token checked against the issuer's keys: signature, iss, aud = our client id, exp, and our nonce. */
export async function verifyIdToken(
  idToken: string,
  spec: NonNullable<Endpoints["idToken"]>,
  clientId: string,
  nonce: string,
  deps: OAuthDeps,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, deps.jwks(spec.jwksUri), {
      audience: clientId,
      algorithms: spec.algorithms,
      ...(typeof spec.issuer === "string" ? { issuer: spec.issuer } : {}),
      requiredClaims: ["sub", "exp", "iat"],
    });
    if (typeof spec.issuer === "function" && !spec.issuer(payload)) throw new Error("unexpected issuer");
    if (payload.nonce !== nonce) throw new Error("nonce mismatch");
    return payload;
  } catch (e) {
    throw new AppError(401, "auth.oauth_id_token_invalid", "The sign-in provider's answer could not be verified.", {
      cause: e,
    });
  }
}

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const lower = (v: unknown): string | null => str(v)?.toLowerCase() ?? null;

async function getJson(deps: OAuthDeps, url: string, accessToken: string, what: string): Promise<unknown> {
  const res = await deps.fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json", "User-Agent": "pactly" },
  });
  if (!res.ok) throw badGateway("auth.oauth_provider_failed", `${what} answered ${res.status}.`);
  return res.json();
}

/** Microsoft's tenant of personal accounts, whose addresses Microsoft has verified. */
export const MICROSOFT_CONSUMER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";

const fromClaims = (provider: ProviderId, c: JWTPayload, emailVerified: boolean): ExternalIdentity => ({
  provider,
  subject: String(c.sub),
  email: lower(c.email),
  emailVerified: emailVerified && lower(c.email) !== null,
  name: str(c.name),
});

type Made = Omit<OAuthProvider, "clientId" | "redirectUri" | "secret">;
/** An OpenID Connect provider before it knows its client: its identity comes from the ID token. */
type OidcBase = Omit<Made, "identity">;

const google = (): OidcBase => ({
  id: "google",
  name: "Google",
  scopes: ["openid", "email", "profile"],
  endpoints: async () => ({
    authorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenEndpoint: "https://oauth2.googleapis.com/token",
    clientAuth: "basic",
    idToken: {
      // Google signs with either spelling of its issuer.
      issuer: (c) => c.iss === "https://accounts.google.com" || c.iss === "accounts.google.com",
      jwksUri: "https://www.googleapis.com/oauth2/v3/certs",
      algorithms: ["RS256"],
    },
  }),
});

const microsoft = (tenant: string): OidcBase => ({
  id: "microsoft",
  name: "Microsoft",
  scopes: ["openid", "email", "profile"],
  endpoints: async () => ({
    authorizationEndpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
    tokenEndpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
    clientAuth: "basic",
    idToken: {
      // With a multi-tenant authority ("common", "organizations", "consumers") the issuer names the user's own
      // tenant; a single-tenant app accepts only its tenant.
      issuer: (c) => {
        const tid = str(c.tid);
        const pinned = /^[0-9a-f-]{36}$/i.test(tenant) ? tenant.toLowerCase() : undefined;
        return tid !== null && c.iss === `https://login.microsoftonline.com/${tid}/v2.0` && (!pinned || tid === pinned);
      },
      jwksUri: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
      algorithms: ["RS256"],
    },
  }),
});

const github = (): Made => ({
  id: "github",
  name: "GitHub",
  scopes: ["read:user", "user:email"],
  endpoints: async () => ({
    authorizationEndpoint: "https://github.com/login/oauth/authorize",
    tokenEndpoint: "https://github.com/login/oauth/access_token",
    clientAuth: "basic",
  }),
  identity: async (tokens, _e, { deps }) => {
    const at = tokens.accessToken();
    const user = (await getJson(deps, "https://api.github.com/user", at, "GitHub")) as {
      id?: number;
      name?: string;
      login?: string;
    };
    const emails = (await getJson(deps, "https://api.github.com/user/emails", at, "GitHub")) as {
      email: string;
      primary: boolean;
      verified: boolean;
    }[];
    // The primary address, and only if GitHub verified it; otherwise any verified one.
    const chosen = emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.verified);
    if (typeof user.id !== "number") throw badGateway("auth.oauth_provider_failed", "GitHub returned no user id.");
    return {
      provider: "github",
      subject: String(user.id),
      email: lower(chosen?.email),
      emailVerified: Boolean(chosen),
      name: str(user.name) ?? str(user.login),
    };
  },
});

const linkedin = (): Made => ({
  id: "linkedin",
  name: "LinkedIn",
  scopes: ["openid", "profile", "email"],
  endpoints: async () => ({
    authorizationEndpoint: "https://www.linkedin.com/oauth/v2/authorization",
    tokenEndpoint: "https://www.linkedin.com/oauth/v2/accessToken",
    userinfoEndpoint: "https://api.linkedin.com/v2/userinfo",
    // LinkedIn does not take HTTP Basic client credentials.
    clientAuth: "post",
  }),
  identity: async (tokens, e, { deps }) => {
    const info = (await getJson(deps, e.userinfoEndpoint!, tokens.accessToken(), "LinkedIn")) as Record<
      string,
      unknown
    >;
    if (!str(info.sub)) throw badGateway("auth.oauth_provider_failed", "LinkedIn returned no subject.");
    return fromClaims("linkedin", info as JWTPayload, info.email_verified === true);
  },
});

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
}

const discoveries = new Map<string, { at: number; doc: Promise<Discovery> }>();

/** `<issuer>/.well-known/openid-configuration`, kept for an hour; its `issuer` must be the configured one. */
export async function discover(issuer: string, deps: OAuthDeps, nowMs = Date.now()): Promise<Discovery> {
  const cached = discoveries.get(issuer);
  if (cached && nowMs - cached.at < 3_600_000) return cached.doc;
  const doc = (async () => {
    const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const res = await deps.fetch(url, { headers: { Accept: "application/json" } });
    if (!res.ok)
      throw badGateway("auth.oauth_provider_failed", `The identity provider's discovery answered ${res.status}.`);
    const d = (await res.json()) as Discovery;
    if (d.issuer !== issuer || !d.authorization_endpoint || !d.token_endpoint || !d.jwks_uri) {
      throw badGateway(
        "auth.oauth_provider_failed",
        "The identity provider's discovery document does not fit its issuer.",
      );
    }
    return d;
  })();
  discoveries.set(issuer, { at: nowMs, doc });
  doc.catch(() => discoveries.delete(issuer));
  return doc;
}

const oidc = (issuer: string, name: string): OidcBase => ({
  id: "oidc",
  name,
  scopes: ["openid", "email", "profile"],
  endpoints: async (deps) => {
    const d = await discover(issuer, deps);
    const methods = d.token_endpoint_auth_methods_supported;
    const algs = (d.id_token_signing_alg_values_supported ?? ["RS256"]).filter((a) => ID_TOKEN_ALGORITHMS.includes(a));
    return {
      authorizationEndpoint: d.authorization_endpoint,
      tokenEndpoint: d.token_endpoint,
      // client_secret_basic is the default when the issuer lists nothing (OpenID Connect Discovery 1.0).
      clientAuth:
        methods?.includes("client_secret_post") && !methods.includes("client_secret_basic") ? "post" : "basic",
      idToken: { issuer: d.issuer, jwksUri: d.jwks_uri, algorithms: algs.length > 0 ? algs : ["RS256"] },
    };
  },
});

/** OpenID Connect providers read the identity from the verified ID token. */
function withIdTokenIdentity(made: OidcBase, clientId: string, emailVerified: (c: JWTPayload) => boolean): Made {
  return {
    ...made,
    identity: async (tokens, e, { nonce, deps }) => {
      const claims = await verifyIdToken(tokens.idToken(), e.idToken!, clientId, nonce, deps);
      return fromClaims(made.id, claims, emailVerified(claims));
    },
  };
}

export const callbackUrl = (p: Platform, id: ProviderId) =>
  `${p.config.apiUrl.replace(/\/$/, "")}/v1/auth/oauth/${id}/callback`;

/** The providers this deployment offers: those whose client id and secret are configured, in a fixed order. */
export function configuredProviders(p: Platform): OAuthProvider[] {
  const cfg: OAuthConfig = p.config.oauth;
  const out: OAuthProvider[] = [];
  const add = (made: Made, client: { clientId: string; clientSecret: string }) =>
    out.push({
      ...made,
      clientId: client.clientId,
      redirectUri: callbackUrl(p, made.id),
      secret: () => client.clientSecret,
    });
  if (cfg.google)
    add(
      withIdTokenIdentity(google(), cfg.google.clientId, (c) => c.email_verified === true),
      cfg.google,
    );
  if (cfg.microsoft) {
    // Entra ID's `email` is whatever the tenant admin typed, unless the tenant owns the domain (xms_edov) or it is
    // a personal account: only then does it link accounts.
    const verified = (c: JWTPayload) =>
      c.tid === MICROSOFT_CONSUMER_TENANT || c.xms_edov === true || c.xms_edov === "1";
    add(withIdTokenIdentity(microsoft(cfg.microsoft.tenant), cfg.microsoft.clientId, verified), cfg.microsoft);
  }
  if (cfg.github) add(github(), cfg.github);
  if (cfg.linkedin) add(linkedin(), cfg.linkedin);
  if (cfg.oidc) {
    const made = oidc(cfg.oidc.issuer.replace(/\/$/, ""), cfg.oidc.name);
    add(
      withIdTokenIdentity(made, cfg.oidc.clientId, (c) => c.email_verified === true),
      cfg.oidc,
    );
  }
  return out;
}

export function providerFor(p: Platform, id: string): OAuthProvider {
  const provider = configuredProviders(p).find((x) => x.id === id);
  if (!provider) throw new AppError(404, "auth.provider_unknown", `Sign-in with "${id}" is not available.`);
  return provider;
}

/** The authorization request: code flow with PKCE (S256) and state; OpenID Connect providers also get a nonce. */
export async function authorizationUrl(
  provider: OAuthProvider,
  request: { state: string; codeVerifier: string; nonce: string },
  deps: OAuthDeps = defaultDeps,
): Promise<URL> {
  const e = await provider.endpoints(deps);
  const client = new OAuth2Client(provider.clientId, provider.secret(), provider.redirectUri);
  const url = client.createAuthorizationURLWithPKCE(
    e.authorizationEndpoint,
    request.state,
    CodeChallengeMethod.S256,
    request.codeVerifier,
    provider.scopes,
  );
  if (e.idToken) url.searchParams.set("nonce", request.nonce);
  return url;
}

/** Exchanges the code (with the PKCE verifier) for tokens, authenticating as the provider expects. */
export async function exchangeCode(
  provider: OAuthProvider,
  code: string,
  codeVerifier: string,
  deps: OAuthDeps = defaultDeps,
): Promise<{ tokens: OAuth2Tokens; endpoints: Endpoints }> {
  const e = await provider.endpoints(deps);
  try {
    if (e.clientAuth === "basic") {
      const client = new OAuth2Client(provider.clientId, provider.secret(), provider.redirectUri);
      return { tokens: await client.validateAuthorizationCode(e.tokenEndpoint, code, codeVerifier), endpoints: e };
    }
    const body = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: provider.redirectUri,
      code_verifier: codeVerifier,
      client_id: provider.clientId,
      client_secret: provider.secret(),
    });
    const res = await deps.fetch(e.tokenEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body,
    });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok || typeof data.access_token !== "string") throw new Error(`token endpoint answered ${res.status}`);
    return { tokens: new OAuth2Tokens(data), endpoints: e };
  } catch (cause) {
    throw new AppError(401, "auth.oauth_code_invalid", "The sign-in could not be completed. Try again.", { cause });
  }
}
