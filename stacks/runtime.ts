// What every function gets: the PACTLY_* environment core's config parses, and least-privilege access to the platform.
import { ArnFormat, CfnResource, Fn, type IAspect, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";
import type {
  Bucket,
  Config,
  FunctionProps,
  Queue,
  Function as SstFunction,
  StackContext,
  Table,
} from "sst/constructs";
import type { QueueName } from "../packages/core/src/platform/queue/port.js";
import { NODE_RUNTIME } from "./bundling.js";
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

/**
 * The top-level key prefixes of the uploads bucket, the only objects the functions touch: a user's folder (proofs of
 * effort, exports; packages/core/src/privacy/locate.ts userBlobPrefix) and the search indexes
 * (packages/core/src/content/search.ts vectorIndexKey).
 */
export const BLOB_PREFIXES = ["users/", "search/"] as const;

/** The address in a sender such as `Pactly <no-reply@pactly.app>`. */
export function senderAddress(mailFrom: string): string {
  return (mailFrom.match(/<([^>]+)>/)?.[1] ?? mailFrom).trim();
}

/**
 * The SES identities a function may send as. Production: the sender's address and its domain, whichever of the two is
 * verified. Other stages: every identity, because an account in the SES sandbox also checks the sending policy
 * against each recipient's (verified) identity.
 */
export function mailIdentities(stack: Stack, stage: string, mailFrom: string): string[] {
  const identity = (name: string) => stack.formatArn({ service: "ses", resource: "identity", resourceName: name });
  if (stage !== "prod") return [identity("*")];
  const address = senderAddress(mailFrom);
  return [identity(address), identity(address.split("@")[1] ?? address)];
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
      resources: BLOB_PREFIXES.map((prefix) => `${r.uploads.bucketArn}/${prefix}*`),
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
      resources: mailIdentities(stack, app.stage, r.mailFrom.value),
    }),
  ];
}

/**
 * The wildcards of platformPermissions that cannot be named any closer, told to cdk-nag (AwsSolutions-IAM5) on a
 * platform function's role, each for exactly that resource.
 */
export function suppressPlatformWildcards(fn: SstFunction, stage: string) {
  if (!fn.role) return;
  const wildcards = [
    {
      id: "AwsSolutions-IAM5",
      reason:
        "X-Ray's PutTraceSegments and PutTelemetryRecords (active tracing), and DynamoDB's ListStreams (the outbox's " +
        "stream source), support no resource-level permission: they can only be granted on `*`.",
      appliesTo: ["Resource::*"],
    },
    {
      id: "AwsSolutions-IAM5",
      reason: "Queries run on the single table's global secondary indexes, named only as <table>/index/*.",
      appliesTo: [{ regex: "/^Resource::.*tableTable.*\\/index\\/\\*$/" }],
    },
    {
      id: "AwsSolutions-IAM5",
      reason:
        "Object keys are made at run time under two fixed prefixes of the uploads bucket (users/<id>/…, search/<track>/…).",
      appliesTo: [
        {
          regex: `/^Resource::.*uploadsBucket.*\\/(${BLOB_PREFIXES.map((p) => p.replace("/", "")).join("|")})\\/\\*$/`,
        },
      ],
    },
    {
      id: "AwsSolutions-IAM5",
      reason: "Schedules are created at run time with generated names, only in the stage's own schedule group.",
      appliesTo: [{ regex: "/^Resource::arn:<AWS::Partition>:scheduler:[^:]+:[^:]+:schedule\\/[^/]+\\/\\*$/" }],
    },
    ...(stage === "prod"
      ? []
      : [
          {
            id: "AwsSolutions-IAM5",
            reason:
              "Outside production the account is in the SES sandbox, which checks the sending policy against each " +
              "recipient's identity as well as the sender's; production names the sender's identities only.",
            appliesTo: [{ regex: "/^Resource::arn:<AWS::Partition>:ses:[^:]+:[^:]+:identity\\/\\*$/" }],
          },
        ]),
  ];
  NagSuppressions.addResourceSuppressions(fn.role, wildcards, true);
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
    // Synthesizing again (another aspect added afterwards) visits the function again: one retention is enough.
    const scope = owner ?? Stack.of(node);
    const id = `${node.node.id}LogRetention`;
    if (scope.node.tryFindChild(id)) return;
    new logs.LogRetention(scope, id, {
      logGroupName: Fn.join("", ["/aws/lambda/", node.ref]),
      retention: LOG_RETENTION_DAYS as logs.RetentionDays,
    });
  }
}

/**
 * Puts every Node.js function of the app on NODE_RUNTIME: the app's own get it from FUNCTION_DEFAULTS (the template
 * shows SST's placeholder until deploy), the helpers SST and CDK add (custom-resource handlers, the log-retention
 * function) choose their own otherwise. Their handlers are async, as the newer runtimes require.
 */
export class LatestNodeRuntime implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof lambda.CfnFunction) {
      const runtime = Stack.of(node).resolve(node.runtime);
      if (typeof runtime === "string" && runtime.startsWith("nodejs")) node.runtime = NODE_RUNTIME;
      return;
    }
    // CDK's log-retention function is a plain CfnResource.
    if (node instanceof CfnResource && node.cfnResourceType === "AWS::Lambda::Function") {
      const props = (node as unknown as { _cfnProperties?: { Runtime?: unknown } })._cfnProperties;
      if (typeof props?.Runtime === "string" && props.Runtime.startsWith("nodejs")) {
        node.addPropertyOverride("Runtime", NODE_RUNTIME);
      }
    }
  }
}

/** CDK's name for the log-retention function, one per stack (aws-cdk-lib/aws-logs LogRetention). */
const LOG_RETENTION_PROVIDER = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a";

/**
 * Replaces the AWS-managed AWSLambdaBasicExecutionRole (logs on every log group of the account) on every function
 * role of the app with the same three actions on the app's own function log groups, `/aws/lambda/<stage>-<app>-*`:
 * each function's physical name starts with its stack's name, or is one of the fixed names, all of that prefix. The
 * log-retention function, which sets the retention of exactly those groups, gets the same scope instead of `*`.
 */
export class ScopedLambdaLogs implements IAspect {
  /** @param namePrefix the prefix of every function name of the app: `app.logicalPrefixedName("")`. */
  constructor(private readonly namePrefix: string) {}

  private logGroups(stack: Stack): string {
    return stack.formatArn({
      service: "logs",
      resource: "log-group",
      resourceName: `/aws/lambda/${this.namePrefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private reason(): string {
    return (
      `Log group names of the app's functions, /aws/lambda/${this.namePrefix}*: CloudFormation generates them from ` +
      "the stack's name, and the streams within are named by Lambda."
    );
  }

  visit(node: IConstruct): void {
    if (node instanceof iam.Role) this.replaceManagedPolicy(node);
    if (node instanceof iam.CfnPolicy && node.node.path.includes(`/${LOG_RETENTION_PROVIDER}/`)) {
      this.scopeLogRetention(node);
    }
  }

  private replaceManagedPolicy(role: iam.Role) {
    const stack = Stack.of(role);
    const cfn = role.node.defaultChild as iam.CfnRole;
    const arns = stack.resolve(cfn.managedPolicyArns) as unknown[] | undefined;
    if (!Array.isArray(arns)) return;
    const kept = arns.filter(
      (a) => !JSON.stringify(a).includes(":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
    );
    if (kept.length === arns.length) return;
    // Set on the resource itself (not as an override), so what checks the template's resources sees it too.
    cfn.managedPolicyArns = kept.length ? (kept as string[]) : undefined;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroups(stack)],
      }),
    );
    this.suppress(role, stack);
  }

  private scopeLogRetention(policy: iam.CfnPolicy) {
    const stack = Stack.of(policy);
    const doc = stack.resolve(policy.policyDocument) as { Statement: { Resource: unknown }[] };
    const statements = doc.Statement.map((s) => (s.Resource === "*" ? { ...s, Resource: this.logGroups(stack) } : s));
    policy.policyDocument = { ...doc, Statement: statements };
    this.suppress(policy, stack);
  }

  private suppress(scope: IConstruct, stack: Stack) {
    const arn = stack.resolve(this.logGroups(stack));
    // The ARN as cdk-nag prints it: arn:<AWS::Partition>:logs:<region>:<account>:log-group:/aws/lambda/<prefix>*
    const printed = JSON.stringify(arn).includes("AWS::Partition")
      ? `arn:<AWS::Partition>:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/${this.namePrefix}*`
      : String(arn);
    NagSuppressions.addResourceSuppressions(
      scope,
      [{ id: "AwsSolutions-IAM5", reason: this.reason(), appliesTo: [`Resource::${printed}`] }],
      true,
    );
  }
}
