// The API Lambda as deployed answers requests: bundled with the deploy's options (routes, adapters and the document
// loaded on first use, in chunks), then imported in a fresh Node process with a cloud environment and called with API
// Gateway events, against DynamoDB Local and the S3 emulator.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seedCatalog } from "@pactly/core/catalog";
import { afterAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../../../bench/lib/sst-bundle.js";
import { NODEJS_BUNDLING } from "../../../../stacks/bundling.js";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { useLocalAwsEnvironment } from "../../src/local/emulators.js";

const out = mkdtempSync(path.join(os.tmpdir(), "pactly-bundled-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Imports the bundle, sends each request as an API Gateway (HTTP API, v2) event and prints the answers. */
const CHILD = `
const { handler } = await import(process.env.BUNDLE_URL);
const answers = [];
for (const [method, rawPath] of JSON.parse(process.env.REQUESTS)) {
  const event = {
    version: "2.0", routeKey: "$default", rawPath, rawQueryString: "", isBase64Encoded: false,
    headers: { host: "api.bundle.test", accept: "application/json" },
    requestContext: {
      accountId: "123456789012", apiId: "bundle", domainName: "api.bundle.test", requestId: "r-" + answers.length,
      stage: "$default", time: new Date().toUTCString(), timeEpoch: Date.now(),
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bundle-test" },
    },
  };
  const res = await handler(event, {});
  answers.push({ path: rawPath, status: res.statusCode, body: JSON.parse(res.body) });
}
// Spans and metrics lines are printed too, as in Lambda: the answers are the line that says so.
process.stdout.write("\\nANSWERS " + JSON.stringify(answers) + "\\n");
`;

describe("the bundled API Lambda", () => {
  it("serves the catalog, the OpenAPI document, its health and its errors from lazily loaded chunks", async () => {
    const { platform, tableName } = await testPlatform();
    await seedCatalog(platform);
    const bundle = await bundleLikeSst("packages/functions/src/api/lambda.ts", `${out}/lambda.mjs`, NODEJS_BUNDLING);
    const requests = [
      ["GET", "/v1/sprint-types"],
      ["GET", "/openapi.json"],
      ["GET", "/v1/health"],
      ["GET", "/v1/goals"],
      ["GET", "/v1/no-such-route"],
    ];
    const localAws: NodeJS.ProcessEnv = {};
    useLocalAwsEnvironment(localAws);
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", CHILD], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "",
        // The emulators' fake credentials (the S3 emulator checks signatures).
        ...localAws,
        AWS_LAMBDA_FUNCTION_NAME: "bundle-pactly-api",
        PACTLY_RUNTIME: "aws",
        PACTLY_STAGE: "bundle",
        PACTLY_LOG_LEVEL: "error",
        PACTLY_TABLE: tableName,
        PACTLY_BUCKET: platform.config.bucketName,
        PACTLY_DYNAMO_ENDPOINT: platform.config.dynamoEndpoint ?? "",
        PACTLY_S3_ENDPOINT: platform.config.s3Endpoint ?? "",
        PACTLY_SCHEDULER_ROLE_ARN: "arn:aws:iam::123456789012:role/bundle-scheduler",
        PACTLY_JOBS_FUNCTION_ARN: "arn:aws:lambda:us-east-1:123456789012:function:bundle-jobs",
        PACTLY_API_URL: "https://api.bundle.test",
        PACTLY_WEB_URL: "https://web.bundle.test",
        BUNDLE_URL: pathToFileURL(bundle.entryFile).href,
        REQUESTS: JSON.stringify(requests),
      },
    });
    const answers = stdout.split("\n").find((l) => l.startsWith("ANSWERS "));
    const [catalog, document, health, goals, missing] = JSON.parse(answers!.slice("ANSWERS ".length)) as {
      status: number;
      body: Record<string, unknown> & { error?: { code: string } };
    }[];
    expect(catalog!.status).toBe(200);
    const items = (catalog!.body.items ?? catalog!.body) as { id: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(document!.status).toBe(200);
    expect(Object.keys(document!.body.paths as object)).toContain("/v1/pods/{id}");
    // The store and the bucket are reached through the adapters loaded on first use.
    const checks = health!.body.checks as Record<string, { status: string }>;
    expect(checks.store?.status).toBe("ok");
    expect(checks.blob?.status).toBe("ok");
    expect(goals).toMatchObject({ status: 401, body: { error: { code: "auth.required" } } });
    expect(missing!.status).toBe(404);
    expect(missing!.body.error).toBeDefined();
  }, 120_000);
});
