// Per-IP limits key on the browser's address: through CloudFront only when the request proves it came that way.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { VIEWER_ADDRESS_HEADER as EDGE_WRITES } from "../../../../stacks/cdn.js";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { clientIp, VIEWER_ADDRESS_HEADER } from "../../src/api/auth.js";
import type { AppEnv } from "../../src/api/env.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const SECRET = "edge-secret-0123456789abcdef";
const lambdaEnv = (sourceIp: string) => ({ requestContext: { http: { sourceIp } } });

async function ipOf(headers: Record<string, string>, sourceIp = "130.176.0.1", edgeSecret: string | null = SECRET) {
  const { platform } = await testPlatform({ domains: DOMAIN_MODULES, config: edgeSecret ? { edgeSecret } : {} });
  const app = new Hono<AppEnv>().get("/ip", (c) => c.text(clientIp(c, platform)));
  return (await app.request("/ip", { headers }, lambdaEnv(sourceIp))).text();
}

const VIEWER = VIEWER_ADDRESS_HEADER;

describe("client address for rate limits", () => {
  it("reads the header the distribution's function writes", () => {
    expect(VIEWER_ADDRESS_HEADER).toBe(EDGE_WRITES);
  });

  it("uses the address the edge function wrote when the request carries the edge secret", async () => {
    expect(await ipOf({ "x-pactly-edge": SECRET, [VIEWER]: "203.0.113.7" })).toBe("203.0.113.7");
  });

  it("never trusts CloudFront-Viewer-Address, which a viewer can send and the distribution forwards", async () => {
    // The attack: the origin request policy forwards viewer headers, so a viewer's own copy would reach the API.
    expect(await ipOf({ "x-pactly-edge": SECRET, "cloudfront-viewer-address": "198.51.100.1:1" }, "130.176.0.9")).toBe(
      "130.176.0.9",
    );
  });

  it("ignores a viewer address a caller wrote themselves, without or with a wrong secret", async () => {
    expect(await ipOf({ [VIEWER]: "198.51.100.1" }, "192.0.2.44")).toBe("192.0.2.44");
    expect(await ipOf({ "x-pactly-edge": "guess", [VIEWER]: "198.51.100.1" }, "192.0.2.44")).toBe("192.0.2.44");
    expect(await ipOf({ "x-forwarded-for": "198.51.100.9" }, "192.0.2.45")).toBe("192.0.2.45");
  });

  it("falls back to the source address where no edge secret is configured", async () => {
    expect(await ipOf({ "x-pactly-edge": SECRET, [VIEWER]: "203.0.113.7" }, "192.0.2.46", null)).toBe("192.0.2.46");
  });

  it("refuses a malformed edge address rather than keying limits on text a bug let through", async () => {
    expect(await ipOf({ "x-pactly-edge": SECRET, [VIEWER]: "not-an-address" }, "130.176.0.10")).toBe("130.176.0.10");
  });

  it("counts an IPv6 client per /64, the block one subscriber holds, so rotating addresses does not reset a limit", async () => {
    const a = await ipOf({ "x-pactly-edge": SECRET, [VIEWER]: "2001:db8:aa:bb:1:2:3:4" });
    const b = await ipOf({ "x-pactly-edge": SECRET, [VIEWER]: "2001:db8:aa:bb:ffff::9" });
    const other = await ipOf({ "x-pactly-edge": SECRET, [VIEWER]: "2001:db8:aa:bc::1" });
    expect(a).toBe("2001:db8:aa:bb::/64");
    expect(b).toBe(a);
    expect(other).not.toBe(a);
    expect(await ipOf({}, "2001:DB8::1")).toBe("2001:db8:0:0::/64");
    // IPv4 behind an IPv6 socket stays one IPv4 address.
    expect(await ipOf({}, "::ffff:192.0.2.8")).toBe("192.0.2.8");
  });
});
