// The API description says what every operation answers, and a method a path does not have is a 405 with Allow.
import { describe, expect, it } from "vitest";
import { accountsApp, call, signedUp } from "../accounts/helpers.js";

const read = async (res: Response): Promise<any> => res.json();
const METHODS = ["get", "put", "post", "delete", "patch"];

describe("the OpenAPI document", () => {
  it("gives every operation a unique operationId, a tag, a description and its 401, 405 and 500 answers", async () => {
    const { app } = await accountsApp();
    const doc = await read(await app.request("/openapi.json"));
    const ops = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })),
    );
    expect(ops.length).toBeGreaterThan(30);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    for (const { path, method, op } of ops) {
      const where = `${method} ${path}`;
      expect([where, op.tags?.length > 0]).toEqual([where, true]);
      expect([where, typeof op.description === "string" && op.description.length > 0]).toEqual([where, true]);
      expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(["405", "500"])]);
      if (op.security.some((r: object) => Object.keys(r).length > 0))
        expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(["401"])]);
    }
    expect(doc.paths["/v1/goals"].get.operationId).toBe("getGoals");
  });
});

describe("a method a path does not have", () => {
  it("answers 405 with the methods it has in Allow, in the error format; an unknown path stays 404", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    const patch = await call(app, "PATCH", "/v1/goals", { token: ada.token, body: {} });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
    expect(await read(patch)).toMatchObject({ error: { code: "request.method_not_allowed" } });
    const del = await call(app, "DELETE", "/v1/sprint-types");
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toContain("GET");
    expect((await call(app, "GET", "/v1/goals/nope/elsewhere", { token: ada.token })).status).toBe(404);
  });
});
