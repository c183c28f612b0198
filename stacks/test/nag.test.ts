// AWS Solutions checks (cdk-nag) over every stack of the app, as sst.config.ts builds it: an unsuppressed error fails
// the test, listed with its rule, resource and finding; warnings are counted and printed, not failed on.
import { Aspects, App as CdkApp, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_LOG_DAYS } from "../cdn.js";
import { mailIdentities, senderAddress } from "../runtime.js";
import { asList, type Cfn, onlyResource, resourcesOf, synthApp, TEST_ACCOUNT, TEST_REGION } from "./app.js";

interface Finding {
  stack: string;
  path: string;
  text: string;
}

/** Synthesizing every stack and checking it takes a while on a busy two-core machine. */
const SYNTH_TIMEOUT_MS = 180_000;

let errors: Finding[] = [];
let warnings: Finding[] = [];
let stacks: string[] = [];
const templates: Record<string, Template> = {};

const findingsOf = (stack: Stack, level: "error" | "warning"): Finding[] => {
  const annotations = Annotations.fromStack(stack);
  const found =
    level === "error"
      ? annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
      : annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  return found.map((m) => ({ stack: stack.stackName, path: m.id, text: String(m.entry.data) }));
};

/** The rule of a finding: "AwsSolutions-IAM5[Resource::*]: …" → "AwsSolutions-IAM5". */
const ruleOf = (f: Finding) => f.text.match(/^AwsSolutions-[A-Za-z0-9]+/)?.[0] ?? f.text;

const countByRule = (findings: Finding[]) =>
  Object.fromEntries(
    Object.entries(
      findings.reduce<Record<string, number>>((acc, f) => {
        acc[ruleOf(f)] = (acc[ruleOf(f)] ?? 0) + 1;
        return acc;
      }, {}),
    ).sort(([a], [b]) => a.localeCompare(b)),
  );

beforeAll(() => {
  const { app } = synthApp();
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const all = app.node.children.filter((c): c is Stack => Stack.isStack(c));
  // Synthesizing the app runs the checks; every stack's annotations are then read.
  const assembly = app.synth({ force: true });
  stacks = all.map((s) => s.stackName);
  errors = all.flatMap((s) => findingsOf(s, "error"));
  warnings = all.flatMap((s) => findingsOf(s, "warning"));
  for (const stack of all) {
    const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
    templates[stack.stackName.replace(/^test-pactly-/, "")] = template;
  }
  console.log(
    `cdk-nag AwsSolutions over ${stacks.length} stacks: ${errors.length} unsuppressed errors`,
    countByRule(errors),
    `${warnings.length} warnings`,
    countByRule(warnings),
  );
}, SYNTH_TIMEOUT_MS);

describe("cdk-nag AwsSolutions", () => {
  it("checks every stack of the app, whichever sst.config.ts adds", () => {
    const known = ["Secrets", "Cdn", "Storage", "Queues", "Jobs", "API", "Web"].map((n) => `test-pactly-${n}`);
    expect(stacks).toEqual(expect.arrayContaining(known));
  });

  it("finds no unsuppressed error in any stack", () => {
    // The rule and its finding (`AwsSolutions-IAM5[Resource::*]`), without cdk-nag's explanation.
    const listed = errors.map((e) => `${e.path}: ${e.text.split(": ")[0]}`);
    expect(listed, `${errors.length} unsuppressed errors:\n${listed.join("\n")}`).toEqual([]);
  });
});

describe("hardening", () => {
  const every = () => Object.values(templates);

  it("gives no role the AWS-managed basic execution policy; each function role may write the app's own logs only", () => {
    let functionRoles = 0;
    for (const tpl of every()) {
      const statements = resourcesOf(tpl, "AWS::IAM::Policy").flatMap(([, p]) => p.PolicyDocument.Statement as Cfn[]);
      for (const [id, role] of resourcesOf(tpl, "AWS::IAM::Role")) {
        expect([id, JSON.stringify(role.ManagedPolicyArns ?? [])]).toEqual([id, "[]"]);
        if (role.AssumeRolePolicyDocument.Statement[0].Principal.Service === "lambda.amazonaws.com") functionRoles++;
      }
      for (const s of statements.filter((s) => asList(s.Action).includes("logs:PutLogEvents"))) {
        expect(JSON.stringify(s.Resource)).toContain(":log-group:/aws/lambda/test-pactly-*");
      }
    }
    expect(functionRoles).toBeGreaterThanOrEqual(6);
  });

  it("traces every app function with X-Ray", () => {
    const app = ["Queues", "Jobs", "API"].flatMap((name) =>
      resourcesOf(templates[name]!, "AWS::Lambda::Function").filter(
        ([, f]) => f.Environment?.Variables?.PACTLY_RUNTIME,
      ),
    );
    expect(app).toHaveLength(6);
    for (const [id, fn] of app) expect([id, fn.TracingConfig]).toEqual([id, { Mode: "Active" }]);
  });

  it("refuses requests without TLS on every queue and dead-letter queue", () => {
    const queues = resourcesOf(templates.Queues!, "AWS::SQS::Queue").map(([id]) => id);
    expect(queues).toHaveLength(6);
    const policies = resourcesOf(templates.Queues!, "AWS::SQS::QueuePolicy");
    for (const id of queues) {
      const denies = policies
        .filter(([, p]) => JSON.stringify(p.Queues).includes(`"${id}"`))
        .flatMap(([, p]) => p.PolicyDocument.Statement as Cfn[])
        .filter((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false");
      expect([id, denies.length]).toEqual([id, 1]);
    }
  });

  it("logs the site and uploads buckets and the distribution into one log bucket that expires them", () => {
    const [logsId, logs] = onlyResource(templates.Cdn!, "AWS::S3::Bucket", (b) => b.LoggingConfiguration === undefined);
    expect(logs.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: ACCESS_LOG_DAYS, Status: "Enabled" }),
    );
    expect(logs.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    const [, site] = onlyResource(templates.Cdn!, "AWS::S3::Bucket", (b) => b.LoggingConfiguration !== undefined);
    expect(site.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logsId });
    const [, uploads] = onlyResource(templates.Storage!, "AWS::S3::Bucket", () => true);
    expect(JSON.stringify(uploads.LoggingConfiguration.DestinationBucketName)).toMatch(
      /Cdn:ExportsOutputRefAccessLogs/,
    );
    const [, distribution] = onlyResource(templates.Cdn!, "AWS::CloudFront::Distribution", () => true);
    expect(distribution.DistributionConfig.Logging).toMatchObject({
      Bucket: { "Fn::GetAtt": [logsId, "RegionalDomainName"] },
      Prefix: "cloudfront/",
    });
  });
});

describe("mail identities", () => {
  const stack = new Stack(new CdkApp(), "MailStack", { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
  const arns = (stage: string) =>
    mailIdentities(stack, stage, "Pactly <no-reply@pactly.app>").map((a) => JSON.stringify(stack.resolve(a)));

  it("lets production send as its sender's address or domain only", () => {
    expect(senderAddress("Pactly <no-reply@pactly.app>")).toBe("no-reply@pactly.app");
    expect(senderAddress("ops@pactly.app")).toBe("ops@pactly.app");
    const prod = arns("prod");
    expect(prod).toHaveLength(2);
    expect(prod[0]).toContain(":identity/no-reply@pactly.app");
    expect(prod[1]).toContain(":identity/pactly.app");
  });

  it("lets a sandboxed stage reach every identity, as SES checks the recipients' too", () => {
    expect(arns("test")).toEqual([expect.stringContaining(":identity/*")]);
  });
});
