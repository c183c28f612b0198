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
});
export type Config = z.infer<typeof ConfigSchema>;

const json = (s: string | undefined) => (s ? (JSON.parse(s) as unknown) : undefined);

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
    maxBodyBytes: env.PACTLY_MAX_BODY_BYTES,
  };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...defined, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
