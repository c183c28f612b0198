// Template tests of the Monitoring stack (topic, alarms, dashboard) and of the optional web ACL on the distribution,
// from offline syntheses of sst.config.ts: one with the stage's defaults, one with the on-call address and the
// firewall set. cdk-nag's AWS Solutions rules run over both.

import { Aspects, App as CdkApp, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { getStack } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "../packages/core/src/platform/queue/port.js";
import { Cdn } from "./cdn.js";
import { APP_METRICS, alarmEmailFor, Monitoring, THRESHOLDS } from "./monitoring.js";
import { type Cfn, onlyResource, resourcesOf, synthApp, TEST_STAGE } from "./test/app.js";
import { DEFAULT_RATE_LIMIT, edgeWebAcl, OVERSIZE_BODY_LABEL, wafSettings } from "./waf.js";

const ON_CALL = "oncall@example.com";

interface Synthesis {
  monitoring: Template;
  cdn: Template;
  /** cdk-nag's unsuppressed errors: over the Monitoring stack, and over the web ACL in the Cdn stack. */
  nagErrors: string[];
}

/** Synthesizes the app with `env` as the stage's settings, with AWS Solutions checks on what this file tests. */
function synthesize(env: Record<string, string>): Synthesis {
  synthApp({ env });
  const monitoringStack = getStack(Monitoring);
  const cdnStack = getStack(Cdn);
  Aspects.of(monitoringStack).add(new AwsSolutionsChecks());
  const acl = cdnStack.node.tryFindChild("EdgeWebAcl");
  if (acl) Aspects.of(acl).add(new AwsSolutionsChecks());
  const monitoring = Template.fromStack(monitoringStack);
  const cdn = Template.fromStack(cdnStack);
  const nagErrors = [monitoringStack, cdnStack]
    .flatMap((stack) => Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
    .filter((e) => e.id.startsWith(`/${monitoringStack.stackName}/`) || e.id.includes("/EdgeWebAcl"))
    .map((e) => `${e.id}: ${String(e.entry.data).split("\n")[0]}`);
  return { monitoring, cdn, nagErrors };
}

let plain: Synthesis;
let configured: Synthesis;

beforeAll(() => {
  plain = synthesize({});
  configured = synthesize({ PACTLY_ALARM_EMAIL: ON_CALL, PACTLY_WAF: "on", PACTLY_WAF_RATE_LIMIT: "500" });
});

const alarms = (t: Template) => Object.fromEntries(resourcesOf(t, "AWS::CloudWatch::Alarm"));
const alarmNamed = (t: Template, id: string): Cfn => {
  const found = resourcesOf(t, "AWS::CloudWatch::Alarm").filter(
    ([, a]) => a.AlarmName === `${TEST_STAGE}-pactly-${id}`,
  );
  if (found.length !== 1) throw new Error(`Expected one alarm named ${id}, found ${found.length}`);
  return found[0]![1];
};
const topicId = (t: Template) => onlyResource(t, "AWS::SNS::Topic", () => true)[0];
const queueImport = (name: string) =>
  expect.stringMatching(new RegExp(`Queues:ExportsOutputFnGetAtt${name}DeadLetters`));

describe("the alarm topic", () => {
  it("is encrypted with a rotated KMS key that CloudWatch may use to publish", () => {
    const [, topic] = onlyResource(plain.monitoring, "AWS::SNS::Topic", () => true);
    const [keyId, key] = onlyResource(plain.monitoring, "AWS::KMS::Key", () => true);
    expect(topic.KmsMasterKeyId).toEqual({ "Fn::GetAtt": [keyId, "Arn"] });
    expect(topic.TopicName).toBe(`${TEST_STAGE}-pactly-alarms`);
    expect(key.EnableKeyRotation).toBe(true);
    const forCloudWatch = key.KeyPolicy.Statement.find((s: Cfn) => s.Principal?.Service === "cloudwatch.amazonaws.com");
    expect(forCloudWatch.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });

  it("refuses publishers that do not use TLS, and lets CloudWatch of this account publish", () => {
    const [, policy] = onlyResource(plain.monitoring, "AWS::SNS::TopicPolicy", () => true);
    const statements: Cfn[] = policy.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: "Deny",
          Action: "sns:Publish",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
        expect.objectContaining({
          Effect: "Allow",
          Action: "sns:Publish",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }),
      ]),
    );
  });

  it("has no subscription when the stage sets no on-call address", () => {
    plain.monitoring.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("emails the stage's on-call address (PACTLY_ALARM_EMAIL) when set", () => {
    const [, sub] = onlyResource(configured.monitoring, "AWS::SNS::Subscription", () => true);
    expect(sub).toEqual({ Protocol: "email", Endpoint: ON_CALL, TopicArn: { Ref: topicId(configured.monitoring) } });
  });

  it("takes one address, and refuses anything else", () => {
    expect(alarmEmailFor({})).toBeUndefined();
    expect(alarmEmailFor({ PACTLY_ALARM_EMAIL: "  " })).toBeUndefined();
    expect(alarmEmailFor({ PACTLY_ALARM_EMAIL: ` ${ON_CALL} ` })).toBe(ON_CALL);
    expect(() => alarmEmailFor({ PACTLY_ALARM_EMAIL: "a@example.com,b@example.com" })).toThrow(/one email address/);
    expect(() => alarmEmailFor({ PACTLY_ALARM_EMAIL: "oncall" })).toThrow(/one email address/);
  });
});

describe("the alarms", () => {
  it("each send to the topic when they fire and when they clear, treat missing data as fine, and say what to do", () => {
    const all = Object.values(alarms(plain.monitoring));
    expect(all.length).toBe(QUEUE_NAMES.length + 2 + 2 + 3 + 1 + 2 + QUEUE_NAMES.length + 1);
    const topic = { Ref: topicId(plain.monitoring) };
    for (const a of all) {
      expect(a.AlarmActions).toEqual([topic]);
      expect(a.OKActions).toEqual([topic]);
      expect(a.TreatMissingData).toBe("notBreaching");
      expect(a.AlarmDescription.length).toBeGreaterThan(60);
      expect(a.AlarmName).toMatch(new RegExp(`^${TEST_STAGE}-pactly-`));
    }
  });

  it.each(QUEUE_NAMES)("fire as soon as the %s dead-letter queue holds a message", (name) => {
    const a = alarmNamed(plain.monitoring, `${name}DeadLettersNotEmpty`);
    expect(a).toMatchObject({
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Statistic: "Maximum",
      Period: 300,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
    });
    expect(a.Dimensions).toEqual([{ Name: "QueueName", Value: { "Fn::ImportValue": queueImport(name) } }]);
    expect(a.AlarmDescription).toContain("redrive");
  });

  it("fire when over 5% of at least ten API requests answer 5xx in five minutes", () => {
    const a = alarmNamed(plain.monitoring, "Api5xxRate");
    expect(a).toMatchObject({ Threshold: THRESHOLDS.api5xxPercent, ComparisonOperator: "GreaterThanThreshold" });
    expect(THRESHOLDS.api5xxPercent).toBe(5);
    const byId = Object.fromEntries(a.Metrics.map((m: Cfn) => [m.Id, m]));
    const expr = Object.values(byId).find((m: Cfn) => m.Expression) as Cfn;
    expect(expr.ReturnData ?? true).toBe(true);
    expect(expr.Expression).toBe("IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)");
    for (const [id, name] of [
      ["requests", "Requests"],
      ["errors", "Errors5xx"],
    ]) {
      expect(byId[id!].ReturnData).toBe(false);
      expect(byId[id!].MetricStat).toEqual({
        Metric: { Namespace: "Pactly", MetricName: name, Dimensions: [{ Name: "Stage", Value: TEST_STAGE }] },
        Period: 300,
        Stat: "Sum",
      });
    }
  });

  it("fire when the API's p99 latency is over 3 s in two of three five-minute periods", () => {
    expect(alarmNamed(plain.monitoring, "ApiLatencyP99")).toMatchObject({
      Namespace: "Pactly",
      MetricName: "Latency",
      Dimensions: [{ Name: "Stage", Value: TEST_STAGE }],
      ExtendedStatistic: "p99",
      Period: 300,
      Threshold: 3000,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
  });

  it.each([
    ["WebhookFailures", "WebhookFailures"],
    ["PaymentCallFailures", "PaymentCallFailures"],
    ["JobFailures", "JobFailures"],
  ])("fire on the first %s of the stage in five minutes", (id, metricName) => {
    expect(alarmNamed(plain.monitoring, id)).toMatchObject({
      Namespace: "Pactly",
      MetricName: metricName,
      Dimensions: [{ Name: "Stage", Value: TEST_STAGE }],
      Statistic: "Sum",
      Period: 300,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("fire when EventBridge Scheduler fails, drops or throttles an invocation of the stage's schedules", () => {
    const group = [{ Name: "ScheduleGroup", Value: `pactly-${TEST_STAGE}` }];
    for (const [id, metricName, dims] of [
      ["SchedulerTargetErrors", "TargetErrorCount", group],
      ["SchedulerDropped", "InvocationDroppedCount", group],
      ["SchedulerThrottled", "InvocationThrottleCount", undefined],
    ] as const) {
      const a = alarmNamed(plain.monitoring, id);
      expect(a).toMatchObject({
        Namespace: "AWS/Scheduler",
        MetricName: metricName,
        Statistic: "Sum",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
      expect(a.Dimensions).toEqual(dims);
    }
  });

  it("fire on any throttle of the API, jobs, outbox and worker functions, summed", () => {
    const a = alarmNamed(plain.monitoring, "LambdaThrottles");
    expect(a).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold" });
    const expr = a.Metrics.find((m: Cfn) => m.Expression);
    expect(expr.Expression).toBe("SUM([t0, t1, t2, t3, t4, t5])");
    const stats = a.Metrics.filter((m: Cfn) => m.MetricStat).map((m: Cfn) => m.MetricStat);
    expect(stats).toHaveLength(3 + QUEUE_NAMES.length);
    for (const s of stats) {
      expect(s.Metric).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Throttles" });
      expect(s.Metric.Dimensions[0].Name).toBe("FunctionName");
      expect(s.Stat).toBe("Sum");
    }
    const functions = JSON.stringify(stats.map((s: Cfn) => s.Metric.Dimensions[0].Value));
    for (const stack of ["API", "Jobs", "Queues"]) expect(functions).toContain(`${TEST_STAGE}-pactly-${stack}:`);
  });

  it.each(["jobs", "outbox", ...QUEUE_NAMES.map((q) => `${q}Worker`)])(
    "fire on the first error of the %s function",
    (id) => {
      const a = alarmNamed(plain.monitoring, `${id}Errors`);
      expect(a).toMatchObject({
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Statistic: "Sum",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
      expect(a.Dimensions[0].Name).toBe("FunctionName");
    },
  );
});

describe("the dashboard", () => {
  const body = (t: Template): Cfn => {
    const [, dashboard] = onlyResource(t, "AWS::CloudWatch::Dashboard", () => true);
    expect(dashboard.DashboardName).toBe(`${TEST_STAGE}-pactly-operations`);
    const joined = dashboard.DashboardBody["Fn::Join"][1]
      .map((part: Cfn) => (typeof part === "string" ? part : "TOKEN"))
      .join("");
    return JSON.parse(joined);
  };

  it("is one per stage, named after it", () => {
    body(plain.monitoring);
  });

  it("shows the alarms' status, the API, jobs, dead letters, webhooks, LLM, email and throttles", () => {
    const widgets: Cfn[] = body(plain.monitoring).widgets;
    const titles = widgets.map((w) => w.properties.title);
    expect(titles).toEqual([
      "Alarms",
      "API requests and 5xx",
      "API latency (ms)",
      "API 5xx by route",
      "Job runs by kind",
      "Job failures by kind",
      "Job duration p99 by kind (ms)",
      "Dead-letter queue depth",
      "Webhook events by outcome",
      "Webhook and Stripe call failures",
      "LLM latency p99 by feature (ms)",
      "LLM tokens by feature",
      "Emails sent and bounced",
      "Lambda throttles",
    ]);
    const alarmWidget = widgets[0]!;
    expect(alarmWidget.type).toBe("alarm");
    expect(alarmWidget.properties.alarms).toHaveLength(Object.keys(alarms(plain.monitoring)).length);
    const text = JSON.stringify(widgets);
    for (const name of [
      APP_METRICS.api.latency,
      APP_METRICS.email.sent,
      APP_METRICS.email.bounced,
      APP_METRICS.payments.webhookFailures,
    ]) {
      expect(text).toContain(`"${name}"`);
    }
    for (const [metric, dimension] of [
      [APP_METRICS.jobs.runs, "JobKind"],
      [APP_METRICS.jobs.failures, "JobKind"],
      [APP_METRICS.jobs.duration, "JobKind"],
      [APP_METRICS.payments.webhookEvents, "Outcome"],
      [APP_METRICS.llm.latency, "Feature"],
      [APP_METRICS.llm.tokens, "Feature"],
    ]) {
      expect(text).toContain(
        `SEARCH('{Pactly,Stage,${dimension}} MetricName=\\"${metric}\\" Stage=\\"${TEST_STAGE}\\"'`,
      );
    }
    const latency = widgets.find((w) => w.properties.title === "API latency (ms)")!.properties.metrics;
    expect(latency.map((m: Cfn) => m.at(-1).stat)).toEqual(["p50", "p99"]);
    const dlq = widgets.find((w) => w.properties.title === "Dead-letter queue depth")!.properties.metrics;
    expect(dlq).toHaveLength(QUEUE_NAMES.length);
    for (const m of dlq) expect(m.slice(0, 2)).toEqual(["AWS/SQS", "ApproximateNumberOfMessagesVisible"]);
  });
});

describe("the web application firewall", () => {
  const distributionConfig = (t: Template) =>
    onlyResource(t, "AWS::CloudFront::Distribution", () => true)[1].DistributionConfig;

  it("is off by default outside prod: no web ACL, none on the distribution", () => {
    plain.cdn.resourceCountIs("AWS::WAFv2::WebACL", 0);
    expect(distributionConfig(plain.cdn).WebACLId).toBeUndefined();
  });

  it("when turned on, is a CLOUDFRONT web ACL attached to the distribution", () => {
    const [aclId, acl] = onlyResource(configured.cdn, "AWS::WAFv2::WebACL", () => true);
    expect(acl.Scope).toBe("CLOUDFRONT");
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    expect(distributionConfig(configured.cdn).WebACLId).toEqual({ "Fn::GetAtt": [aclId, "Arn"] });
  });

  it("limits each address to the stage's rate per five minutes, then runs the AWS managed rule groups", () => {
    const [, acl] = onlyResource(configured.cdn, "AWS::WAFv2::WebACL", () => true);
    const rules: Cfn[] = acl.Rules;
    expect(rules.map((r) => r.Name)).toEqual([
      "RateLimitPerAddress",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "OversizeBodyOutsideApi",
    ]);
    expect(rules[0]).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: "IP", EvaluationWindowSec: 300 } },
    });
    for (const r of rules.slice(1, 3)) {
      expect(r.OverrideAction).toEqual({ None: {} });
      expect(r.Statement.ManagedRuleGroupStatement).toMatchObject({ VendorName: "AWS", Name: r.Name });
    }
    for (const v of [acl.VisibilityConfig, ...rules.map((r) => r.VisibilityConfig)]) {
      expect(v).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    }
  });

  it("lets API bodies over 8 KB through (the API limits them itself) and blocks them anywhere else", () => {
    const [, acl] = onlyResource(configured.cdn, "AWS::WAFv2::WebACL", () => true);
    const common = acl.Rules.find((r: Cfn) => r.Name === "AWSManagedRulesCommonRuleSet");
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } },
    ]);
    const oversize = acl.Rules.find((r: Cfn) => r.Name === "OversizeBodyOutsideApi");
    expect(oversize.Priority).toBeGreaterThan(common.Priority);
    expect(oversize.Action).toEqual({ Block: {} });
    const [label, notApi] = oversize.Statement.AndStatement.Statements;
    expect(label).toEqual({ LabelMatchStatement: { Scope: "LABEL", Key: OVERSIZE_BODY_LABEL } });
    expect(notApi.NotStatement.Statement.ByteMatchStatement).toMatchObject({
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: "STARTS_WITH",
      SearchString: "/v1/",
    });
  });

  it("is set per stage: PACTLY_WAF on/off, on by default in prod only, with a rate limit in range", () => {
    expect(wafSettings("dev", {})).toEqual({ enabled: false, rateLimit: DEFAULT_RATE_LIMIT });
    expect(wafSettings("prod", {})).toEqual({ enabled: true, rateLimit: DEFAULT_RATE_LIMIT });
    expect(wafSettings("prod", { PACTLY_WAF: "off" }).enabled).toBe(false);
    expect(wafSettings("test", { PACTLY_WAF: "ON", PACTLY_WAF_RATE_LIMIT: "300" })).toEqual({
      enabled: true,
      rateLimit: 300,
    });
    expect(() => wafSettings("test", { PACTLY_WAF: "yes" })).toThrow(/"on" or "off"/);
    expect(() => wafSettings("test", { PACTLY_WAF_RATE_LIMIT: "5" })).toThrow(/PACTLY_WAF_RATE_LIMIT/);
    expect(() => wafSettings("test", { PACTLY_WAF_RATE_LIMIT: "1e3.5" })).toThrow(/PACTLY_WAF_RATE_LIMIT/);
  });

  it("refuses to turn on outside us-east-1, where CloudFront's web ACLs cannot be created", () => {
    const stack = new Stack(new CdkApp(), "Elsewhere", { env: { account: "123456789012", region: "eu-west-1" } });
    const app = { stage: "prod", logicalPrefixedName: (n: string) => `prod-pactly-${n}` };
    const saved = process.env.PACTLY_WAF;
    process.env.PACTLY_WAF = "on";
    try {
      expect(() => edgeWebAcl({ app, stack })).toThrow(/us-east-1/);
    } finally {
      if (saved === undefined) delete process.env.PACTLY_WAF;
      else process.env.PACTLY_WAF = saved;
    }
  });
});

describe("cdk-nag AWS Solutions", () => {
  it("defines no function or role of its own in the Monitoring stack, only the framework's helpers", () => {
    const functions = resourcesOf(plain.monitoring, "AWS::Lambda::Function").map(([id]) => id);
    expect(functions.map((id) => id.replace(/[0-9A-F]{8}$/, ""))).toEqual(
      expect.arrayContaining(["CustomResourceHandler"]),
    );
    for (const id of functions) expect(id).toMatch(/^(CustomResourceHandler|LogRetention)/);
    const roles = resourcesOf(plain.monitoring, "AWS::IAM::Role").map(([id]) => id);
    for (const id of roles) expect(id).toMatch(/^(CustomResourceHandler|LogRetention)/);
  });

  it("finds no unsuppressed error in the Monitoring stack or the web ACL, with or without the settings", () => {
    expect(plain.nagErrors).toEqual([]);
    expect(configured.nagErrors).toEqual([]);
  });
});
