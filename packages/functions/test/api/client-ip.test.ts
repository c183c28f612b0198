// Per-IP limits key on the browser's address: through CloudFront only when the request proves it came that way.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { clientIp } from "../../src/api/auth.js";
import type { AppEnv } from "../../src/api/env.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const SECRET = "edge-secret-0123456789abcdef";
const lambdaEnv = (sourceIp: string) => ({ requestContext: { http: { sourceIp } } });

async function ipOf(headers: Record<string, string>, sourceIp = "130.176.0.1", edgeSecret: string | null = SECRET) {
  const { platform } = await testPlatform({ domains: DOMAIN_MODULES, config: edgeSecret ? { edgeSecret } : {} });
  const app = new Hono<AppEnv>().get("/ip", (c) => c.text(clientIp(c, platform)));
  return (await app.request("/ip", { headers }, lambdaEnv(sourceIp))).text();
}

describe("client address for rate limits", () => {
  it("uses CloudFront's viewer address when the request carries the edge secret", async () => {
    expect(await ipOf({ "x-pactly-edge": SECRET, "cloudfront-viewer-address": "203.0.113.7:51234" })).toBe(
      "203.0.113.7",
    );
    expect(await ipOf({ "x-pactly-edge": SECRET, "cloudfront-viewer-address": "2001:db8::7:443" })).toBe("2001:db8::7");
  });

  it("ignores a viewer address a caller wrote themselves, without or with a wrong secret", async () => {
    expect(await ipOf({ "cloudfront-viewer-address": "198.51.100.1:1" }, "192.0.2.44")).toBe("192.0.2.44");
    expect(await ipOf({ "x-pactly-edge": "guess", "cloudfront-viewer-address": "198.51.100.1:1" }, "192.0.2.44")).toBe(
      "192.0.2.44",
    );
    expect(await ipOf({ "x-forwarded-for": "198.51.100.9" }, "192.0.2.45")).toBe("192.0.2.45");
  });

  it("falls back to the source address where no edge secret is configured", async () => {
    expect(
      await ipOf({ "x-pactly-edge": SECRET, "cloudfront-viewer-address": "203.0.113.7:1" }, "192.0.2.46", null),
    ).toBe("192.0.2.46");
  });
});
