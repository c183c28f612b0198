// What tells the person on call that something is wrong, and where they look first: one SNS topic every alarm sends
// to (and back to when it clears), the alarms, and one CloudWatch dashboard per stage.
//
// Application metrics are the app's embedded-metric-format lines in namespace `Pactly` (APP_METRICS): every one has
// the Stage dimension, so one account can hold several stages side by side.
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import { QUEUE_NAMES } from "../packages/core/src/platform/queue/port.js";
import { API } from "./api.js";
import { Jobs } from "./jobs.js";
import { schedulerGroupName } from "./names.js";
import { Queues } from "./queues.js";

/** The metrics the app emits (packages/core/src/platform/metrics.ts), by what they measure. */
export const APP_METRICS = {
  namespace: "Pactly",
  /** [Stage] and [Stage, Route]. Latency in milliseconds. */
  api: { requests: "Requests", errors5xx: "Errors5xx", latency: "Latency" },
  /** [Stage] and [Stage, JobKind]. Duration in milliseconds. */
  jobs: { runs: "JobRuns", failures: "JobFailures", duration: "JobDuration" },
  /** [Stage]; WebhookEvents also [Stage, Outcome]. PaymentCallFailures: calls to Stripe that failed. */
  payments: { webhookEvents: "WebhookEvents", webhookFailures: "WebhookFailures", callFailures: "PaymentCallFailures" },
  /** [Stage, Feature]. Latency in milliseconds. */
  llm: { latency: "LlmLatency", tokens: "LlmTokens" },
  /** [Stage]. */
  email: { sent: "EmailsSent", bounced: "EmailsBounced" },
} as const;

/** The thresholds the alarms use. */
export const THRESHOLDS = {
  /** Share of API answers that are 5xx, in percent, over five minutes. */
  api5xxPercent: 5,
  /** Fewer requests than this in five minutes is too few for a rate to mean anything. */
  api5xxMinRequests: 10,
  /** The API's p99 latency, in milliseconds, for two of three five-minute periods. */
  apiP99LatencyMs: 3000,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

/** The stage's on-call address from `.env.<stage>` (PACTLY_ALARM_EMAIL), or none: the topic then has no subscription. */
export function alarmEmailFor(env: Record<string, string | undefined>): string | undefined {
  const email = env.PACTLY_ALARM_EMAIL?.trim();
  if (!email) return undefined;
  if (!/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(email)) {
    throw new Error(`PACTLY_ALARM_EMAIL must be one email address, not "${env.PACTLY_ALARM_EMAIL}".`);
  }
  return email;
}

export function Monitoring({ app, stack }: StackContext) {
  const { queues } = use(Queues);
  const { jobs, outbox } = use(Jobs);
  const { handler } = use(API);
  const stage = app.stage;

  // Alarm notifications are encrypted at rest; CloudWatch needs the key to publish to the topic.
  const key = new kms.Key(stack, "AlarmsKey", {
    description: "Encrypts the alarm notifications topic",
    enableKeyRotation: true,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
  );
  const topic = new sns.Topic(stack, "Alarms", {
    topicName: app.logicalPrefixedName("alarms"),
    displayName: `Pactly ${stage} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ["sns:Publish"],
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      resources: [topic.topicArn],
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
  );
  const email = alarmEmailFor(process.env);
  if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));

  const notify = new SnsAction(topic);
  const alarms: cloudwatch.Alarm[] = [];
  const alarm = (
    id: string,
    metric: cloudwatch.IMetric,
    props: Omit<cloudwatch.AlarmProps, "metric" | "evaluationPeriods"> & { evaluationPeriods?: number },
  ) => {
    const a = new cloudwatch.Alarm(stack, id, {
      alarmName: `${app.logicalPrefixedName(id)}`,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
      metric,
    });
    a.addAlarmAction(notify);
    a.addOkAction(notify);
    alarms.push(a);
    return a;
  };
  const atLeastOnce = {
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  };

  const appMetric = (metricName: string, statistic: string, dimensions: Record<string, string> = {}) =>
    new cloudwatch.Metric({
      namespace: APP_METRICS.namespace,
      metricName,
      dimensionsMap: { Stage: stage, ...dimensions },
      statistic,
      period: FIVE_MINUTES,
    });

  // Dead-letter queues: a message there has failed its worker five times and waits for someone.
  const deadLetterQueues = QUEUE_NAMES.map((name) => {
    const queue = queues[name].cdk.queue;
    const dlq = queue instanceof sqs.Queue ? queue.deadLetterQueue?.queue : undefined;
    if (!dlq) throw new Error(`The ${name} queue has no dead-letter queue.`);
    return { name, dlq };
  });
  for (const { name, dlq } of deadLetterQueues) {
    alarm(
      `${name}DeadLettersNotEmpty`,
      dlq.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum" }),
      {
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription: `The ${name} dead-letter queue holds messages: ${name} work failed five times and is not being retried. Read the ${name} worker's logs for the failing message, fix the cause, then redrive the queue (SQS console: Start DLQ redrive).`,
      },
    );
  }

  // The API: share of 5xx answers, and p99 latency, from the app's own metrics.
  const requests = appMetric(APP_METRICS.api.requests, "Sum");
  const errors5xx = appMetric(APP_METRICS.api.errors5xx, "Sum");
  const errorRate = new cloudwatch.MathExpression({
    expression: `IF(requests >= ${THRESHOLDS.api5xxMinRequests}, 100 * FILL(errors, 0) / requests, 0)`,
    usingMetrics: { requests, errors: errors5xx },
    label: "5xx %",
    period: FIVE_MINUTES,
  });
  alarm("Api5xxRate", errorRate, {
    threshold: THRESHOLDS.api5xxPercent,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    alarmDescription: `More than ${THRESHOLDS.api5xxPercent}% of API requests answered 5xx over five minutes (with at least ${THRESHOLDS.api5xxMinRequests} requests): users are seeing errors. Check the dashboard's 5xx by route, then the API function's logs (Logs Insights: level = "error") and its recent deploys.`,
  });
  const latencyP99 = appMetric(APP_METRICS.api.latency, "p99");
  alarm("ApiLatencyP99", latencyP99, {
    threshold: THRESHOLDS.apiP99LatencyMs,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    alarmDescription: `The API's p99 latency has been above ${THRESHOLDS.apiP99LatencyMs / 1000} s in two of the last three five-minute periods: the slowest requests are close to API Gateway's 30 s limit. Check latency by route on the dashboard, then DynamoDB throttling, LLM latency and the function's duration.`,
  });

  // Payments: Stripe webhooks the API could not process, and calls to Stripe that failed.
  alarm("WebhookFailures", appMetric(APP_METRICS.payments.webhookFailures, "Sum"), {
    ...atLeastOnce,
    alarmDescription:
      "A Stripe webhook failed to process in the last five minutes: a payment or refund may not be recorded. Stripe retries for three days; check the API logs for the webhook's event id, then the event in the Stripe dashboard (Developers > Webhooks).",
  });
  alarm("PaymentCallFailures", appMetric(APP_METRICS.payments.callFailures, "Sum"), {
    ...atLeastOnce,
    alarmDescription:
      "A call to Stripe failed in the last five minutes (a charge, deposit or refund). Check the API and tasks worker logs for the Stripe error, and Stripe's status page.",
  });

  // EventBridge Scheduler: invocations of the jobs function that failed, were throttled, or were given up on.
  const group = schedulerGroupName(app);
  const schedulerMetric = (metricName: string, dimensionsMap?: Record<string, string>) =>
    new cloudwatch.Metric({
      namespace: "AWS/Scheduler",
      metricName,
      dimensionsMap,
      statistic: "Sum",
      period: FIVE_MINUTES,
    });
  alarm("SchedulerTargetErrors", schedulerMetric("TargetErrorCount", { ScheduleGroup: group }), {
    ...atLeastOnce,
    alarmDescription: `EventBridge Scheduler could not invoke the jobs function for a schedule of group ${group} (it retries up to three times). Check that the jobs function exists and that the scheduler role may invoke it.`,
  });
  alarm("SchedulerDropped", schedulerMetric("InvocationDroppedCount", { ScheduleGroup: group }), {
    ...atLeastOnce,
    alarmDescription: `A schedule of group ${group} was dropped after its retries ran out (the schedules have no dead-letter queue): a job, reminder or session transition did not run. Find the schedule in the jobs function's logs and run its job again by hand.`,
  });
  alarm("SchedulerThrottled", schedulerMetric("InvocationThrottleCount"), {
    ...atLeastOnce,
    alarmDescription:
      "EventBridge Scheduler throttled invocations in this account and region (a quota, shared by every stage here): scheduled jobs are delayed. Check the scheduler's Service Quotas and how many schedules fire at once.",
  });

  // Lambda: throttles of any of the app's functions, and errors of the workers and scheduled jobs.
  const functions: Record<string, lambda.IFunction> = {
    api: handler,
    jobs,
    outbox,
    ...Object.fromEntries(
      QUEUE_NAMES.map((name) => {
        const worker = queues[name].consumerFunction;
        if (!worker) throw new Error(`The ${name} queue has no worker.`);
        return [`${name}Worker`, worker];
      }),
    ),
  };
  const throttles = Object.entries(functions).map(([name, fn]) => ({
    name,
    metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum", label: name }),
  }));
  alarm(
    "LambdaThrottles",
    new cloudwatch.MathExpression({
      expression: `SUM([${throttles.map((_, i) => `t${i}`).join(", ")}])`,
      usingMetrics: Object.fromEntries(throttles.map((t, i) => [`t${i}`, t.metric])),
      label: "Throttles",
      period: FIVE_MINUTES,
    }),
    {
      ...atLeastOnce,
      alarmDescription: `A Lambda function of the app was throttled in the last five minutes (${Object.keys(functions).join(", ")}): requests or messages waited or failed. The dashboard shows which; check the account's concurrency quota and the reserved concurrency of the workers.`,
    },
  );
  for (const name of ["jobs", "outbox", ...QUEUE_NAMES.map((q) => `${q}Worker`)]) {
    const fn = functions[name]!;
    alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }), {
      ...atLeastOnce,
      alarmDescription: `The ${name} function failed (an uncaught error or a timeout) in the last five minutes. Its work is retried (queue redelivery, stream retry or the scheduler's retries); read the function's logs for the error.`,
    });
  }

  // Jobs that ran and failed: scheduled and queued jobs and outbox deliveries, each counted by the app as it ends.
  alarm("JobFailures", appMetric(APP_METRICS.jobs.failures, "Sum"), {
    ...atLeastOnce,
    alarmDescription:
      "A job failed in the last five minutes (a scheduled or queued job, or an outbox delivery); it is retried, and a queued one ends in its dead-letter queue after five tries. The dashboard's job failures by kind shows which; search the logs of the jobs function, the workers and the outbox for that kind.",
  });

  new cloudwatch.Dashboard(stack, "Dashboard", {
    dashboardName: app.logicalPrefixedName("operations"),
    defaultInterval: Duration.hours(6),
    widgets: dashboardRows({ stage, requests, errors5xx, errorRate, deadLetterQueues, throttles, alarms }),
  });

  stack.addOutputs({ AlarmTopicArn: topic.topicArn });
  return { topic, alarms };
}

/** A graph of one app metric for every value of a dimension (the values are whatever the app has emitted). */
function byDimension(stage: string, metricName: string, dimension: string, statistic: string, label: string) {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${APP_METRICS.namespace},Stage,${dimension}} MetricName="${metricName}" Stage="${stage}"', '${statistic}', 300)`,
    usingMetrics: {},
    label,
    period: FIVE_MINUTES,
  });
}

function dashboardRows(d: {
  stage: string;
  requests: cloudwatch.Metric;
  errors5xx: cloudwatch.Metric;
  errorRate: cloudwatch.MathExpression;
  deadLetterQueues: { name: string; dlq: sqs.IQueue }[];
  throttles: { name: string; metric: cloudwatch.Metric }[];
  alarms: cloudwatch.Alarm[];
}): cloudwatch.IWidget[][] {
  const { stage } = d;
  const app = (metricName: string, statistic: string, label: string, dimensions: Record<string, string> = {}) =>
    new cloudwatch.Metric({
      namespace: APP_METRICS.namespace,
      metricName,
      dimensionsMap: { Stage: stage, ...dimensions },
      statistic,
      period: FIVE_MINUTES,
      label,
    });
  const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = [], width = 8) =>
    new cloudwatch.GraphWidget({ title, left, right, width, height: 6 });
  return [
    [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: d.alarms, width: 24, height: 4 })],
    [
      graph(
        "API requests and 5xx",
        [d.requests.with({ label: "Requests" }), d.errors5xx.with({ label: "5xx" })],
        [d.errorRate],
      ),
      graph("API latency (ms)", [
        app(APP_METRICS.api.latency, "p50", "p50"),
        app(APP_METRICS.api.latency, "p99", "p99"),
      ]),
      graph("API 5xx by route", [byDimension(stage, APP_METRICS.api.errors5xx, "Route", "Sum", "5xx")]),
    ],
    [
      graph("Job runs by kind", [byDimension(stage, APP_METRICS.jobs.runs, "JobKind", "Sum", "runs")]),
      graph("Job failures by kind", [byDimension(stage, APP_METRICS.jobs.failures, "JobKind", "Sum", "failures")]),
      graph("Job duration p99 by kind (ms)", [byDimension(stage, APP_METRICS.jobs.duration, "JobKind", "p99", "p99")]),
    ],
    [
      graph(
        "Dead-letter queue depth",
        d.deadLetterQueues.map(({ name, dlq }) =>
          dlq.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum", label: name }),
        ),
      ),
      graph("Webhook events by outcome", [
        byDimension(stage, APP_METRICS.payments.webhookEvents, "Outcome", "Sum", "events"),
      ]),
      graph("Webhook and Stripe call failures", [
        app(APP_METRICS.payments.webhookFailures, "Sum", "Webhook failures"),
        app(APP_METRICS.payments.callFailures, "Sum", "Stripe call failures"),
      ]),
    ],
    [
      graph("LLM latency p99 by feature (ms)", [byDimension(stage, APP_METRICS.llm.latency, "Feature", "p99", "p99")]),
      graph("LLM tokens by feature", [byDimension(stage, APP_METRICS.llm.tokens, "Feature", "Sum", "tokens")]),
      graph("Emails sent and bounced", [
        app(APP_METRICS.email.sent, "Sum", "Sent"),
        app(APP_METRICS.email.bounced, "Sum", "Bounced"),
      ]),
    ],
    [
      graph(
        "Lambda throttles",
        d.throttles.map((t) => t.metric),
        [],
        24,
      ),
    ],
  ];
}
