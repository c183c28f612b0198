// Limited routes answer with the IETF RateLimit headers, counting down to the 429, and document them.
import { describe, expect, it } from "vitest";
import { accountsApp, call } from "../accounts/helpers.js";

describe("RateLimit headers", () => {
  it("count down on failed sign-ins to the 429, which also says when to retry; other routes carry none", async () => {
    const { app } = await accountsApp({ loginLimitPerEmail: 3, loginLimitWindowSeconds: 600 });
    const attempt = () =>
      call(app, "POST", "/v1/auth/login", { body: { email: "ada@example.com", password: "wrong password" } });
    const first = await attempt();
    expect(first.status).toBe(401);
    expect(first.headers.get("ratelimit-policy")).toContain('"login.email";q=3;w=600');
    expect(first.headers.get("ratelimit-policy")).toContain('"login.ip";q=20;w=600');
    expect(first.headers.get("ratelimit")).toMatch(/^"login\.email";r=2;t=\d+$/);
    await attempt();
    await attempt();
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit")).toMatch(/^"login\.email";r=0;t=\d+$/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    const health = await call(app, "GET", "/v1/health");
    expect(health.headers.get("ratelimit")).toBeNull();
  });

  it("are in the document for the limited operations", async () => {
    const { app } = await accountsApp();
    const doc = (await (await app.request("/openapi.json")).json()) as any;
    const login = doc.paths["/v1/auth/login"].post.responses;
    expect(Object.keys(login["200"].headers)).toEqual(expect.arrayContaining(["RateLimit", "RateLimit-Policy"]));
    expect(Object.keys(login["429"].headers)).toEqual(expect.arrayContaining(["RateLimit", "Retry-After"]));
  });
});
