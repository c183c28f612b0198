// Template tests for every stack, from one offline synthesis of sst.config.ts (one file, so SST loads once).
import { existsSync } from "node:fs";
import type { Template } from "aws-cdk-lib/assertions";
import {
  Api,
  type FunctionProps,
  getStack,
  Function as SstFunction,
  StaticSite,
  type StaticSiteProps,
} from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "../../packages/core/src/platform/queue/port.js";
import { tableDefinition } from "../../packages/core/src/platform/store/table.js";
import { RECURRING_SCHEDULES } from "../../packages/functions/src/jobs/recurring.js";
import { API } from "../api.js";
import { NODEJS_BUNDLING } from "../bundling.js";
import { Cdn } from "../cdn.js";
import { Jobs } from "../jobs.js";
import { Queues, VISIBILITY_PER_TIMEOUT } from "../queues.js";
import { Secrets } from "../secrets.js";
import { Storage } from "../storage.js";
import { Web } from "../web.js";
import { asList, type Cfn, onlyResource, policyStatements, resourcesOf, synthApp } from "./app.js";

const STACKS = { Secrets, Cdn, Storage, Queues, Jobs, API, Web };
const WEB_ORIGIN = /Cdn:ExportsOutputFnGetAttDistribution\w*DomainName/;

let synth: ReturnType<typeof synthApp>;
let app: ReturnType<typeof synthApp>["app"];
const t = {} as Record<keyof typeof STACKS, Template>;
/** The app's own functions (API, workers, jobs): the ones configured with PACTLY_RUNTIME. */
const appFunctions: { stack: string; id: string; props: Cfn }[] = [];

beforeAll(() => {
  synth = synthApp();
  app = synth.app;
  for (const [name, fn] of Object.entries(STACKS)) t[name as keyof typeof STACKS] = synth.template(fn);
  for (const name of ["Queues", "Jobs", "API"] as const) {
    for (const [id, props] of resourcesOf(t[name], "AWS::Lambda::Function")) {
      if (props.Environment?.Variables?.PACTLY_RUNTIME) appFunctions.push({ stack: name, id, props });
    }
  }
});

describe("Storage: the single table", () => {
  const table = () => onlyResource(t.Storage, "AWS::DynamoDB::Table", () => true)[1];

  it("is keyed on the generic string attributes pk and sk", () => {
    expect(table().KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    for (const def of table().AttributeDefinitions) expect(def.AttributeType).toBe("S");
  });

  it("has the three GSIs of core's table definition, each projecting every attribute", () => {
    const indexes = Object.fromEntries(table().GlobalSecondaryIndexes.map((i: Cfn) => [i.IndexName, i]));
    expect(Object.keys(indexes).sort()).toEqual(["gsi1", "gsi2", "gsi3"]);
    for (const [name, keys] of Object.entries(tableDefinition.indexes)) {
      expect(indexes[name].KeySchema).toEqual([
        { AttributeName: keys.partitionKey, KeyType: "HASH" },
        { AttributeName: keys.sortKey, KeyType: "RANGE" },
      ]);
      expect(indexes[name].Projection).toEqual({ ProjectionType: "ALL" });
    }
  });

  it("expires items on expiresAt, keeps point-in-time recovery and bills per request", () => {
    expect(table().TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
    expect(table().PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table().BillingMode).toBe("PAY_PER_REQUEST");
  });
});

describe("Storage: the uploads bucket", () => {
  const bucket = () => onlyResource(t.Storage, "AWS::S3::Bucket", () => true)[1];

  it("blocks every form of public access and encrypts objects", () => {
    expect(bucket().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
    ]);
  });

  it("lets the web origin, and only it, PUT and GET with presigned URLs", () => {
    const [rule] = bucket().CorsConfiguration.CorsRules;
    expect(rule.AllowedMethods).toEqual(expect.arrayContaining(["PUT", "GET"]));
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins[0])).toMatch(WEB_ORIGIN);
  });
});

describe("Cdn: web hosting", () => {
  it("keeps the site bucket private behind CloudFront and serves index.html for client-side routes", () => {
    const [, bucket] = onlyResource(t.Cdn, "AWS::S3::Bucket", () => true);
    expect(bucket.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    t.Cdn.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    const [, dist] = onlyResource(t.Cdn, "AWS::CloudFront::Distribution", () => true);
    expect(dist.DistributionConfig.DefaultRootObject).toBe("index.html");
    expect(dist.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(dist.DistributionConfig.CustomErrorResponses).toEqual(
      [403, 404].map((code) =>
        expect.objectContaining({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: "/index.html" }),
      ),
    );
  });
});

describe.each(QUEUE_NAMES)("Queues: the %s queue", (name) => {
  const timeouts = { coach: 60, scoring: 30, tasks: 120 };
  const wiring = () => {
    const queues = Object.fromEntries(resourcesOf(t.Queues, "AWS::SQS::Queue"));
    const functions = Object.fromEntries(resourcesOf(t.Queues, "AWS::Lambda::Function"));
    const [queueId, queue] = Object.entries(queues).find(([, q]) => q.QueueName === `test-pactly-${name}.fifo`)!;
    const [, mapping] = onlyResource(
      t.Queues,
      "AWS::Lambda::EventSourceMapping",
      (m) => m.EventSourceArn["Fn::GetAtt"][0] === queueId,
    );
    return {
      queue,
      deadLetters: queues[queue.RedrivePolicy.deadLetterTargetArn["Fn::GetAtt"][0]],
      mapping,
      worker: functions[mapping.FunctionName.Ref],
    };
  };

  it("is FIFO with a FIFO dead-letter queue that takes messages after five receives", () => {
    const w = wiring();
    expect(w.queue.FifoQueue).toBe(true);
    expect(w.queue.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(w.deadLetters.FifoQueue).toBe(true);
    expect(w.deadLetters.QueueName).toBe(`test-pactly-${name}-dlq.fifo`);
  });

  it("feeds a single worker one message per invocation, with failures reported per message", () => {
    const w = wiring();
    expect(w.mapping.BatchSize).toBe(1);
    expect(w.mapping.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    expect(w.worker.ReservedConcurrentExecutions).toBe(1);
  });

  it("hides a received message for at least six times the worker's timeout", () => {
    const w = wiring();
    expect(w.worker.Timeout).toBe(timeouts[name]);
    expect(w.queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * w.worker.Timeout);
    expect(VISIBILITY_PER_TIMEOUT).toBeGreaterThanOrEqual(6);
  });

  it("gives the worker every queue URL, since work on one queue may enqueue on another", () => {
    const urls = JSON.stringify(wiring().worker.Environment.Variables.PACTLY_QUEUE_URLS);
    for (const q of QUEUE_NAMES) expect(urls).toContain(`\\"${q}\\":\\"`);
  });
});

describe("Jobs: scheduler role and recurring schedules", () => {
  const jobsFn = () => onlyResource(t.Jobs, "AWS::Lambda::Function", (p) => p.FunctionName === "test-pactly-jobs");
  const role = () => onlyResource(t.Jobs, "AWS::IAM::Role", (p) => p.RoleName === "test-pactly-scheduler");

  it("lets EventBridge Scheduler of this account, and nothing else, assume the role", () => {
    const trust = role()[1].AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      expect.objectContaining({
        Action: "sts:AssumeRole",
        Principal: { Service: "scheduler.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      }),
    ]);
  });

  it("lets the role invoke the jobs function and nothing else", () => {
    const [roleId, props] = role();
    const attached = resourcesOf(t.Jobs, "AWS::IAM::Policy").filter(([, p]) =>
      p.Roles.some((r: Cfn) => r.Ref === roleId),
    );
    expect(attached.map(([, p]) => p.PolicyDocument.Statement)).toEqual([
      [{ Action: "lambda:InvokeFunction", Effect: "Allow", Resource: { "Fn::GetAtt": [jobsFn()[0], "Arn"] } }],
    ]);
    expect(props.Policies ?? []).toEqual([]);
    expect(props.ManagedPolicyArns ?? []).toEqual([]);
  });

  it("creates the stage's schedule group", () => {
    t.Jobs.hasResourceProperties("AWS::Scheduler::ScheduleGroup", { Name: "pactly-test" });
  });

  it.each(RECURRING_SCHEDULES)("schedules $name in the group, invoking the jobs function with {job, payload}", (s) => {
    const [, schedule] = onlyResource(t.Jobs, "AWS::Scheduler::Schedule", (p) => p.Name === s.name);
    const [groupId] = onlyResource(t.Jobs, "AWS::Scheduler::ScheduleGroup", () => true);
    expect(schedule.GroupName).toEqual({ Ref: groupId });
    expect(schedule.ScheduleExpression).toBe(s.expression);
    expect(schedule.ScheduleExpressionTimezone).toBe(s.timezone);
    expect(schedule.Target.Arn).toEqual({ "Fn::GetAtt": [jobsFn()[0], "Arn"] });
    expect(schedule.Target.RoleArn).toEqual({ "Fn::GetAtt": [role()[0], "Arn"] });
    expect(JSON.parse(schedule.Target.Input)).toEqual({ job: s.job, payload: s.payload, scheduleName: s.name });
  });
});

describe("API", () => {
  const handler = () => onlyResource(t.API, "AWS::Lambda::Function", (p) => p.Environment?.Variables?.PACTLY_RUNTIME);
  const httpApi = () => onlyResource(t.API, "AWS::ApiGatewayV2::Api", () => true);

  it("sends the default route and the Stripe webhook to the one API function", () => {
    const integrations = Object.fromEntries(resourcesOf(t.API, "AWS::ApiGatewayV2::Integration"));
    const routes = resourcesOf(t.API, "AWS::ApiGatewayV2::Route").map(([, r]) => r);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(["$default", "POST /v1/webhooks/stripe"]);
    for (const route of routes) {
      const integrationId = route.Target["Fn::Join"][1][1].Ref;
      expect(integrations[integrationId].IntegrationUri).toEqual({ "Fn::GetAtt": [handler()[0], "Arn"] });
    }
  });

  it("allows the web origin with credentials (the refresh token is a cookie)", () => {
    const cors = httpApi()[1].CorsConfiguration;
    expect(cors.AllowCredentials).toBe(true);
    expect(cors.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowOrigins[0])).toMatch(WEB_ORIGIN);
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(["authorization", "content-type"]));
  });

  it("tells the function its own public URL and the web app's", () => {
    const env = handler()[1].Environment.Variables;
    expect(JSON.stringify(env.PACTLY_API_URL)).toContain(`{"Fn::GetAtt":["${httpApi()[0]}","ApiEndpoint"]}`);
    expect(JSON.stringify(env.PACTLY_WEB_URL)).toMatch(WEB_ORIGIN);
  });

  it("binds the four secrets, which SST fetches from SSM", () => {
    const env = handler()[1].Environment.Variables;
    for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY", "JWT_PRIVATE_KEY"]) {
      expect(env[`SST_Secret_value_${name}`]).toBe("__FETCH_FROM_SSM__");
    }
  });
});

describe("Web", () => {
  it("deploys the Vite build into the Cdn stack's bucket and distribution, with the API URL as VITE_API_URL", () => {
    const site = getStack(Web)
      .node.findAll()
      .find((c): c is StaticSite => c instanceof StaticSite)!;
    const httpApi = getStack(API)
      .node.findAll()
      .find((c): c is Api => c instanceof Api)!;
    // SST keeps construct props private; they are what `sst deploy` builds from.
    const props = (site as unknown as { props: StaticSiteProps }).props;
    expect(site.cdk?.distribution).toBe(getStack(Cdn).node.findChild("Distribution"));
    expect(site.cdk?.bucket).toBe(getStack(Cdn).node.findChild("SiteBucket"));
    expect(props.environment?.VITE_API_URL).toBe(httpApi.url);
    expect(props.path).toBe("packages/web");
    expect(props.buildOutput).toBe("dist");
  });
});

describe("every app function", () => {
  const functions = () =>
    app.node
      .findAll()
      .filter((c): c is SstFunction => c instanceof SstFunction)
      .map((fn) => (fn as unknown as { props: FunctionProps }).props);

  it("is the API, the three workers or the jobs function", () => {
    expect(appFunctions.map((f) => f.stack).sort()).toEqual(["API", "Jobs", "Queues", "Queues", "Queues"]);
    expect(functions()).toHaveLength(5);
  });

  it("runs Node 20 on arm64 with the shared ESM bundling (the template shows SST's placeholder until deploy)", () => {
    for (const props of functions()) {
      expect(props.runtime).toBe("nodejs20.x");
      expect(props.architecture).toBe("arm_64");
      expect(props.nodejs).toEqual(NODEJS_BUNDLING);
    }
  });

  it("points at an entry file that exists", () => {
    for (const props of functions()) {
      const file = props.handler!.replace(/\.[^.]+$/, ".ts");
      expect(existsSync(file), file).toBe(true);
    }
  });

  it("carries the ARNs of the deployed jobs function and scheduler role, built from their fixed names", () => {
    for (const { props } of appFunctions) {
      const env = props.Environment.Variables;
      expect(JSON.stringify(env.PACTLY_JOBS_FUNCTION_ARN)).toMatch(
        /:lambda:us-east-1:123456789012:function:test-pactly-jobs"/,
      );
      expect(JSON.stringify(env.PACTLY_SCHEDULER_ROLE_ARN)).toMatch(/:iam::123456789012:role\/test-pactly-scheduler"/);
      expect(env.PACTLY_SCHEDULER_GROUP).toBe("pactly-test");
    }
  });

  it("never references its own ARN (CloudFormation would reject the cycle)", () => {
    for (const { id, props } of appFunctions) expect(JSON.stringify(props.Environment)).not.toContain(`"${id}"`);
  });
});

describe("least privilege", () => {
  /** Statements of the app functions' policies: the policies that grant sqs:SendMessage. */
  const appPolicies = () =>
    (["Queues", "Jobs", "API"] as const).flatMap((name) =>
      resourcesOf(t[name], "AWS::IAM::Policy")
        .map(([, p]) => p.PolicyDocument.Statement as Cfn[])
        .filter((statements) => statements.some((s) => asList(s.Action).includes("sqs:SendMessage"))),
    );
  const withAction = (statements: Cfn[], prefix: string) =>
    statements.filter((s) => asList(s.Action).some((a: string) => a.startsWith(prefix)));

  it.each(Object.keys(STACKS))("%s allows no `*` action and no whole-service grant", (name) => {
    for (const { resource, statement } of policyStatements(t[name as keyof typeof STACKS])) {
      if (statement.Effect !== "Allow") continue;
      for (const action of asList(statement.Action) as string[]) {
        expect(action === "*" || action.endsWith(":*"), `${name}/${resource}: ${action}`).toBe(false);
      }
    }
  });

  it("gives each app function one policy", () => {
    expect(appPolicies()).toHaveLength(5);
  });

  it("reaches the table and its indexes only, with item-level actions and no Scan", () => {
    for (const statements of appPolicies()) {
      const [table, ...more] = withAction(statements, "dynamodb:");
      expect(more).toEqual([]);
      expect(table.Action).not.toContain("dynamodb:Scan");
      expect(table.Resource).toHaveLength(2);
      expect(JSON.stringify(table.Resource)).toMatch(/Storage:ExportsOutputFnGetAtttableTable\w*Arn/);
      expect(JSON.stringify(table.Resource)).toContain('"/index/*"');
    }
  });

  it("reaches the uploads bucket's objects only, plus listing that bucket", () => {
    for (const statements of appPolicies()) {
      for (const s of withAction(statements, "s3:")) {
        const resource = JSON.stringify(s.Resource);
        expect(resource).toMatch(/Storage:ExportsOutputFnGetAttuploadsBucket\w*Arn/);
        if (asList(s.Action).includes("s3:ListBucket")) expect(s.Action).toBe("s3:ListBucket");
        else expect(resource).toContain('"/*"');
      }
    }
  });

  it("may send to the three queues, manage schedules of the stage's group, pass the scheduler role and send mail", () => {
    for (const statements of appPolicies()) {
      expect(withAction(statements, "sqs:SendMessage")[0].Resource).toHaveLength(3);
      const [schedules] = withAction(statements, "scheduler:");
      expect([...schedules.Action].sort()).toEqual([
        "scheduler:CreateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:UpdateSchedule",
      ]);
      expect(JSON.stringify(schedules.Resource)).toContain(":schedule/pactly-test/*");
      const [pass] = withAction(statements, "iam:PassRole");
      expect(JSON.stringify(pass.Resource)).toContain(":role/test-pactly-scheduler");
      expect(pass.Condition).toEqual({ StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } });
      expect(withAction(statements, "ses:SendEmail")).toHaveLength(1);
    }
  });
});
