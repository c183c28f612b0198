// Template tests for every stack, from one offline synthesis of sst.config.ts (one file, so SST loads once).
import { existsSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import {
  type FunctionProps,
  getStack,
  Function as SstFunction,
  StaticSite,
  type StaticSiteProps,
} from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { vectorIndexKey } from "../../packages/core/src/content/search.js";
import { TEMPORARY_TAG } from "../../packages/core/src/platform/blob/port.js";
import { QUEUE_NAMES } from "../../packages/core/src/platform/queue/port.js";
import { tableDefinition } from "../../packages/core/src/platform/store/table.js";
import { userBlobPrefix } from "../../packages/core/src/privacy/locate.js";
import {
  API_CSP,
  WEB_CSP,
  WORKER_ASSET_PATTERN,
  WORKER_CSP,
} from "../../packages/functions/src/api/security-headers.js";
import { RECURRING_SCHEDULES } from "../../packages/functions/src/jobs/recurring.js";
import { API } from "../api.js";
import { NODE_RUNTIME, NODEJS_BUNDLING } from "../bundling.js";
import { API_PATHS, Cdn, EDGE_HEADER, VIEWER_ADDRESS } from "../cdn.js";
import { Jobs } from "../jobs.js";
import { Queues, VISIBILITY_PER_TIMEOUT } from "../queues.js";
import { BLOB_PREFIXES, LOG_RETENTION_DAYS, optionalSettings } from "../runtime.js";
import { Secrets } from "../secrets.js";
import { OAUTH_PROVIDERS, oauthSecretName } from "../sign-in.js";
import { Storage } from "../storage.js";
import { Web } from "../web.js";
import { asList, type Cfn, onlyResource, policyStatements, resourcesOf, synthApp } from "./app.js";

const STACKS = { Secrets, Cdn, Storage, Queues, Jobs, API, Web };
const WEB_ORIGIN = /Cdn:ExportsOutputFnGetAttDistribution\w*DomainName/;
/** The one public URL every function is told: https:// + the distribution's domain, imported from the Cdn stack. */
const PUBLIC_URL = { "Fn::Join": ["", ["https://", { "Fn::ImportValue": expect.stringMatching(WEB_ORIGIN) }]] };
/** The stage's deploy-time settings: two sign-in providers enabled, the other three not. */
const DEPLOY_ENV = {
  PACTLY_OAUTH_GOOGLE_CLIENT_ID: "1234-abc.apps.googleusercontent.com",
  PACTLY_OAUTH_OIDC_CLIENT_ID: "pactly",
  PACTLY_OAUTH_OIDC_ISSUER: "https://sso.example.com",
  PACTLY_OAUTH_OIDC_NAME: "Example SSO",
  PACTLY_VAPID_PUBLIC_KEY: "BPublicVapidKeyOfTheStage",
};

let synth: ReturnType<typeof synthApp>;
let app: ReturnType<typeof synthApp>["app"];
const t = {} as Record<keyof typeof STACKS, Template>;
/** The app's own functions (API, workers, jobs): the ones configured with PACTLY_RUNTIME. */
const appFunctions: { stack: string; id: string; props: Cfn }[] = [];

beforeAll(() => {
  synth = synthApp({ env: DEPLOY_ENV });
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
    expect(rule.AllowedMethods).toEqual(expect.arrayContaining(["PUT", "GET", "POST"]));
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins[0])).toMatch(WEB_ORIGIN);
  });

  it("deletes exports (objects written with the temporary tag) a day later and keeps everything else", () => {
    const rules: Cfn[] = bucket().LifecycleConfiguration.Rules;
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined || r.ExpirationDate !== undefined);
    expect(expiring).toEqual([
      {
        Id: "expire-temporary-objects",
        Status: "Enabled",
        ExpirationInDays: 1,
        TagFilters: [{ Key: TEMPORARY_TAG.key, Value: TEMPORARY_TAG.value }],
      },
    ]);
    // No noncurrent-version or transition rule removes anything else either.
    for (const r of rules) expect(r.NoncurrentVersionExpiration ?? r.Transitions).toBeUndefined();
  });
});

describe("Cdn: one distribution for the web app and the API", () => {
  const config = () => onlyResource(t.Cdn, "AWS::CloudFront::Distribution", () => true)[1].DistributionConfig;
  const httpApiId = () => onlyResource(t.Cdn, "AWS::ApiGatewayV2::Api", () => true)[0];
  const originOf = (behavior: Cfn) => config().Origins.find((o: Cfn) => o.Id === behavior.TargetOriginId);

  it("serves the site from the private bucket, index.html for client-side routes", () => {
    // The other bucket of the stack holds the access logs.
    const [, bucket] = onlyResource(t.Cdn, "AWS::S3::Bucket", (b) => b.LoggingConfiguration !== undefined);
    expect(bucket.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    t.Cdn.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    const site = config().DefaultCacheBehavior;
    expect(originOf(site).S3OriginConfig).toBeDefined();
    expect(config().DefaultRootObject).toBe("index.html");
    expect(site.ViewerProtocolPolicy).toBe("redirect-to-https");
    const [rewriteId] = onlyResource(
      t.Cdn,
      "AWS::CloudFront::Function",
      (f) => f.FunctionConfig.Comment === "Client-side routes get the app shell",
    );
    expect(site.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [rewriteId, "FunctionARN"] } },
    ]);
  });

  it("turns no error into the app shell, so the API's 403 and 404 reach the client as they are", () => {
    expect(config().CustomErrorResponses).toBeUndefined();
  });

  it.each(API_PATHS)(
    "sends %s to the HTTP API: uncached, every method, every header but Host, cookies, query",
    (path) => {
      const behavior = config().CacheBehaviors.find((b: Cfn) => b.PathPattern === path);
      expect(behavior).toBeDefined();
      expect(behavior.CachePolicyId).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // Managed-CachingDisabled
      expect(behavior.OriginRequestPolicyId).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac"); // AllViewerExceptHostHeader
      expect([...behavior.AllowedMethods].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
      expect(behavior.ViewerProtocolPolicy).toBe("https-only");
      const origin = originOf(behavior);
      expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe("https-only");
      expect(origin.DomainName).toEqual({
        "Fn::Select": [2, { "Fn::Split": ["/", { "Fn::GetAtt": [httpApiId(), "ApiEndpoint"] }] }],
      });
    },
  );

  it("puts the Stripe webhook (POST /v1/webhooks/stripe) on the API behaviour, not on the static site", () => {
    const behavior = config().CacheBehaviors.find((b: Cfn) => b.PathPattern === "/v1/*");
    expect(behavior.AllowedMethods).toContain("POST");
    expect(originOf(behavior).CustomOriginConfig).toBeDefined();
  });

  it("marks what it forwards to the API with a generated edge secret that only the API function also holds", () => {
    const behavior = config().CacheBehaviors.find((b: Cfn) => b.PathPattern === "/v1/*");
    const headers = originOf(behavior).OriginCustomHeaders;
    expect(headers).toHaveLength(1);
    expect(headers[0].HeaderName).toBe(EDGE_HEADER);
    const [secretId, secret] = onlyResource(t.Cdn, "AWS::SecretsManager::Secret", () => true);
    expect(secret.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(headers[0].HeaderValue)).toContain("resolve:secretsmanager:");
    const holders = appFunctions.filter((f) => f.props.Environment.Variables.PACTLY_EDGE_SECRET !== undefined);
    expect(holders.map((f) => f.stack)).toEqual(["API"]);
    expect(JSON.stringify(holders[0]!.props.Environment.Variables.PACTLY_EDGE_SECRET)).toContain(secretId.slice(0, 10));
  });

  it("has the edge itself write the viewer's address for the API: a viewer-request function on every API behaviour", () => {
    const [fnId, fn] = onlyResource(t.Cdn, "AWS::CloudFront::Function", (f) => f.FunctionCode === VIEWER_ADDRESS);
    expect(fn.FunctionConfig.Runtime).toBe("cloudfront-js-2.0");
    for (const path of API_PATHS) {
      const behavior = config().CacheBehaviors.find((b: Cfn) => b.PathPattern === path);
      expect(behavior.FunctionAssociations).toEqual([
        { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [fnId, "FunctionARN"] } },
      ]);
    }
  });

  it("adds security headers to every answer: the web app's strict CSP on the site, the API's own kept on the API", () => {
    const policies = Object.fromEntries(
      resourcesOf(t.Cdn, "AWS::CloudFront::ResponseHeadersPolicy").map(([id, r]) => [
        id,
        r.ResponseHeadersPolicyConfig,
      ]),
    );
    const policyOf = (behavior: Cfn) => policies[behavior.ResponseHeadersPolicyId.Ref];
    const site = policyOf(config().DefaultCacheBehavior);
    expect(site.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: WEB_CSP,
      Override: true,
    });
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const path of API_PATHS) {
      const api = policyOf(config().CacheBehaviors.find((b: Cfn) => b.PathPattern === path));
      expect(api.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
        ContentSecurityPolicy: API_CSP,
        Override: false,
      });
    }
    // The tutor's visible-tests worker alone may evaluate script, and may fetch nothing.
    const worker = config().CacheBehaviors.find((b: Cfn) => b.PathPattern === WORKER_ASSET_PATTERN);
    expect(worker.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(originOf(worker).S3OriginConfig).toBeDefined();
    expect(policyOf(worker).SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: WORKER_CSP,
      Override: true,
    });
    expect(WORKER_CSP).toBe("default-src 'none'; script-src 'self' 'unsafe-eval'");
    for (const policy of [site, policyOf(config().CacheBehaviors[0]), policyOf(worker)]) {
      const h = policy.SecurityHeadersConfig;
      expect(h.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
      expect(h.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
      expect(h.ContentTypeOptions).toEqual({ Override: true });
      expect(h.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
      expect(h.ReferrerPolicy).toEqual({ ReferrerPolicy: "no-referrer", Override: true });
      const custom = Object.fromEntries(policy.CustomHeadersConfig.Items.map((i: Cfn) => [i.Header, i.Value]));
      expect(custom["Permissions-Policy"]).toContain("camera=()");
    }
  });

  it("leaves CORS to the app: the HTTP API names no origin, as the browser calls it on its own origin", () => {
    const [, httpApi] = onlyResource(t.Cdn, "AWS::ApiGatewayV2::Api", () => true);
    expect(httpApi.CorsConfiguration).toBeUndefined();
  });

  it("keeps the HTTP API reachable on its execute-api URL: a default stage that deploys every route change", () => {
    const [, stage] = onlyResource(t.Cdn, "AWS::ApiGatewayV2::Stage", () => true);
    expect(stage).toMatchObject({ ApiId: { Ref: httpApiId() }, StageName: "$default", AutoDeploy: true });
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

describe("the outbox dispatcher", () => {
  it("reads the table's stream of new images, only INSERTs of outbox effects, reporting failed records", () => {
    const [, table] = onlyResource(t.Storage, "AWS::DynamoDB::Table", () => true);
    expect(table.StreamSpecification).toEqual({ StreamViewType: "NEW_IMAGE" });
    const [, mapping] = onlyResource(t.Jobs, "AWS::Lambda::EventSourceMapping", () => true);
    const dispatcher = appFunctions.find((f) => f.stack === "Jobs" && f.id.startsWith("outbox"));
    expect(mapping.FunctionName).toEqual({ Ref: dispatcher?.id });
    expect(mapping.StartingPosition).toBe("TRIM_HORIZON");
    expect(mapping.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    expect(mapping.BisectBatchOnFunctionError).toBe(true);
    const [filter] = mapping.FilterCriteria.Filters;
    expect(JSON.parse(filter.Pattern)).toEqual({
      eventName: ["INSERT"],
      dynamodb: { NewImage: { type: { S: ["OutboxEffect"] } } },
    });
  });
});

describe("seeding on deploy", () => {
  const jobsFn = () => onlyResource(t.Jobs, "AWS::Lambda::Function", (p) => p.FunctionName === "test-pactly-jobs");

  it("invokes the jobs function's catalog.seed, content.seed and the summary backfill once per change of their data, allowed to invoke only that", () => {
    const seeds = resourcesOf(t.Jobs, "Custom::AWS").map(([, seed]) => {
      const create = JSON.parse(
        (seed.Create["Fn::Join"][1] as unknown[]).map((x) => (typeof x === "string" ? x : "FN")).join(""),
      );
      expect(create).toMatchObject({ service: "Lambda", action: "invoke" });
      expect(seed.Update).toEqual(seed.Create);
      return { job: JSON.parse(create.parameters.Payload), id: create.physicalResourceId.id as string };
    });
    expect(seeds.map((s) => s.job)).toEqual([
      { job: "catalog.seed", payload: {} },
      { job: "content.seed", payload: {} },
      { job: "notifications.backfill-weekly-summaries", payload: {} },
    ]);
    expect(seeds[0]!.id).toMatch(/^catalog-seed-[0-9a-f]{16}$/);
    expect(seeds[1]!.id).toMatch(/^content-seed-[0-9a-f]{16}$/);
    expect(seeds[2]!.id).toMatch(/^weekly-summaries-backfill-[0-9a-f]{16}$/);
    const statements = resourcesOf(t.Jobs, "AWS::IAM::Policy")
      .flatMap(([, p]) => p.PolicyDocument.Statement)
      .filter((st: Cfn) => st.Action === "lambda:InvokeFunction");
    for (const st of statements) expect(st.Resource).toEqual({ "Fn::GetAtt": [jobsFn()[0], "Arn"] });
    expect(statements.length).toBe(4); // the scheduler's role and the three run-once resources'
  });
});

describe("API", () => {
  const handler = () => onlyResource(t.API, "AWS::Lambda::Function", (p) => p.Environment?.Variables?.PACTLY_RUNTIME);
  const httpApiImport = expect.stringMatching(/^test-pactly-Cdn:ExportsOutputRefapiApi\w+$/);

  it("sends the default route and the Stripe webhook to the one API function, on the Cdn stack's HTTP API", () => {
    const integrations = Object.fromEntries(resourcesOf(t.API, "AWS::ApiGatewayV2::Integration"));
    const routes = resourcesOf(t.API, "AWS::ApiGatewayV2::Route").map(([, r]) => r);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(["$default", "POST /v1/webhooks/stripe"]);
    for (const route of routes) {
      expect(route.ApiId).toEqual({ "Fn::ImportValue": httpApiImport });
      const integration = integrations[route.Target["Fn::Join"][1][1].Ref];
      expect(integration.IntegrationUri).toEqual({ "Fn::GetAtt": [handler()[0], "Arn"] });
      // Payload v2 hands the function the body exactly as sent, which Stripe's signature covers.
      expect(integration.PayloadFormatVersion).toBe("2.0");
    }
  });

  it("lets API Gateway invoke the function for that HTTP API only", () => {
    for (const [, permission] of resourcesOf(t.API, "AWS::Lambda::Permission")) {
      expect(permission.Principal).toBe("apigateway.amazonaws.com");
      expect(JSON.stringify(permission.SourceArn)).toMatch(/test-pactly-Cdn:ExportsOutputRefapiApi\w+"/);
    }
  });

  it("allows only the web app's own origin (CORS stays harmless with the API on that origin)", () => {
    expect(handler()[1].Environment.Variables.PACTLY_CORS_ORIGINS).toEqual(PUBLIC_URL);
  });

  it("binds the Stripe, OpenAI and token-signing secrets, which SST fetches from SSM", () => {
    const env = handler()[1].Environment.Variables;
    for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY", "JWT_PRIVATE_KEY"]) {
      expect(env[`SST_Secret_value_${name}`]).toBe("__FETCH_FROM_SSM__");
    }
  });

  it("binds the client secret of each sign-in provider the stage enables, and gives their client ids as plain values", () => {
    const env = handler()[1].Environment.Variables;
    const bound = Object.keys(env).filter((k) => k.startsWith("SST_Secret_value_OAUTH_"));
    expect(bound.sort()).toEqual([
      "SST_Secret_value_OAUTH_GOOGLE_CLIENT_SECRET",
      "SST_Secret_value_OAUTH_OIDC_CLIENT_SECRET",
    ]);
    const { PACTLY_VAPID_PUBLIC_KEY: _push, ...signIn } = DEPLOY_ENV;
    expect(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("PACTLY_OAUTH_")))).toEqual(signIn);
  });

  it("keeps the refresh cookie SameSite=Lax once deployed (the default; nothing overrides it)", () => {
    expect(handler()[1].Environment.Variables.PACTLY_COOKIE_SAMESITE).toBeUndefined();
  });
});

describe("Web push", () => {
  it("gives the functions that send push (API, jobs, outbox dispatcher) the VAPID private key, and every platform function the public one", () => {
    const platform = appFunctions.filter((f) => f.props.Environment.Variables.PACTLY_TABLE !== undefined);
    for (const f of platform)
      expect(f.props.Environment.Variables.PACTLY_VAPID_PUBLIC_KEY).toBe("BPublicVapidKeyOfTheStage");
    const holders = appFunctions.filter(
      (f) => f.props.Environment.Variables.SST_Secret_value_VAPID_PRIVATE_KEY === "__FETCH_FROM_SSM__",
    );
    expect(holders.map((f) => f.stack).sort()).toEqual(["API", "Jobs", "Jobs"]);
  });
});

describe("API: page cursors", () => {
  it("signs them with a generated secret of the API stack, so every instance opens every cursor", () => {
    const [secretId, secret] = onlyResource(t.API, "AWS::SecretsManager::Secret", () => true);
    expect(secret.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    const holders = appFunctions.filter((f) => f.props.Environment.Variables.PACTLY_CURSOR_SECRET !== undefined);
    expect(holders.map((f) => f.stack)).toEqual(["API"]);
    const value = JSON.stringify(holders[0]!.props.Environment.Variables.PACTLY_CURSOR_SECRET);
    expect(value).toContain("resolve:secretsmanager:");
    expect(value).toContain(secretId);
  });
});

describe("Storage: unsubscribe links", () => {
  it("signs them with one generated secret of the stage, which every platform function holds", () => {
    const [secretId, secret] = onlyResource(t.Storage, "AWS::SecretsManager::Secret", () => true);
    expect(secret.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    const platform = appFunctions.filter((f) => f.props.Environment.Variables.PACTLY_TABLE !== undefined);
    expect(platform.length).toBeGreaterThanOrEqual(4);
    for (const f of platform) {
      const value = JSON.stringify(f.props.Environment.Variables.PACTLY_UNSUBSCRIBE_SECRET);
      expect([f.stack, value]).toEqual([f.stack, expect.stringContaining("resolve:secretsmanager:")]);
      expect(value).toContain(secretId.slice(0, 10));
    }
  });
});

describe("Secrets", () => {
  it("declares a client secret for every provider core knows, named as its config reads it", () => {
    const secrets = getStack(Secrets).node.children.map((c) => c.node.id);
    for (const p of OAUTH_PROVIDERS) expect(secrets).toContain(oauthSecretName(p));
  });
});

describe("Web", () => {
  it("deploys the Vite build into the Cdn stack's bucket and distribution, calling the API on its own origin", () => {
    const site = getStack(Web)
      .node.findAll()
      .find((c): c is StaticSite => c instanceof StaticSite)!;
    // SST keeps construct props private; they are what `sst deploy` builds from.
    const props = (site as unknown as { props: StaticSiteProps }).props;
    expect(site.cdk?.distribution).toBe(getStack(Cdn).node.findChild("Distribution"));
    expect(site.cdk?.bucket).toBe(getStack(Cdn).node.findChild("SiteBucket"));
    // Empty: the client falls back to window.location.origin, so the refresh cookie is first-party.
    expect(props.environment?.VITE_API_URL).toBe("");
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

  it("is the API, the three workers, the jobs function or the outbox dispatcher", () => {
    expect(appFunctions.map((f) => f.stack).sort()).toEqual(["API", "Jobs", "Jobs", "Queues", "Queues", "Queues"]);
    expect(functions()).toHaveLength(6);
  });

  it("runs the latest Node runtime on arm64 with the shared ESM bundling, as every helper function does", () => {
    expect(NODE_RUNTIME).toBe("nodejs24.x");
    for (const props of functions()) {
      expect(props.runtime).toBe(NODE_RUNTIME);
      expect(props.architecture).toBe("arm_64");
      expect(props.nodejs).toEqual(NODEJS_BUNDLING);
    }
    // The templates too: the app's functions (SST's placeholder until deploy) and the helpers SST and CDK add.
    for (const tpl of Object.values(t)) {
      for (const [id, fn] of resourcesOf(tpl, "AWS::Lambda::Function"))
        expect([id, fn.Runtime]).toEqual([id, NODE_RUNTIME]);
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

  it("is told the distribution's URL as both the web app's and the API's", () => {
    for (const { props } of appFunctions) {
      const env = props.Environment.Variables;
      expect(env.PACTLY_WEB_URL).toEqual(PUBLIC_URL);
      expect(env.PACTLY_API_URL).toEqual(PUBLIC_URL);
    }
  });

  it("sends mail as the MAIL_FROM parameter (a non-production stage's default here)", () => {
    for (const { props } of appFunctions) {
      const env = props.Environment.Variables;
      expect(env.PACTLY_MAIL_FROM).toBe("Pactly test <no-reply@pactly.app>");
      expect(env.SST_Parameter_value_MAIL_FROM).toBe(env.PACTLY_MAIL_FROM);
    }
  });

  it("holds sign-in secrets and client ids in the API function only", () => {
    const others = appFunctions.filter((f) => f.stack !== "API");
    expect(others).toHaveLength(5);
    for (const { props } of others) {
      expect(Object.keys(props.Environment.Variables).filter((k) => k.includes("OAUTH"))).toEqual([]);
    }
  });

  it("keeps its logs for a bounded time: a retention on the log group of every function, app and helper alike", () => {
    const stacks = Object.values(t);
    const functions = stacks.flatMap((tpl) => resourcesOf(tpl, "AWS::Lambda::Function").map(([id]) => ({ tpl, id })));
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const { tpl, id } of functions) {
      const retentions = [
        ...resourcesOf(tpl, "Custom::LogRetention").filter(([, r]) => JSON.stringify(r.LogGroupName).includes(id)),
        ...resourcesOf(tpl, "AWS::Logs::LogGroup").filter(([, r]) => JSON.stringify(r.LogGroupName).includes(id)),
      ];
      expect(retentions, id).toHaveLength(1);
      expect(retentions[0]![1].RetentionInDays, id).toBe(LOG_RETENTION_DAYS);
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
    expect(appPolicies()).toHaveLength(6);
  });

  it("reaches the table and its indexes only, with item-level actions and no Scan", () => {
    for (const statements of appPolicies()) {
      // The outbox dispatcher also reads the table's stream, and nothing else of it; ListStreams (which the stream
      // event source needs) cannot be scoped to a resource.
      const streamReads = statements.filter((s) =>
        asList(s.Action).some((a: string) => ["dynamodb:GetRecords", "dynamodb:ListStreams"].includes(a)),
      );
      for (const s of streamReads) {
        if (s.Action === "dynamodb:ListStreams") expect(s.Resource).toBe("*");
        else expect(JSON.stringify(s.Resource)).toMatch(/Storage:ExportsOutputFnGetAtttableTable\w*StreamArn/);
      }
      const [table, ...more] = withAction(
        statements.filter((s) => !streamReads.includes(s)),
        "dynamodb:",
      );
      expect(more).toEqual([]);
      expect(table.Action).not.toContain("dynamodb:Scan");
      expect(table.Resource).toHaveLength(2);
      expect(JSON.stringify(table.Resource)).toMatch(/Storage:ExportsOutputFnGetAtttableTable\w*Arn/);
      expect(JSON.stringify(table.Resource)).toContain('"/index/*"');
    }
  });

  it("reaches the uploads bucket's objects under the app's key prefixes only, plus listing that bucket", () => {
    // The prefixes are those of the keys core writes.
    expect(userBlobPrefix("u1").startsWith(BLOB_PREFIXES[0])).toBe(true);
    expect(vectorIndexKey("python").startsWith(BLOB_PREFIXES[1])).toBe(true);
    for (const statements of appPolicies()) {
      for (const s of withAction(statements, "s3:")) {
        const resource = JSON.stringify(s.Resource);
        expect(resource).toMatch(/Storage:ExportsOutputFnGetAttuploadsBucket\w*Arn/);
        if (asList(s.Action).includes("s3:ListBucket")) expect(s.Action).toBe("s3:ListBucket");
        else {
          expect(s.Resource).toHaveLength(BLOB_PREFIXES.length);
          for (const prefix of BLOB_PREFIXES) expect(resource).toContain(`"/${prefix}*"`);
          expect(resource).not.toContain('"/*"');
        }
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

describe("deployability", () => {
  // CDK refuses references that run both ways between stacks while synthesizing; Template.fromStack also refuses a
  // template whose resources refer to each other in a circle, which CloudFormation would only reject when deploying.
  it.each(Object.entries(STACKS))("%s synthesizes with no dependency cycle", (_, fn) => {
    expect(() => Template.fromStack(getStack(fn))).not.toThrow();
  });

  it("builds the front door first: the Cdn stack depends on no other stack, and every app stack on it", () => {
    expect(getStack(Cdn).dependencies).toEqual([]);
    for (const fn of [Storage, Queues, Jobs, API, Web]) expect(getStack(fn).dependencies).toContain(getStack(Cdn));
  });
});

describe("optional settings", () => {
  it("passes a stage's LLM and Judge0 settings to the functions only when the stage sets them", () => {
    expect(optionalSettings({})).toEqual({});
    expect(
      optionalSettings({ PACTLY_LLM_MODEL: "gpt-4o", PACTLY_JUDGE0_URL: "https://judge0.internal", OTHER: "x" }),
    ).toEqual({ PACTLY_LLM_MODEL: "gpt-4o", PACTLY_JUDGE0_URL: "https://judge0.internal" });
    // The synthesised functions of this test run carry none of them.
    for (const f of appFunctions)
      for (const name of ["PACTLY_LLM_MODEL", "PACTLY_JUDGE0_URL"])
        expect(f.props.Environment.Variables[name]).toBeUndefined();
  });
});
