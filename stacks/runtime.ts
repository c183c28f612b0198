// What every function gets: the PACTLY_* environment core's config parses, and least-privilege access to the platform.
import { CfnResource, Fn, type IAspect, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type { IConstruct } from "constructs";
import type { Bucket, Config, FunctionProps, Queue, StackContext, Table } from "sst/constructs";
import type { QueueName } from "../packages/core/src/platform/queue/port.js";
import { jobsFunctionArn, schedulerGroupName, schedulerRoleArn, schedulesArn } from "./names.js";

export interface PlatformResources {
  table: Table;
  uploads: Bucket;
  queues: Record<QueueName, Queue>;
  /**
   * The one public URL, the distribution's: the web app (links in emails, redirects) and, under /v1, the API (OAuth
   * callbacks, the token issuer). Also the origins the API and the bucket accept.
   */
  webUrl: string;
  webOrigins: string[];
  /** The sender of every email. */
  mailFrom: Config.Parameter;
  /** The stage's generated key for unsubscribe links (a Secrets Manager dynamic reference). */
  unsubscribeSecret: string;
}

/** The store adapter's calls (transactions are authorised per contained action). No Scan, no table management. */
const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
];

/** The environment read by `loadConfig` (packages/core/src/platform/config.ts). */
export function platformEnvironment({ app, stack }: StackContext, r: PlatformResources): Record<string, string> {
  const queueUrls = Object.fromEntries(Object.entries(r.queues).map(([name, q]) => [name, q.queueUrl]));
  return {
    PACTLY_RUNTIME: "aws",
    PACTLY_STAGE: app.stage,
    PACTLY_TABLE: r.table.tableName,
    PACTLY_BUCKET: r.uploads.bucketName,
    PACTLY_QUEUE_URLS: stack.toJsonString(queueUrls),
    PACTLY_SCHEDULER_GROUP: schedulerGroupName(app),
    PACTLY_SCHEDULER_ROLE_ARN: schedulerRoleArn(stack, app),
    PACTLY_JOBS_FUNCTION_ARN: jobsFunctionArn(stack, app),
    PACTLY_WEB_URL: r.webUrl,
    PACTLY_API_URL: r.webUrl,
    PACTLY_MAIL_FROM: r.mailFrom.value,
    PACTLY_CORS_ORIGINS: r.webOrigins.join(","),
    PACTLY_UNSUBSCRIBE_SECRET: r.unsubscribeSecret,
    ...optionalSettings(process.env),
  };
}

/** Settings a stage may add in `.env.<stage>` (the LLM endpoint, a Judge0 instance); left out when not set. */
export const OPTIONAL_SETTINGS = [
  "PACTLY_LLM_BASE_URL",
  "PACTLY_LLM_MODEL",
  "PACTLY_LLM_EMBEDDING_MODEL",
  "PACTLY_JUDGE0_URL",
  "PACTLY_JUDGE0_KEY",
  // Web push: the VAPID public key (not secret; its private half is the VAPID_PRIVATE_KEY secret) and the contact.
  "PACTLY_VAPID_PUBLIC_KEY",
  "PACTLY_VAPID_SUBJECT",
] as const;

export function optionalSettings(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(OPTIONAL_SETTINGS.flatMap((name) => (env[name] ? [[name, env[name]!]] : [])));
}

export function platformPermissions({ app, stack }: StackContext, r: PlatformResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: TABLE_ACTIONS,
      resources: [r.table.tableArn, `${r.table.tableArn}/index/*`],
    }),
    new iam.PolicyStatement({
      // Tagging: a PutObject that tags the object (temporary exports) needs it as well.
      actions: ["s3:GetObject", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject"],
      resources: [`${r.uploads.bucketArn}/*`],
    }),
    // Listing lets a missing key answer 404 instead of 403, and serves prefix deletes and the health check.
    new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [r.uploads.bucketArn] }),
    new iam.PolicyStatement({
      actions: ["sqs:SendMessage"],
      resources: Object.values(r.queues).map((q) => q.queueArn),
    }),
    new iam.PolicyStatement({
      actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
      resources: [schedulesArn(stack, app)],
    }),
    // Creating a schedule hands the scheduler role to EventBridge Scheduler, and to nothing else.
    new iam.PolicyStatement({
      actions: ["iam:PassRole"],
      resources: [schedulerRoleArn(stack, app)],
      conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    }),
    new iam.PolicyStatement({
      actions: ["ses:SendEmail"],
      resources: [stack.formatArn({ service: "ses", resource: "identity", resourceName: "*" })],
    }),
  ];
}

/** Environment, permissions and bindings in the shape a Function accepts; `bind` adds the function's own secrets. */
export function platformFunctionProps(ctx: StackContext, r: PlatformResources, bind: Config.Secret[] = []) {
  return {
    environment: platformEnvironment(ctx, r),
    permissions: platformPermissions(ctx, r),
    bind: [r.mailFrom, ...bind],
  } satisfies FunctionProps;
}

/** How long any function's logs are kept (FUNCTION_DEFAULTS gives the app's own functions the same). */
export const LOG_RETENTION_DAYS = 30;

/**
 * Gives a retention to the log group of every function the app's own props do not reach: the helpers SST and CDK
 * add to each stack (custom-resource handlers, and CDK's log-retention function itself).
 */
export class RetainLogs implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || node.cfnResourceType !== "AWS::Lambda::Function") return;
    const owner = node.node.scope;
    if (owner?.node.tryFindChild("LogRetention")) return;
    new logs.LogRetention(owner ?? Stack.of(node), `${node.node.id}LogRetention`, {
      logGroupName: Fn.join("", ["/aws/lambda/", node.ref]),
      retention: LOG_RETENTION_DAYS as logs.RetentionDays,
    });
  }
}
