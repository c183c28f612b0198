// Requests generated from the API description itself: for each operation that takes a body or a query, values valid
// by the document's JSON Schema are sent to the app (an operation that takes neither is called once). None may be
// refused for its shape (400 validation.failed with an issue other than a cross-field check), every status answered
// must be one the operation documents, and a JSON answer must match the schema documented for its status. Each
// generated body is first checked against its own schema, so the generator cannot drift from the document.
import { devLogIn } from "@pactly/core/auth";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import {
  arbitraryOf,
  METHODS,
  notNull,
  pathOf,
  type Schema,
  shapeRefusal,
  validatorsOf,
} from "./openapi-arbitraries.js";

/** Runs per operation that takes a body or a query; one that takes neither is sent once. */
const RUNS = 3;
/** Operations that a generated request cannot reach: they check a signature or a sign-in provider's redirect first. */
const SKIPPED = new Set(["post /v1/webhooks/stripe", "get /v1/auth/oauth/{provider}/callback"]);

/** Operations after which the learner's token no longer signs in. */
const ENDS_SIGN_INS = new Set(["post /v1/me/password", "post /v1/me/email", "delete /v1/me"]);
const signedInAs = (op: Schema) => op.security.some((r: object) => "bearer" in r);

describe("requests generated from the OpenAPI document", () => {
  it("are accepted for their shape, answered with documented statuses and documented bodies", {
    timeout: 120_000,
  }, async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
    const app = createApp(p);
    const doc = (await (await app.request("/openapi.json")).json()) as any;
    const components: Record<string, Schema> = doc.components.schemas;
    // A learner of its own for each operation, and for each request of one that ends the learner's sign-ins.
    let learners = 0;
    const learner = async () =>
      (await devLogIn(p, { email: `learner${++learners}@example.com`, name: "Ada" })).accessToken;
    const admin = (await devLogIn(p, { email: "root@example.com", name: "Root", role: "admin" })).accessToken;

    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ $id: "https://api.pactly.test/openapi.json", components: doc.components });
    const validatorOf = (schema: unknown) =>
      ajv.compile(
        JSON.parse(
          JSON.stringify(schema).replaceAll('"#/components/', '"https://api.pactly.test/openapi.json#/components/'),
        ),
      );

    const problems: string[] = [];
    let sent = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const op = item[method];
        const where = `${method} ${path}`;
        const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
        const query = (op.parameters ?? []).filter((x: Schema) => x.in === "query");
        if (SKIPPED.has(where)) continue;
        const takesInput = bodySchema !== undefined || query.length > 0;
        const queryArb = fc.record(
          Object.fromEntries(query.map((q: Schema) => [q.name, arbitraryOf(notNull(q.schema), components)])),
          { requiredKeys: query.filter((q: Schema) => q.required).map((q: Schema) => q.name) },
        );
        const arb = fc.record({
          body: bodySchema ? arbitraryOf(bodySchema, components) : fc.constant(undefined),
          query: queryArb,
        });
        const asAdmin = op.security.some((r: object) => "adminBearer" in r);
        const opLearner = signedInAs(op) ? await learner() : "";
        const signedIn = op.security.some((r: object) => Object.keys(r).length > 0);
        const documented = validatorsOf(op, validatorOf);
        const validBody = bodySchema ? validatorOf(bodySchema) : undefined;
        await fc.assert(
          fc.asyncProperty(arb, async ({ body, query: q }) => {
            const search = new URLSearchParams(
              Object.entries(q as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]),
            ).toString();
            const headers: Record<string, string> = {};
            const token = asAdmin ? admin : ENDS_SIGN_INS.has(where) ? await learner() : opLearner;
            if (signedIn) headers.authorization = `Bearer ${token}`;
            if (body !== undefined) headers["content-type"] = "application/json";
            const url = `${pathOf(path, op)}${search ? `?${search}` : ""}`;
            const res = await app.request(
              url,
              { method: method.toUpperCase(), headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
              { incoming: { socket: { remoteAddress: "198.51.100.7" } } },
            );
            sent++;
            const text = await res.text();
            const json = res.headers.get("content-type")?.includes("json") && text ? JSON.parse(text) : undefined;
            const sentAs = `${where} ${url} ${JSON.stringify(body)}`;
            if (validBody && !validBody(body))
              problems.push(`${sentAs} → generated, but not valid: ${ajv.errorsText(validBody.errors)}`);
            if (shapeRefusal(res.status, json)) problems.push(`${sentAs} → refused: ${text}`);
            const answer = documented.get(String(res.status));
            if (!answer) {
              problems.push(`${sentAs} → ${res.status} is not documented: ${text.slice(0, 300)}`);
            } else if (answer.validate && json !== undefined && !answer.validate(json)) {
              problems.push(
                `${sentAs} → ${res.status} does not match its schema: ${ajv.errorsText(answer.validate.errors)} in ${text.slice(0, 300)}`,
              );
            }
          }),
          { numRuns: takesInput ? RUNS : 1, seed: 9, endOnFailure: true },
        );
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});
