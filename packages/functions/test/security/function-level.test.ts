// Function-level authorisation, from the OpenAPI document: every admin operation (security adminBearer, or a path
// under /v1/admin) called by a signed-in learner is refused with 403 in the error format, whatever the body: none,
// a valid one, or garbage — the role is checked before the body is read. New admin routes are covered as they come.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOf, pathOf } from "../api/openapi-arbitraries.js";
import { errorFormatProblem, isAdminOp, jsonBodyOf, securityApp } from "./harness.js";

describe("admin operations called by a learner", () => {
  it("are refused with 403 in the error format with no body, a valid body and a garbage body", async () => {
    const { doc, send, tokenFor, operations } = await securityApp();
    const learner = await tokenFor("learner@example.com");
    const admins = operations.filter(({ path, op }) => isAdminOp(path, op));
    const problems: string[] = [];
    for (const { method, path, op, where } of admins) {
      const url = pathOf(path, op);
      const schema = jsonBodyOf(op);
      const valid = schema ? fc.sample(arbitraryOf(schema, doc.components.schemas), { numRuns: 1, seed: 3 })[0] : {};
      for (const [kind, sent] of [
        ["no body", {}],
        ["a valid body", { body: valid }],
        ["a garbage body", { raw: '{"role": "admin", ]]' }],
      ] as const) {
        const a = await send(method, url, { token: learner, ...sent });
        if (a.status !== 403) problems.push(`${where} with ${kind} → ${a.status}: ${a.text.slice(0, 200)}`);
        const bad = errorFormatProblem(a);
        if (bad) problems.push(`${where} with ${kind}: ${bad}`);
        else if (a.status === 403 && a.json.error.code === "validation.failed")
          problems.push(`${where} with ${kind}: validated before the role was checked`);
      }
    }
    expect(admins.length).toBeGreaterThanOrEqual(19);
    expect(problems).toEqual([]);
  });
});
