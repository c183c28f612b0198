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

type Schema = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch"];
/** Runs per operation that takes a body or a query; one that takes neither is sent once. */
const RUNS = 3;
/** Operations that a generated request cannot reach: they check a signature or a sign-in provider's redirect first. */
const SKIPPED = new Set(["post /v1/webhooks/stripe", "get /v1/auth/oauth/{provider}/callback"]);

/** Operations after which the learner's token no longer signs in. */
const ENDS_SIGN_INS = new Set(["post /v1/me/password", "post /v1/me/email", "delete /v1/me"]);
const signedInAs = (op: Schema) => op.security.some((r: object) => "bearer" in r);

/** fast-check values valid by the subset of JSON Schema the document uses. */
export function arbitraryOf(schema: unknown, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  const s = (schema ?? {}) as Schema;
  if (typeof s.$ref === "string") return arbitraryOf(components[s.$ref.split("/").pop()!], components, depth + 1);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const choices = s.oneOf ?? s.anyOf;
  if (Array.isArray(choices)) return fc.oneof(...choices.map((c: unknown) => arbitraryOf(c, components, depth + 1)));
  if (Array.isArray(s.allOf)) return arbitraryOf(Object.assign({}, ...s.allOf), components, depth + 1);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryOf({ ...s, type }, components, depth + 1)));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case "number":
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case "string":
      return stringOf(s);
    case "array": {
      const min = s.minItems ?? 0;
      const max = Math.min(s.maxItems ?? 3, Math.max(min, 3));
      if (Array.isArray(s.prefixItems))
        return fc.tuple(...s.prefixItems.map((x: unknown) => arbitraryOf(x, components, depth + 1)));
      return fc.array(arbitraryOf(s.items, components, depth + 1), { minLength: min, maxLength: max });
    }
    case "object":
    case undefined: {
      if (!s.properties) return fc.constant({});
      const required = new Set<string>(s.required ?? []);
      const entries = Object.entries<unknown>(s.properties);
      const record = Object.fromEntries(entries.map(([k, v]) => [k, arbitraryOf(v, components, depth + 1)]));
      return fc.record(record, { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      throw new Error(`no arbitrary for type ${types[0]}`);
  }
}

function stringOf(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 50;
  const fits = (v: string) => [...v].length >= min && [...v].length <= max;
  const small = Math.min(max, Math.max(min, 40));
  switch (s.format) {
    case "email":
      return fc.emailAddress().filter((e) => e.length <= max && /^[a-z0-9.@_+-]+$/.test(e));
    case "date":
      return fc
        .date({ min: new Date("2026-01-01"), max: new Date("2027-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "date-time":
      return fc
        .date({ min: new Date("2026-01-01"), max: new Date("2027-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "uri":
      return fc.webUrl({ validSchemes: ["https"] }).filter((u) => u.length <= max);
  }
  if (typeof s.pattern === "string") {
    // A long run of one character class (`^[A-Za-z0-9_-]+…$`): drawn from the class at the length asked for.
    const run = /^\^\[([^\]]+)\][+*]/.exec(s.pattern);
    if (run && min > 8) {
      const chars = [...new Set([...classChars(run[1]!)])];
      return fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: Math.min(max, min + 20) });
    }
    return fc.stringMatching(new RegExp(s.pattern)).filter(fits);
  }
  return fc.string({ minLength: min, maxLength: small, unit: "grapheme-ascii" }).filter(fits);
}

/** A query parameter is left out rather than null: a query string has no null. */
function notNull(schema: Schema): Schema {
  if (!Array.isArray(schema?.type)) return schema;
  const types = schema.type.filter((t: string) => t !== "null");
  return { ...schema, type: types.length === 1 ? types[0] : types };
}

/** The characters of a regex character class such as `A-Za-z0-9_-`. */
function classChars(cls: string): string {
  let out = "";
  for (let i = 0; i < cls.length; i++) {
    const c = cls[i]!;
    if (cls[i + 1] === "-" && i + 2 < cls.length) {
      for (let x = c.charCodeAt(0); x <= cls.charCodeAt(i + 2); x++) out += String.fromCharCode(x);
      i += 2;
    } else out += c === "\\" ? cls[++i] : c;
  }
  return out;
}

/** Path parameters: ids that are well formed and name nothing. */
function pathOf(path: string, op: Schema): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = (op.parameters ?? []).find((p: Schema) => p.in === "path" && p.name === name);
    const pattern = param?.schema?.pattern;
    if (pattern)
      return encodeURIComponent(fc.sample(fc.stringMatching(new RegExp(pattern)), { numRuns: 1, seed: 1 })[0]!);
    if (param?.schema?.type === "string" && !param.schema.enum) return "01JZZZZZZZZZZZZZZZZZZZZZZZ";
    return String(fc.sample(arbitraryOf(param?.schema, {}), { numRuns: 1, seed: 1 })[0]);
  });
}

/**
 * A 400 for the request's shape: some issue is not one of a schema's cross-field checks (zod's `custom`). Checks a
 * schema cannot state (a cursor this API signed, an unknown id) answer other codes, and only need documenting.
 */
const shapeRefusal = (status: number, body: any) =>
  status === 400 &&
  (body?.error?.code === "validation.failed" || body?.error?.code === "request.invalid_json") &&
  (body.error.details?.issues ?? [{ code: "unknown" }]).some((i: { code: string }) => i.code !== "custom");

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

/** The statuses an operation documents, each with a validator of its JSON body when it has one. */
function validatorsOf(op: Schema, validatorOf: (s: unknown) => ReturnType<Ajv2020["compile"]>) {
  const out = new Map<string, { validate?: ReturnType<Ajv2020["compile"]> }>();
  for (const [status, r] of Object.entries<Schema>(op.responses)) {
    const schema = r.content?.["application/json"]?.schema;
    out.set(status, schema ? { validate: validatorOf(schema) } : {});
  }
  return out;
}
