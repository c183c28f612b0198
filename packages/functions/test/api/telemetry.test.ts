// The API's span and metrics: every request counts in Requests and Latency by its route pattern (never its raw
// path), and a 5xx in Errors5xx.
import { OpenAPIHono } from "@hono/zod-openapi";
import { captureTelemetry } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import type { AppEnv } from "../../src/api/env.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const broken = {
  prefix: "/broken",
  load: async () => () => {
    const app = new OpenAPIHono<AppEnv>();
    app.get("/broken/:thingId", () => {
      throw new Error("the handler broke");
    });
    app.get("/broken/:thingId/fine", (c) => c.json({ ok: true }));
    return app;
  },
};

describe("API metrics", () => {
  it("counts a 5xx in Errors5xx with the route pattern, and a 2xx without", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    const app = createApp(p, { routes: [broken] });
    const c = captureTelemetry();
    try {
      const bad = await app.request("/v1/broken/thing-123");
      expect(bad.status).toBe(500);
      const good = await app.request("/v1/broken/thing-456/fine");
      expect(good.status).toBe(200);
      const lost = await app.request("/v1/nowhere/at/all");
      expect(lost.status).toBe(404);

      const emf = c.records().filter((r) => r._aws);
      expect(emf.map((r) => [r.Route, r.Requests, r.Errors5xx])).toEqual([
        ["GET /v1/broken/{thingId}", 1, 1],
        ["GET /v1/broken/{thingId}/fine", 1, 0],
        ["GET (unmatched)", 1, 0],
      ]);
      const [first] = emf as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } }[];
      expect(first!._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: "Pactly",
          Dimensions: [["Stage"], ["Stage", "Route"]],
          Metrics: [
            { Name: "Requests", Unit: "Count" },
            { Name: "Errors5xx", Unit: "Count" },
            { Name: "Latency", Unit: "Milliseconds" },
          ],
        },
      ]);
      expect(emf[0]).toMatchObject({ Stage: "test", traceId: bad.headers.get("x-request-id") });
      // No raw path, no id from the path, in any metric.
      expect(JSON.stringify(emf)).not.toContain("thing-123");

      const [span] = c.spans().filter((s) => s.name === "api.request");
      expect(span).toMatchObject({
        traceId: bad.headers.get("x-request-id"),
        status: "error",
        attributes: { route: "GET /v1/broken/{thingId}", status: 500 },
      });
    } finally {
      c.stop();
    }
  });

  it("names routes outside /v1 by their pattern too", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    const app = createApp(p);
    const c = captureTelemetry();
    try {
      expect((await app.request("/v1/health")).status).toBe(200);
      expect(c.records().find((r) => r._aws)).toMatchObject({ Route: "GET /v1/health", Errors5xx: 0 });
    } finally {
      c.stop();
    }
  });
});
