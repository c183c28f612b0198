// The one place that reads the environment: parsed once at start-up, then passed around. Built on zod's mini
// build, not the schema zod of core: the config is parsed at every cold start, and the full zod (with its OpenAPI
// extension) would then load at init whether or not a request ever validates anything.
import * as z from "zod/mini";
import { plainIssueMessage } from "./issue-messages.js";

const csv = z.pipe(
  z.optional(z.string()),
  z.transform((s: string | undefined) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  ),
);

/** Words or phrases: trimmed, lower-cased, at most 500 of at most 80 characters, without blanks or repeats. */
const wordList = z.pipe(
  z.array(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(80))).check(z.maxLength(500)),
  z.transform((words: string[]) => [...new Set(words.filter(Boolean))]),
);

const text = (min = 1) => z.string().check(z.minLength(min));
const withDefault = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) =>
  z._default(schema, value as never) as z.ZodMiniDefault<T>;
const count = (min: number, max?: number) =>
  z.coerce.number().check(...[z.int(), z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)])]);

/** A confidential OAuth client registered with a provider. */
const OAuthClient = z.object({ clientId: text(), clientSecret: text() });

export const OAuthConfig = z.object({
  google: z.optional(OAuthClient),
  /** `tenant`: "common" (work, school and personal accounts), "organizations", "consumers" or a tenant id. */
  microsoft: z.optional(z.extend(OAuthClient, { tenant: withDefault(text(), "common") })),
  github: z.optional(OAuthClient),
  linkedin: z.optional(OAuthClient),
  /** Any OpenID Connect issuer, found through `<issuer>/.well-known/openid-configuration`. */
  oidc: z.optional(z.extend(OAuthClient, { issuer: z.url(), name: withDefault(text(), "Single sign-on") })),
});
export type OAuthConfig = z.infer<typeof OAuthConfig>;

/**
 * Video rooms: the Jitsi domain sessions meet on, and, for JaaS (8x8.vc: an app id, an RS256 private key and its
 * key id) or a self-hosted Jitsi with token auth (an app id and a shared HS256 secret), what signs room tokens.
 * Without credentials rooms are open and only their unguessable names keep them private.
 */
export const JitsiConfig = z.object({
  domain: withDefault(text(), "meet.jit.si"),
  appId: z.optional(text()),
  /** JaaS: the PKCS#8 PEM of the API key, and its key id (`kid`, "vpaas-magic-cookie-…/…"). */
  privateKey: z.optional(text()),
  keyId: z.optional(text()),
  /** Self-hosted token auth: the shared secret. */
  secret: z.optional(text()),
});
export type JitsiConfig = z.output<typeof JitsiConfig>;

export const ConfigSchema = z.object({
  /** "aws" inside Lambda, "local" for the one-command runtime and tests. */
  runtime: withDefault(z.enum(["aws", "local"]), "local"),
  stage: withDefault(z.string(), "local"),
  region: withDefault(z.string(), "us-east-1"),
  logLevel: withDefault(z.enum(["debug", "info", "warn", "error"]), "info"),
  tableName: withDefault(z.string(), "pactly"),
  bucketName: withDefault(z.string(), "pactly-uploads"),
  /** Endpoints for emulators (DynamoDB Local, the S3 emulator); absent in the cloud. */
  dynamoEndpoint: z.optional(z.url()),
  s3Endpoint: z.optional(z.url()),
  /** Queue URLs in the cloud; locally queues live in the store. */
  queueUrls: withDefault(z.record(z.string(), z.string()), {}),
  /** Scheduler: group, the role it assumes, and the ARN of the jobs function every schedule invokes. */
  schedulerGroup: withDefault(z.string(), "pactly"),
  schedulerRoleArn: z.optional(z.string()),
  jobsFunctionArn: z.optional(z.string()),
  mailFrom: withDefault(z.string(), "Pactly <no-reply@pactly.local>"),
  /** Public URLs: the API and the web app (used in emails and redirects). */
  apiUrl: withDefault(z.url(), "http://localhost:3000"),
  webUrl: withDefault(z.url(), "http://localhost:3000"),
  corsOrigins: withDefault(z.array(z.string()), []),
  /** Days that learning traces are kept before their TTL removes them. */
  traceRetentionDays: withDefault(count(1, 3650), 90),
  maxBodyBytes: withDefault(count(1024), 1024 * 1024),
  /** Spans and EMF metrics lines: printed in Lambda or with PACTLY_TRACE=1, appended to PACTLY_TRACE_FILE. */
  telemetry: withDefault(z.object({ print: z.boolean(), file: z.optional(text()) }), { print: false }),
  /**
   * The access-token signing key: a PKCS#8 PEM or a private JWK, Ed25519 (EdDSA) or P-256 (ES256). Required in the
   * cloud; left unset locally, a development key is generated once and kept in the store.
   */
  jwtPrivateKey: z.optional(text()),
  /** Public keys (a JWKS document) still accepted after a key rotation, until tokens signed before it expire. */
  jwtPreviousKeys: z.optional(text()),
  /** `iss` of access tokens; defaults to apiUrl. */
  jwtIssuer: z.optional(text()),
  /** `aud` of access tokens. */
  jwtAudience: withDefault(text(), "pactly-api"),
  /** Sign-in providers; each is offered only when its client id and secret are set. */
  oauth: withDefault(OAuthConfig, {}),
  /**
   * SameSite of the refresh cookie. Lax when the web app and the API share a site (the local runtime, or the API
   * served under the web app's domain); None (always with Secure) when they are on different sites.
   */
  cookieSameSite: withDefault(z.enum(["Lax", "Strict", "None"]), "Lax"),
  /** Failed password sign-ins allowed per window, per email address and per client IP. */
  loginLimitPerEmail: withDefault(count(1), 5),
  loginLimitPerIp: withDefault(count(1), 20),
  loginLimitWindowSeconds: withDefault(count(1), 900),
  /**
   * Dev sign-in (any email, no password). Never read from the environment: only the local runtime sets it, through
   * loadConfig's overrides, and only with runtime "local".
   */
  devSignIn: withDefault(z.boolean(), false),
  /**
   * Shared with CloudFront, which adds it to every request it forwards to the API: such a request's
   * CloudFront-Viewer-Address is the browser's address. Unset locally.
   */
  edgeSecret: z.optional(text(16)),
  /**
   * Signs page cursors, so a cursor one instance handed out opens on any other. Generated per stage in the cloud
   * (stacks/api.ts); unset, each process makes its own and cursors work only within it.
   */
  cursorSecret: z.optional(text(32)),
  jitsi: withDefault(JitsiConfig, { domain: "meet.jit.si" }),
  /**
   * Signs one-click unsubscribe links (HMAC-SHA256), so a link keeps working across deploys. Generated per stage in
   * the cloud; left unset locally, one is generated once and kept in the store.
   */
  unsubscribeSecret: z.optional(text(32)),
  /**
   * Web push (VAPID, RFC 8292): the application server's P-256 key pair, URL-safe base64 as `web-push
   * generate-vapid-keys` prints it. Left unset locally, a pair is generated once and kept in the store; unset in the
   * cloud, web push is off.
   */
  vapidPublicKey: z.optional(text()),
  vapidPrivateKey: z.optional(text()),
  /** Who push services may contact about our traffic: a mailto: or https: URL. */
  vapidSubject: withDefault(z.string().check(z.regex(/^(mailto:|https:\/\/)/)), "mailto:no-reply@pactly.app"),
  /**
   * An OpenAI-compatible endpoint for the tutor and the coach. Without a key and a base URL of its own, the
   * offline tutor and coach answer instead, built from the authored content.
   */
  /**
   * Stripe: the secret key and the webhook signing secret (`whsec_…`), and another API address for a stand-in
   * server. Unset locally, deposits are paid on the local checkout page, which sends a signed event to the real
   * webhook route with `localWebhookSecret`.
   */
  stripe: z.optional(z.object({ secretKey: text(), webhookSecret: z.optional(text()), apiUrl: z.optional(z.url()) })),
  /** Signs the local checkout page's events; only used without Stripe keys. */
  localWebhookSecret: withDefault(text(), "whsec_local_pactly_development_only"),
  /**
   * Accepting a pod asks for the sprint's deposit, and a pod becomes active when enough members have paid. Off,
   * accepting is enough (a stage without payments).
   */
  depositsRequired: withDefault(z.boolean(), true),
  /** A Judge0 instance to run learner code on instead of the in-process sandbox. */
  judge0: z.optional(z.object({ url: z.url(), apiKey: z.optional(text()) })),
  /**
   * The content filter's own lists, on top of its built-in dataset: `block` words always block a write, `flag` words
   * store it flagged for review (a word the dataset blocks stays blocked). Matched as whole words, case-insensitively.
   */
  contentFilter: withDefault(z.object({ block: withDefault(wordList, []), flag: withDefault(wordList, []) }), {
    block: [],
    flag: [],
  }),
  llm: z.optional(
    z.object({
      baseUrl: withDefault(z.url(), "https://api.openai.com/v1"),
      apiKey: z.optional(text()),
      model: withDefault(text(), "gpt-4o-mini"),
      /** Switches on vector search over the content when set (e.g. `text-embedding-3-small`). */
      embeddingModel: z.optional(text()),
      /** Each call's timeout; the coach retries a timed-out call with backoff. */
      timeoutMs: z.optional(count(1000, 120_000)),
    }),
  ),
});
export type Config = z.output<typeof ConfigSchema>;

const json = (s: string | undefined) => (s ? (JSON.parse(s) as unknown) : undefined);

/** SST binds secrets as this placeholder and resolves them at run time; until then the value is not there. */
const secret = (s: string | undefined) => (s && s !== "__FETCH_FROM_SSM__" ? s : undefined);

/**
 * A provider's client from `PACTLY_OAUTH_<NAME>_CLIENT_ID` and `PACTLY_OAUTH_<NAME>_CLIENT_SECRET` (or the SST
 * secret `OAUTH_<NAME>_CLIENT_SECRET`), plus extra fields; absent when neither is set.
 */
function oauthClient(
  env: Record<string, string | undefined>,
  name: string,
  extra: Record<string, string | undefined> = {},
) {
  const clientId = env[`PACTLY_OAUTH_${name}_CLIENT_ID`];
  const clientSecret = secret(env[`PACTLY_OAUTH_${name}_CLIENT_SECRET`]) ?? secret(env[`OAUTH_${name}_CLIENT_SECRET`]);
  if (!clientId && !clientSecret) return undefined;
  const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
  return { clientId, clientSecret, ...defined };
}

/**
 * The LLM endpoint from `PACTLY_LLM_*` and the SST secret `OPENAI_API_KEY` (or `PACTLY_LLM_API_KEY`); absent when
 * neither a key nor a base URL is set.
 */
function llmConfig(env: Record<string, string | undefined>) {
  const apiKey = secret(env.PACTLY_LLM_API_KEY) ?? secret(env.OPENAI_API_KEY);
  const baseUrl = env.PACTLY_LLM_BASE_URL;
  if (!apiKey && !baseUrl) return undefined;
  const fields = {
    baseUrl,
    apiKey,
    model: env.PACTLY_LLM_MODEL,
    embeddingModel: env.PACTLY_LLM_EMBEDDING_MODEL,
    timeoutMs: env.PACTLY_LLM_TIMEOUT_MS,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * Stripe from `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET` (SST secrets, or `PACTLY_STRIPE_*`); absent without
 * the key. Only the API verifies webhooks, so the functions that only refund are bound the key alone.
 */
function stripeConfig(env: Record<string, string | undefined>) {
  const secretKey = secret(env.PACTLY_STRIPE_SECRET_KEY) ?? secret(env.STRIPE_SECRET_KEY);
  const webhookSecret = secret(env.PACTLY_STRIPE_WEBHOOK_SECRET) ?? secret(env.STRIPE_WEBHOOK_SECRET);
  if (!secretKey) return undefined;
  return {
    secretKey,
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(env.PACTLY_STRIPE_API_URL ? { apiUrl: env.PACTLY_STRIPE_API_URL } : {}),
  };
}

/** Builds the config from environment variables (`PACTLY_*` and a few AWS ones). */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const raw = {
    runtime: env.PACTLY_RUNTIME ?? (env.AWS_LAMBDA_FUNCTION_NAME ? "aws" : undefined),
    stage: env.PACTLY_STAGE,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    logLevel: env.PACTLY_LOG_LEVEL,
    tableName: env.PACTLY_TABLE,
    bucketName: env.PACTLY_BUCKET,
    dynamoEndpoint: env.PACTLY_DYNAMO_ENDPOINT,
    s3Endpoint: env.PACTLY_S3_ENDPOINT,
    queueUrls: json(env.PACTLY_QUEUE_URLS),
    schedulerGroup: env.PACTLY_SCHEDULER_GROUP,
    schedulerRoleArn: env.PACTLY_SCHEDULER_ROLE_ARN,
    jobsFunctionArn: env.PACTLY_JOBS_FUNCTION_ARN,
    mailFrom: env.PACTLY_MAIL_FROM,
    apiUrl: env.PACTLY_API_URL,
    webUrl: env.PACTLY_WEB_URL,
    corsOrigins: csv.parse(env.PACTLY_CORS_ORIGINS),
    traceRetentionDays: env.PACTLY_TRACE_RETENTION_DAYS,
    edgeSecret: env.PACTLY_EDGE_SECRET,
    cursorSecret: env.PACTLY_CURSOR_SECRET,
    unsubscribeSecret: secret(env.PACTLY_UNSUBSCRIBE_SECRET),
    vapidPublicKey: env.PACTLY_VAPID_PUBLIC_KEY,
    vapidPrivateKey: secret(env.PACTLY_VAPID_PRIVATE_KEY) ?? secret(env.VAPID_PRIVATE_KEY),
    vapidSubject: env.PACTLY_VAPID_SUBJECT,
    maxBodyBytes: env.PACTLY_MAX_BODY_BYTES,
    telemetry: {
      print: Boolean(env.AWS_LAMBDA_FUNCTION_NAME) || env.PACTLY_TRACE === "1" || env.PACTLY_TRACE === "true",
      ...(env.PACTLY_TRACE_FILE ? { file: env.PACTLY_TRACE_FILE } : {}),
    },
    llm: llmConfig(env),
    stripe: stripeConfig(env),
    localWebhookSecret: env.PACTLY_LOCAL_WEBHOOK_SECRET,
    depositsRequired: env.PACTLY_DEPOSITS_REQUIRED === undefined ? undefined : env.PACTLY_DEPOSITS_REQUIRED !== "false",
    judge0: env.PACTLY_JUDGE0_URL
      ? {
          url: env.PACTLY_JUDGE0_URL,
          ...(secret(env.PACTLY_JUDGE0_KEY) ? { apiKey: secret(env.PACTLY_JUDGE0_KEY) } : {}),
        }
      : undefined,
    jwtPrivateKey: secret(env.PACTLY_JWT_PRIVATE_KEY) ?? secret(env.JWT_PRIVATE_KEY),
    jwtPreviousKeys: env.PACTLY_JWT_PREVIOUS_KEYS,
    jwtIssuer: env.PACTLY_JWT_ISSUER,
    jwtAudience: env.PACTLY_JWT_AUDIENCE,
    oauth: {
      google: oauthClient(env, "GOOGLE"),
      microsoft: oauthClient(env, "MICROSOFT", { tenant: env.PACTLY_OAUTH_MICROSOFT_TENANT }),
      github: oauthClient(env, "GITHUB"),
      linkedin: oauthClient(env, "LINKEDIN"),
      oidc: oauthClient(env, "OIDC", { issuer: env.PACTLY_OAUTH_OIDC_ISSUER, name: env.PACTLY_OAUTH_OIDC_NAME }),
    },
    jitsi: Object.fromEntries(
      Object.entries({
        domain: env.PACTLY_JITSI_DOMAIN,
        appId: env.PACTLY_JITSI_APP_ID,
        privateKey: secret(env.PACTLY_JITSI_PRIVATE_KEY),
        keyId: env.PACTLY_JITSI_KEY_ID,
        secret: secret(env.PACTLY_JITSI_SECRET),
      }).filter(([, v]) => v !== undefined),
    ),
    cookieSameSite: env.PACTLY_COOKIE_SAMESITE,
    loginLimitPerEmail: env.PACTLY_LOGIN_LIMIT_PER_EMAIL,
    loginLimitPerIp: env.PACTLY_LOGIN_LIMIT_PER_IP,
    loginLimitWindowSeconds: env.PACTLY_LOGIN_LIMIT_WINDOW_SECONDS,
    contentFilter: { block: csv.parse(env.PACTLY_CONTENT_BLOCK), flag: csv.parse(env.PACTLY_CONTENT_FLAG) },
  };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...defined, ...overrides });
  if (!parsed.success) {
    // The mini build carries no messages of its own: the same plain words as the API's, else the issue's code.
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".")}: ${plainIssueMessage(i as Parameters<typeof plainIssueMessage>[0]) ?? i.code}`)
      .join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
