// The API's shared behaviour: error body, request ids, validation, 404/413/415, OpenAPI, docs, health, CORS.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import type { AppEnv } from "../../src/api/env.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

async function appWithEcho() {
  const { platform } = await testPlatform({ domains: DOMAIN_MODULES });
  const echo = (): OpenAPIHono<AppEnv> => {
    const sub = new OpenAPIHono<AppEnv>();
    // A signed-in caller, so these tests see the input checks.
    sub.use("/echo", async (c, next) => {
      c.set("actor", { userId: "01TESTUSER0000000000000000", role: "learner" });
      await next();
    });
    sub.openapi(
      createRoute({
        method: "post",
        path: "/echo",
        request: {
          body: {
            required: true,
            content: {
              "application/json": { schema: z.object({ name: z.string().min(2), age: z.number().int() }) },
            },
          },
        },
        responses: { 200: { description: "echo" } },
      }),
      (c) => c.json(c.req.valid("json"), 200),
    );
    return sub;
  };
  const app = createApp(platform, { extraRoutes: [{ prefix: "/echo", load: async () => echo }] });
  return { app, platform };
}

const read = async (res: Response): Promise<any> => res.json();

const json = (body: string) => ({ method: "POST", body, headers: { "content-type": "application/json" } });

describe("API platform behaviour", () => {
  it("answers invalid JSON with 400 in the error format, carrying the request id", async () => {
    const { app } = await appWithEcho();
    const res = await app.request("/v1/echo", json("{not json"));
    expect(res.status).toBe(400);
    const body = await read(res);
    expect(body.error.code).toBe("request.invalid_json");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
    expect(new Date(body.error.timestamp).toString()).not.toBe("Invalid Date");
  });

  it("answers schema violations with 400 validation.failed and field details", async () => {
    const { app } = await appWithEcho();
    const res = await app.request("/v1/echo", json(JSON.stringify({ name: "A", age: "x" })));
    expect(res.status).toBe(400);
    const body = await read(res);
    expect(body.error.code).toBe("validation.failed");
    expect(body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["age", "name"]);
  });

  it("passes valid input through and echoes a caller's request id", async () => {
    const { app } = await appWithEcho();
    const res = await app.request("/v1/echo", {
      ...json(JSON.stringify({ name: "Ada", age: 36 })),
      headers: { "content-type": "application/json", "x-request-id": "client-req-42" },
    });
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ name: "Ada", age: 36 });
    expect(res.headers.get("x-request-id")).toBe("client-req-42");
  });

  it("answers an unknown route with a 404 error body", async () => {
    const { app } = await appWithEcho();
    const res = await app.request("/v1/nowhere");
    expect(res.status).toBe(404);
    const body = await read(res);
    expect(body.error).toMatchObject({ code: "route.not_found" });
    expect(body.error.requestId).toBeTruthy();
  });

  it("refuses a 2 MB body with 413 without reading it into a handler", async () => {
    const { app } = await appWithEcho();
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), age: 1 });
    const res = await app.request("/v1/echo", {
      ...json(big),
      headers: { "content-type": "application/json", "content-length": String(big.length) },
    });
    expect(res.status).toBe(413);
    expect((await read(res)).error.code).toBe("request.too_large");
    // Without a Content-Length header the body is measured.
    const chunked = await app.request("/v1/echo", json(big));
    expect(chunked.status).toBe(413);
  });

  it("stops reading a chunked body at the limit instead of taking all 50 MB first", async () => {
    const { app } = await appWithEcho();
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const total = 50 * 1024 * 1024;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await app.request("/v1/echo", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await read(res)).error).toMatchObject({ code: "request.too_large", details: { limitBytes: 1024 * 1024 } });
    // The limit (1 MB) and a chunk or two of read-ahead, not the whole body.
    expect(pulled).toBeLessThan(1024 * 1024 + 4 * chunk.byteLength);
  });

  it("refuses a non-JSON body with 415", async () => {
    const { app } = await appWithEcho();
    const res = await app.request("/v1/echo", {
      method: "POST",
      body: "name=Ada",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    expect((await read(res)).error.code).toBe("request.unsupported_media_type");
  });

  it("hides a fault's details behind a 500 error body", async () => {
    const { platform } = await testPlatform({ domains: DOMAIN_MODULES });
    const app = createApp(platform, {
      extend: (a) =>
        a.get("/v1/explode", () => {
          throw new Error("secret internals at db.ts:42");
        }),
    });
    const res = await app.request("/v1/explode");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe("internal.error");
    expect(text).not.toContain("secret internals");
  });

  it("publishes an OpenAPI 3.1 document and a docs page listing the routes", async () => {
    const { app } = await appWithEcho();
    const doc = await read(await app.request("/openapi.json"));
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/health", "/v1/jobs/{id}", "/v1/sprint-types"]));
    expect(doc.components.schemas.Error).toBeDefined();
    const page = await app.request("/docs");
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain("/v1/health");
    expect(html).toContain("/v1/sprint-types");
  });

  it("reports the store, storage and queues as healthy", async () => {
    const { app } = await appWithEcho();
    const res = await app.request("/v1/health");
    expect(res.status).toBe(200);
    const body = await read(res);
    expect(body.status).toBe("ok");
    expect(body.checks.store.status).toBe("ok");
    expect(body.checks.blob.status).toBe("ok");
    expect(body.checks.queue).toMatchObject({ status: "ok", deadLetters: { coach: 0, scoring: 0, tasks: 0 } });
  });

  it("allows the web origin with credentials (CORS) and not others", async () => {
    const { app, platform } = await appWithEcho();
    const ok = await app.request("/v1/health", { headers: { origin: platform.config.webUrl } });
    expect(ok.headers.get("access-control-allow-origin")).toBe(platform.config.webUrl);
    expect(ok.headers.get("access-control-allow-credentials")).toBe("true");
    const other = await app.request("/v1/health", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lists the seeded sprint catalog", async () => {
    const { app, platform } = await appWithEcho();
    const { seedCatalog } = await import("@pactly/core/catalog");
    await seedCatalog(platform);
    const res = await app.request("/v1/sprint-types");
    const body = await read(res);
    expect(body.items.map((s: { id: string }) => s.id).sort()).toEqual(["gym_3x_week", "net_prompting"]);
    const gym = body.items.find((s: { id: string }) => s.id === "gym_3x_week");
    expect(gym).toMatchObject({ sessionsPerWeek: 3, deposit: { currency: "USD" }, podSize: { min: 3, max: 5 } });
  });
});

describe("sign-in comes before input checks", () => {
  it("answers 401, not 400, to an invalid body on a protected route without a token", async () => {
    const { platform } = await testPlatform({ domains: DOMAIN_MODULES });
    const app = createApp(platform);
    const res = await app.request("/v1/goals", json(JSON.stringify({ nonsense: true })));
    expect(res.status).toBe(401);
    expect((await read(res)).error.code).toBe("auth.required");
  });
});
