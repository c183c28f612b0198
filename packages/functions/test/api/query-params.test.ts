// Unknown query parameters are refused like unknown body fields: a typo such as `limt` is a 400 naming it, on every
// operation, whether or not it takes a query; a provider's sign-in callback still takes what providers add.
import { describe, expect, it } from "vitest";
import { accountsApp, call, signedUp } from "../accounts/helpers.js";

const read = async (res: Response): Promise<any> => res.json();

describe("query parameters", () => {
  it("refuses one an operation does not document, naming it, and accepts the documented ones", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    for (const path of ["/v1/goals?limt=5", "/v1/me?debug=1", "/v1/pods?limit=5&x=1", "/v1/me/dashboard?full"]) {
      const res = await call(app, "GET", path, { token: ada.token });
      expect([path, res.status]).toEqual([path, 400]);
      const body = await read(res);
      expect(body.error.code).toBe("validation.failed");
      expect(body.error.details.target).toBe("query");
      const named = new URLSearchParams(path.split("?")[1]).keys().next().value;
      expect(body.error.details.issues.map((i: { path: string }) => i.path)).toContain(
        path.includes("x=1") ? "x" : named,
      );
    }
    expect((await call(app, "GET", "/v1/goals?limit=5", { token: ada.token })).status).toBe(200);
    expect((await call(app, "GET", "/v1/me", { token: ada.token })).status).toBe(200);
  });

  it("answers 401, not the parameter's name, to someone not signed in", async () => {
    const { app } = await accountsApp();
    const res = await call(app, "GET", "/v1/goals?limt=5");
    expect(res.status).toBe(401);
    expect(JSON.stringify(await read(res))).not.toContain("limt");
  });

  it("refuses them on public operations too, but lets a sign-in callback take a provider's own parameters", async () => {
    const { app } = await accountsApp();
    const catalog = await call(app, "GET", "/v1/sprint-types?lang=fr");
    expect(catalog.status).toBe(400);
    expect((await read(catalog)).error.details.issues[0].path).toBe("lang");
    // Google adds `scope` and `authuser`; the callback answers with its redirect, not a 400.
    const callback = await call(app, "GET", "/v1/auth/oauth/google/callback?state=s&code=c&scope=email&authuser=0");
    expect(callback.status).not.toBe(400);
  });
});
