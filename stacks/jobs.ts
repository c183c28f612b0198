// Scheduled work: one jobs Lambda that dispatches on {job, payload}, the stage's EventBridge Scheduler group, the
// role the scheduler assumes to invoke it, and the recurring schedules.
import { createHash } from "node:crypto";
import { Duration } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from "aws-cdk-lib/custom-resources";
import { Function as SstFunction, type StackContext, use } from "sst/constructs";
import { SEED_SPRINT_TYPES } from "../packages/core/src/catalog/model.js";
import type { catalogDomain } from "../packages/core/src/catalog/module.js";
import type { contentDomain } from "../packages/core/src/content/module.js";
import { SEED_PACKS } from "../packages/core/src/content/packs/index.js";
import { jobOf } from "../packages/core/src/domain/index.js";
import type { notificationsDomain } from "../packages/core/src/notifications/module.js";
import { EFFECT_TYPE } from "../packages/core/src/platform/effects.js";
import { jobEvent } from "../packages/core/src/platform/scheduler/port.js";
import { RECURRING_SCHEDULES } from "../packages/functions/src/jobs/recurring.js";
import { Cdn } from "./cdn.js";
import { jobsFunctionName, schedulerGroupName, schedulerRoleName } from "./names.js";
import { Queues } from "./queues.js";
import { platformFunctionProps, suppressPlatformWildcards } from "./runtime.js";
import { Secrets } from "./secrets.js";
import { Storage } from "./storage.js";

/** The same retry policy the scheduler adapter gives the schedules it creates at run time. */
const RETRY_POLICY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 };

export function Jobs(ctx: StackContext) {
  const { app, stack } = ctx;
  const { table, uploads, unsubscribeSecret } = use(Storage);
  const { queues } = use(Queues);
  const { webUrl, webOrigins } = use(Cdn);
  const secrets = use(Secrets);

  // The name is fixed so every function (this one included) can carry the ARN without referencing the function.
  const jobs = new SstFunction(stack, "jobs", {
    functionName: jobsFunctionName(app),
    handler: "packages/functions/src/jobs/lambda.handler",
    timeout: Duration.minutes(5).toSeconds(),
    memorySize: 1024,
    ...platformFunctionProps(
      ctx,
      { table, uploads, queues, webUrl, webOrigins, mailFrom: secrets.MAIL_FROM, unsubscribeSecret },
      [secrets.STRIPE_SECRET_KEY, secrets.VAPID_PRIVATE_KEY],
    ),
  });

  // The outbox dispatcher: the table's stream, only new outbox effects (the filter runs before Lambda is invoked), in
  // order per shard; a record it could not deliver is reported back and retried, the rest by the outbox sweep.
  const outbox = new SstFunction(stack, "outbox", {
    handler: "packages/functions/src/outbox/lambda.handler",
    timeout: 60,
    memorySize: 512,
    ...platformFunctionProps(
      ctx,
      { table, uploads, queues, webUrl, webOrigins, mailFrom: secrets.MAIL_FROM, unsubscribeSecret },
      [secrets.STRIPE_SECRET_KEY, secrets.VAPID_PRIVATE_KEY],
    ),
  });
  for (const fn of [jobs, outbox]) suppressPlatformWildcards(fn, app.stage);
  outbox.addEventSource(
    new DynamoEventSource(table.cdk.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 10,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual("INSERT"),
          dynamodb: { NewImage: { type: { S: FilterRule.isEqual(EFFECT_TYPE) } } },
        }),
      ],
    }),
  );

  const group = new scheduler.CfnScheduleGroup(stack, "ScheduleGroup", { name: schedulerGroupName(app) });

  const role = new iam.Role(stack, "SchedulerRole", {
    roleName: schedulerRoleName(app),
    description: "Assumed by EventBridge Scheduler to invoke the jobs function",
    // Only schedules of this account may use the role (confused-deputy guard).
    assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [jobs.functionArn] }));

  for (const s of RECURRING_SCHEDULES) {
    const schedule = new scheduler.CfnSchedule(stack, `Schedule-${s.name}`, {
      name: s.name,
      groupName: group.ref,
      scheduleExpression: s.expression,
      scheduleExpressionTimezone: s.timezone,
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: jobs.functionArn,
        roleArn: role.roleArn,
        input: JSON.stringify(jobEvent({ job: s.job, payload: s.payload }, s.name)),
        retryPolicy: RETRY_POLICY,
      },
    });
    // The role's policy must exist before the first invocation, not only the role.
    schedule.node.addDependency(role);
  }

  // The deploy seeds the catalog (missing sprint types only, never an edited one) and the content bank (missing
  // items only) through the jobs function. A change to the seed data changes the resource's id, so the next deploy
  // runs it again.
  const seeds = [
    {
      id: "SeedCatalog",
      name: "catalog-seed",
      job: jobOf<typeof catalogDomain>("catalog.seed"),
      data: SEED_SPRINT_TYPES,
    },
    { id: "SeedContent", name: "content-seed", job: jobOf<typeof contentDomain>("content.seed"), data: SEED_PACKS },
    // Once per stage: a Monday summary for accounts created before the summary existed (idempotent).
    {
      id: "BackfillWeeklySummaries",
      name: "weekly-summaries-backfill",
      job: jobOf<typeof notificationsDomain>("notifications.backfill-weekly-summaries"),
      data: "weekly-summaries-v1",
    },
  ];
  for (const seed of seeds) {
    const hash = createHash("sha256").update(JSON.stringify(seed.data)).digest("hex").slice(0, 16);
    const invoke = {
      service: "Lambda",
      action: "invoke",
      parameters: {
        FunctionName: jobs.functionName,
        InvocationType: "RequestResponse",
        Payload: JSON.stringify(jobEvent({ job: seed.job, payload: {} })),
      },
      physicalResourceId: PhysicalResourceId.of(`${seed.name}-${hash}`),
    };
    const resource = new AwsCustomResource(stack, seed.id, {
      onCreate: invoke,
      onUpdate: invoke,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [jobs.functionArn] }),
      ]),
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
    });
    resource.node.addDependency(jobs);
  }

  return { jobs, outbox, group, role };
}
