// The one place that reads the environment: parsed once at start-up, then passed around. Checked by the small
// parsers below, not by zod: the config is parsed at every cold start, and zod (even its mini build) would then load
// and build its schemas at init whether or not a request ever validates anything. The problems are worded as the
// API's are (plainIssueMessage).
import { plainIssueMessage } from "./issue-messages.js";

/** A problem with one setting, in the shape plainIssueMessage words. */
interface Issue {
  path: (string | number)[];
  code: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  input?: unknown;
}
/** Checks one value: returns it (converted where the setting says so) and adds what is wrong to `issues`. */
type Parser<T> = (input: unknown, path: (string | number)[], issues: Issue[]) => T;
type Out<P> = P extends Parser<infer T> ? T : never;
type Shape = Record<string, Parser<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** An object's output: a setting that may be undefined is an optional key. */
type ObjectOut<S extends Shape> = Simplify<
  { [K in keyof S as undefined extends Out<S[K]> ? never : K]: Out<S[K]> } & {
    [K in keyof S as undefined extends Out<S[K]> ? K : never]?: Out<S[K]>;
  }
>;

const bad = (issues: Issue[], issue: Issue): never => {
  issues.push(issue);
  return undefined as never;
};

/** A string of at least `min` characters, matching `pattern` when given. */
const text =
  (min = 0, pattern?: RegExp): Parser<string> =>
  (input, path, issues) => {
    if (typeof input !== "string") return bad(issues, { path, code: "invalid_type", input });
    if (input.length < min) return bad(issues, { path, code: "too_small", origin: "string", minimum: min, input });
    if (pattern && !pattern.test(input)) return bad(issues, { path, code: "invalid_format", format: "regex", input });
    return input;
  };

/** An absolute URL, trimmed. */
const url: Parser<string> = (input, path, issues) => {
  const s = text()(input, path, issues);
  if (typeof s !== "string") return s;
  return URL.canParse(s.trim()) ? s.trim() : bad(issues, { path, code: "invalid_format", format: "url", input });
};

/** An integer from a number or its environment string, within [min, max]. */
const count =
  (min: number, max?: number): Parser<number> =>
  (input, path, issues) => {
    const n = Number(input);
    if (!Number.isSafeInteger(n)) return bad(issues, { path, code: "invalid_type", input });
    if (n < min) return bad(issues, { path, code: "too_small", origin: "number", minimum: min, input });
    if (max !== undefined && n > max)
      return bad(issues, { path, code: "too_big", origin: "number", maximum: max, input });
    return n;
  };

const bool: Parser<boolean> = (input, path, issues) =>
  typeof input === "boolean" ? input : bad(issues, { path, code: "invalid_type", input });

const oneOf =
  <const T extends string>(options: readonly T[]): Parser<T> =>
  (input, path, issues) =>
    options.includes(input as T) ? (input as T) : bad(issues, { path, code: "invalid_value", input });

const isObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input);

/** An object of the shape's keys (others are dropped); a key left undefined stays out. */
const object =
  <S extends Shape>(shape: S): Parser<ObjectOut<S>> =>
  (input, path, issues) => {
    if (!isObject(input)) return bad(issues, { path, code: "invalid_type", input });
    const out: Record<string, unknown> = {};
    for (const [key, parse] of Object.entries(shape)) {
      const value = parse(input[key], [...path, key], issues);
      if (value !== undefined || key in input) out[key] = value;
    }
    return out as ObjectOut<S>;
  };

/** The same shape with more keys. */
const extend = <S extends Shape, E extends Shape>(shape: S, more: E) => object({ ...shape, ...more });

const list =
  <T>(item: Parser<T>, max = Number.POSITIVE_INFINITY): Parser<T[]> =>
  (input, path, issues) => {
    if (!Array.isArray(input)) return bad(issues, { path, code: "invalid_type", input });
    if (input.length > max) return bad(issues, { path, code: "too_big", origin: "array", maximum: max, input });
    return input.map((x, i) => item(x, [...path, i], issues));
  };

const stringRecord: Parser<Record<string, string>> = (input, path, issues) => {
  if (!isObject(input)) return bad(issues, { path, code: "invalid_type", input });
  for (const [key, value] of Object.entries(input)) text()(value, [...path, key], issues);
  return input as Record<string, string>;
};

const optional =
  <T>(parse: Parser<T>): Parser<T | undefined> =>
  (input, path, issues) =>
    input === undefined ? undefined : parse(input, path, issues);

/** The default when the setting is not there (a copy, so no two configs share one). */
const withDefault =
  <T>(parse: Parser<T>, value: NoInfer<T>): Parser<T> =>
  (input, path, issues) => {
    if (input !== undefined) return parse(input, path, issues);
    if (Array.isArray(value)) return [...value] as T;
    return isObject(value) ? ({ ...value } as T) : value;
  };

/** A comma-separated environment list: trimmed, without blanks. */
const csv = (s: string | undefined) =>
  s
    ? s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** Words or phrases: trimmed, lower-cased, at most 500 of at most 80 characters, without blanks or repeats. */
const wordList: Parser<string[]> = (input, path, issues) => {
  const words = list((word, at, found) => {
    const w = text()(word, at, found);
    if (typeof w !== "string") return w;
    const clean = w.trim().toLowerCase();
    return clean.length > 80
      ? bad(found, { path: at, code: "too_big", origin: "string", maximum: 80, input: word })
      : clean;
  }, 500)(input, path, issues);
  return Array.isArray(words) ? [...new Set(words.filter(Boolean))] : words;
};

/** A confidential OAuth client registered with a provider. */
const OAuthClient = { clientId: text(1), clientSecret: text(1) };

const oauthConfig = object({
  google: optional(object(OAuthClient)),
  /** `tenant`: "common" (work, school and personal accounts), "organizations", "consumers" or a tenant id. */
  microsoft: optional(extend(OAuthClient, { tenant: withDefault(text(1), "common") })),
  github: optional(object(OAuthClient)),
  linkedin: optional(object(OAuthClient)),
  /** Any OpenID Connect issuer, found through `<issuer>/.well-known/openid-configuration`. */
  oidc: optional(extend(OAuthClient, { issuer: url, name: withDefault(text(1), "Single sign-on") })),
});
export type OAuthConfig = Out<typeof oauthConfig>;

/**
 * Video rooms: the Jitsi domain sessions meet on, and, for JaaS (8x8.vc: an app id, an RS256 private key and its
 * key id) or a self-hosted Jitsi with token auth (an app id and a shared HS256 secret), what signs room tokens.
 * Without credentials rooms are open and only their unguessable names keep them private.
 */
const jitsiConfig = object({
  domain: withDefault(text(1), "meet.jit.si"),
  appId: optional(text(1)),
  /** JaaS: the PKCS#8 PEM of the API key, and its key id (`kid`, "vpaas-magic-cookie-…/…"). */
  privateKey: optional(text(1)),
  keyId: optional(text(1)),
  /** Self-hosted token auth: the shared secret. */
  secret: optional(text(1)),
});
export type JitsiConfig = Out<typeof jitsiConfig>;

const configSchema = object({
  /** "aws" inside Lambda, "local" for the one-command runtime and tests. */
  runtime: withDefault(oneOf(["aws", "local"]), "local"),
  stage: withDefault(text(), "local"),
  region: withDefault(text(), "us-east-1"),
  logLevel: withDefault(oneOf(["debug", "info", "warn", "error"]), "info"),
  tableName: withDefault(text(), "pactly"),
  bucketName: withDefault(text(), "pactly-uploads"),
  /** Endpoints for emulators (DynamoDB Local, the S3 emulator); absent in the cloud. */
  dynamoEndpoint: optional(url),
  s3Endpoint: optional(url),
  /** Queue URLs in the cloud; locally queues live in the store. */
  queueUrls: withDefault(stringRecord, {}),
  /** Scheduler: group, the role it assumes, and the ARN of the jobs function every schedule invokes. */
  schedulerGroup: withDefault(text(), "pactly"),
  schedulerRoleArn: optional(text()),
  jobsFunctionArn: optional(text()),
  mailFrom: withDefault(text(), "Pactly <no-reply@pactly.local>"),
  /** Public URLs: the API and the web app (used in emails and redirects). */
  apiUrl: withDefault(url, "http://localhost:3000"),
  webUrl: withDefault(url, "http://localhost:3000"),
  corsOrigins: withDefault(list(text()), []),
  /** Days that learning traces are kept before their TTL removes them. */
  traceRetentionDays: withDefault(count(1, 3650), 90),
  maxBodyBytes: withDefault(count(1024), 1024 * 1024),
  /** Spans and EMF metrics lines: printed in Lambda or with PACTLY_TRACE=1, appended to PACTLY_TRACE_FILE. */
  telemetry: withDefault(object({ print: bool, file: optional(text(1)) }), { print: false }),
  /**
   * The access-token signing key: a PKCS#8 PEM or a private JWK, Ed25519 (EdDSA) or P-256 (ES256). Required in the
   * cloud; left unset locally, a development key is generated once and kept in the store.
   */
  jwtPrivateKey: optional(text(1)),
  /** Public keys (a JWKS document) still accepted after a key rotation, until tokens signed before it expire. */
  jwtPreviousKeys: optional(text(1)),
  /** `iss` of access tokens; defaults to apiUrl. */
  jwtIssuer: optional(text(1)),
  /** `aud` of access tokens. */
  jwtAudience: withDefault(text(1), "pactly-api"),
  /** Sign-in providers; each is offered only when its client id and secret are set. */
  oauth: withDefault(oauthConfig, {}),
  /**
   * SameSite of the refresh cookie. Lax when the web app and the API share a site (the local runtime, or the API
   * served under the web app's domain); None (always with Secure) when they are on different sites.
   */
  cookieSameSite: withDefault(oneOf(["Lax", "Strict", "None"]), "Lax"),
  /** Failed password sign-ins allowed per window, per email address and per client IP. */
  loginLimitPerEmail: withDefault(count(1), 5),
  loginLimitPerIp: withDefault(count(1), 20),
  loginLimitWindowSeconds: withDefault(count(1), 900),
  /**
   * Dev sign-in (any email, no password). Never read from the environment: only the local runtime sets it, through
   * loadConfig's overrides, and only with runtime "local".
   */
  devSignIn: withDefault(bool, false),
  /**
   * Shared with CloudFront, which adds it to every request it forwards to the API: such a request's
   * CloudFront-Viewer-Address is the browser's address. Unset locally.
   */
  edgeSecret: optional(text(16)),
  /**
   * Signs page cursors, so a cursor one instance handed out opens on any other. Generated per stage in the cloud
   * (stacks/api.ts); unset, each process makes its own and cursors work only within it.
   */
  cursorSecret: optional(text(32)),
  jitsi: withDefault(jitsiConfig, { domain: "meet.jit.si" }),
  /**
   * Signs one-click unsubscribe links (HMAC-SHA256), so a link keeps working across deploys. Generated per stage in
   * the cloud; left unset locally, one is generated once and kept in the store.
   */
  unsubscribeSecret: optional(text(32)),
  /**
   * Web push (VAPID, RFC 8292): the application server's P-256 key pair, URL-safe base64 as `web-push
   * generate-vapid-keys` prints it. Left unset locally, a pair is generated once and kept in the store; unset in the
   * cloud, web push is off.
   */
  vapidPublicKey: optional(text(1)),
  vapidPrivateKey: optional(text(1)),
  /** Who push services may contact about our traffic: a mailto: or https: URL. */
  vapidSubject: withDefault(text(0, /^(mailto:|https:\/\/)/), "mailto:no-reply@pactly.app"),
  /**
   * Stripe: the secret key and the webhook signing secret (`whsec_…`), and another API address for a stand-in
   * server. Unset locally, deposits are paid on the local checkout page, which sends a signed event to the real
   * webhook route with `localWebhookSecret`.
   */
  stripe: optional(object({ secretKey: text(1), webhookSecret: optional(text(1)), apiUrl: optional(url) })),
  /** Signs the local checkout page's events; only used without Stripe keys. */
  localWebhookSecret: withDefault(text(1), "whsec_local_pactly_development_only"),
  /**
   * Accepting a pod asks for the sprint's deposit, and a pod becomes active when enough members have paid. Off,
   * accepting is enough (a stage without payments).
   */
  depositsRequired: withDefault(bool, true),
  /** A Judge0 instance to run learner code on instead of the in-process sandbox. */
  judge0: optional(object({ url, apiKey: optional(text(1)) })),
  /**
   * The content filter's own lists, on top of its built-in dataset: `block` words always block a write, `flag` words
   * store it flagged for review (a word the dataset blocks stays blocked). Matched as whole words, case-insensitively.
   */
  contentFilter: withDefault(object({ block: withDefault(wordList, []), flag: withDefault(wordList, []) }), {
    block: [],
    flag: [],
  }),
  /**
   * An OpenAI-compatible endpoint for the tutor and the coach. Without a key and a base URL of its own, the
   * offline tutor and coach answer instead, built from the authored content.
   */
  llm: optional(
    object({
      baseUrl: withDefault(url, "https://api.openai.com/v1"),
      apiKey: optional(text(1)),
      model: withDefault(text(1), "gpt-4o-mini"),
      /** Switches on vector search over the content when set (e.g. `text-embedding-3-small`). */
      embeddingModel: optional(text(1)),
      /** Each call's timeout; the coach retries a timed-out call with backoff. */
      timeoutMs: optional(count(1000, 120_000)),
    }),
  ),
});
export type Config = Out<typeof configSchema>;

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
    corsOrigins: csv(env.PACTLY_CORS_ORIGINS),
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
    contentFilter: { block: csv(env.PACTLY_CONTENT_BLOCK), flag: csv(env.PACTLY_CONTENT_FLAG) },
  };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const issues: Issue[] = [];
  const config = configSchema({ ...defined, ...overrides }, [], issues);
  if (issues.length > 0) {
    const problems = issues.map((i) => `${i.path.join(".")}: ${plainIssueMessage(i) ?? i.code}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return config;
}
