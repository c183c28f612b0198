// The one place that reads the environment: parsed once with zod at start-up, then passed around.
import { z } from "./schema.js";

const csv = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );

/** A confidential OAuth client registered with a provider. */
const OAuthClient = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

export const OAuthConfig = z.object({
  google: OAuthClient.optional(),
  /** `tenant`: "common" (work, school and personal accounts), "organizations", "consumers" or a tenant id. */
  microsoft: OAuthClient.extend({ tenant: z.string().min(1).default("common") }).optional(),
  github: OAuthClient.optional(),
  linkedin: OAuthClient.optional(),
  /** Any OpenID Connect issuer, found through `<issuer>/.well-known/openid-configuration`. */
  oidc: OAuthClient.extend({ issuer: z.string().url(), name: z.string().min(1).default("Single sign-on") }).optional(),
});
export type OAuthConfig = z.infer<typeof OAuthConfig>;

export const ConfigSchema = z.object({
  /** "aws" inside Lambda, "local" for the one-command runtime and tests. */
  runtime: z.enum(["aws", "local"]).default("local"),
  stage: z.string().default("local"),
  region: z.string().default("us-east-1"),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  tableName: z.string().default("pactly"),
  bucketName: z.string().default("pactly-uploads"),
  /** Endpoints for emulators (DynamoDB Local, the S3 emulator); absent in the cloud. */
  dynamoEndpoint: z.string().url().optional(),
  s3Endpoint: z.string().url().optional(),
  /** Queue URLs in the cloud; locally queues live in the store. */
  queueUrls: z.record(z.string(), z.string()).default({}),
  /** Scheduler: group, the role it assumes, and the ARN of the jobs function every schedule invokes. */
  schedulerGroup: z.string().default("pactly"),
  schedulerRoleArn: z.string().optional(),
  jobsFunctionArn: z.string().optional(),
  mailFrom: z.string().default("Pactly <no-reply@pactly.local>"),
  /** Public URLs: the API and the web app (used in emails and redirects). */
  apiUrl: z.string().url().default("http://localhost:3000"),
  webUrl: z.string().url().default("http://localhost:3000"),
  corsOrigins: z.array(z.string()).default([]),
  /** Days that learning traces are kept before their TTL removes them. */
  traceRetentionDays: z.coerce.number().int().min(1).max(3650).default(90),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /**
   * The access-token signing key: a PKCS#8 PEM or a private JWK, Ed25519 (EdDSA) or P-256 (ES256). Required in the
   * cloud; left unset locally, a development key is generated once and kept in the store.
   */
  jwtPrivateKey: z.string().min(1).optional(),
  /** Public keys (a JWKS document) still accepted after a key rotation, until tokens signed before it expire. */
  jwtPreviousKeys: z.string().min(1).optional(),
  /** `iss` of access tokens; defaults to apiUrl. */
  jwtIssuer: z.string().min(1).optional(),
  /** `aud` of access tokens. */
  jwtAudience: z.string().min(1).default("pactly-api"),
  /** Sign-in providers; each is offered only when its client id and secret are set. */
  oauth: OAuthConfig.default({}),
  /**
   * SameSite of the refresh cookie. Lax when the web app and the API share a site (the local runtime, or the API
   * served under the web app's domain); None (always with Secure) when they are on different sites.
   */
  cookieSameSite: z.enum(["Lax", "Strict", "None"]).default("Lax"),
  /** Failed password sign-ins allowed per window, per email address and per client IP. */
  loginLimitPerEmail: z.coerce.number().int().min(1).default(5),
  loginLimitPerIp: z.coerce.number().int().min(1).default(20),
  loginLimitWindowSeconds: z.coerce.number().int().min(1).default(900),
  /**
   * Dev sign-in (any email, no password). Never read from the environment: only the local runtime sets it, through
   * loadConfig's overrides, and only with runtime "local".
   */
  devSignIn: z.boolean().default(false),
  /**
   * Shared with CloudFront, which adds it to every request it forwards to the API: such a request's
   * CloudFront-Viewer-Address is the browser's address. Unset locally.
   */
  edgeSecret: z.string().min(16).optional(),
  /**
   * Signs page cursors, so a cursor one instance handed out opens on any other. Generated per stage in the cloud
   * (stacks/api.ts); unset, each process makes its own and cursors work only within it.
   */
  cursorSecret: z.string().min(32).optional(),
  /**
   * Signs one-click unsubscribe links (HMAC-SHA256), so a link keeps working across deploys. Generated per stage in
   * the cloud; left unset locally, one is generated once and kept in the store.
   */
  unsubscribeSecret: z.string().min(32).optional(),
  /**
   * Web push (VAPID, RFC 8292): the application server's P-256 key pair, URL-safe base64 as `web-push
   * generate-vapid-keys` prints it. Left unset locally, a pair is generated once and kept in the store; unset in the
   * cloud, web push is off.
   */
  vapidPublicKey: z.string().min(1).optional(),
  vapidPrivateKey: z.string().min(1).optional(),
  /** Who push services may contact about our traffic: a mailto: or https: URL. */
  vapidSubject: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, "A mailto: or https: URL.")
    .default("mailto:no-reply@pactly.app"),
});
export type Config = z.infer<typeof ConfigSchema>;

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
    cookieSameSite: env.PACTLY_COOKIE_SAMESITE,
    loginLimitPerEmail: env.PACTLY_LOGIN_LIMIT_PER_EMAIL,
    loginLimitPerIp: env.PACTLY_LOGIN_LIMIT_PER_IP,
    loginLimitWindowSeconds: env.PACTLY_LOGIN_LIMIT_WINDOW_SECONDS,
  };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...defined, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
