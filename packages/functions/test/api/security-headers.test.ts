// Security headers straight from the API (as its execute-api URL answers, with no CloudFront in front).
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { cspFor, WEB_CSP, WORKER_CSP } from "../../src/api/security-headers.js";

async function app() {
  const { platform } = await testPlatform();
  return createApp(platform);
}

const directives = (csp: string | null) =>
  Object.fromEntries(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

describe("security headers from the API itself", () => {
  it("sends HSTS, nosniff, no referrer, a permissions policy and a frame-refusing CSP on JSON and on errors", async () => {
    const a = await app();
    for (const [path, status] of [
      ["/v1/health", 200],
      ["/v1/no-such-route", 404],
      ["/v1/me", 401],
      ["/openapi.json", 200],
    ] as const) {
      const res = await a.request(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("permissions-policy"), path).toContain("camera=()");
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp["default-src"], path).toEqual(["'none'"]);
      expect(csp["frame-ancestors"], path).toEqual(["'none'"]);
    }
  });

  it("lets the docs page style itself but run no script", async () => {
    const res = await (await app()).request("/docs");
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get("content-security-policy"));
    expect(csp["script-src"]).toBeUndefined();
    expect(csp["default-src"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(await res.text()).not.toMatch(/<script/i);
  });

  it("lets only the tutor's visible-tests worker evaluate script, and it may fetch nothing", () => {
    expect(cspFor("/assets/visible-tests.worker-Ab12_c.js")).toBe(WORKER_CSP);
    expect(directives(WORKER_CSP)["default-src"]).toEqual(["'none'"]);
    for (const path of [
      "/",
      "/learn/sessions/x",
      "/assets/index-Ab12.js",
      "/assets/x.worker-1.js.map",
      "/assets/../worker-1.js",
    ])
      expect(cspFor(path), path).toBe(WEB_CSP);
    expect(WEB_CSP).not.toContain("unsafe-eval");
  });

  it("lets the local checkout page's forms post back to the server, and no other server page post anywhere", () => {
    expect(directives(cspFor("/dev/checkout/cs_local_1"))["form-action"]).toEqual(["'self'"]);
    expect(directives(cspFor("/dev/checkout/cs_local_1"))["script-src"]).toBeUndefined();
    for (const path of ["/dev/outbox", "/dev/queues", "/docs"]) {
      expect(directives(cspFor(path))["form-action"], path).toEqual(["'none'"]);
    }
  });
});
