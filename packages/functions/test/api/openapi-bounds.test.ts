// The API description bounds every input: each string, list and integer a request takes has a maximum, stated by
// the zod schema that also checks it; answers are bounded too. Every operation says how it is secured.
import { describe, expect, it } from "vitest";
import { accountsApp, call, signedUp } from "../accounts/helpers.js";

type Schema = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch"];

/** Where a schema leaves a string, list or integer without a maximum, as `where: what is missing`. */
export function unbounded(doc: any, side: "request" | "response"): string[] {
  const components: Record<string, Schema> = doc.components?.schemas ?? {};
  const found: string[] = [];
  const walk = (s: unknown, where: string, seen: ReadonlySet<string>): void => {
    if (!s || typeof s !== "object") return;
    const schema = s as Schema;
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.split("/").pop()!;
      if (!seen.has(name)) walk(components[name], `${where}<${name}>`, new Set([...seen, name]));
      return;
    }
    const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const fixed = schema.enum !== undefined || schema.const !== undefined;
    if (types.includes("string") && schema.maxLength === undefined && !fixed) found.push(`${where}: string maxLength`);
    if (types.includes("array") && schema.maxItems === undefined) found.push(`${where}: array maxItems`);
    if (types.includes("integer")) {
      if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
        found.push(`${where}: integer maximum`);
      if (schema.format !== "int32" && schema.format !== "int64") found.push(`${where}: integer format`);
    }
    for (const [k, v] of Object.entries<unknown>(schema.properties ?? {})) walk(v, `${where}.${k}`, seen);
    walk(schema.additionalProperties, `${where}.*`, seen);
    walk(schema.items, `${where}[]`, seen);
    for (const key of ["prefixItems", "anyOf", "oneOf", "allOf"])
      for (const [i, x] of ((schema[key] ?? []) as unknown[]).entries()) walk(x, `${where}|${key}${i}`, seen);
  };
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method];
      const at = `${method} ${path}`;
      if (side === "request") {
        for (const p of op.parameters ?? []) walk(p.schema, `${at} ${p.in}:${p.name}`, new Set());
        for (const [type, c] of Object.entries<any>(op.requestBody?.content ?? {}))
          walk(c.schema, `${at} body(${type})`, new Set());
      } else {
        for (const [status, r] of Object.entries<any>(op.responses)) {
          for (const [type, c] of Object.entries<any>(r.content ?? {}))
            walk(c.schema, `${at} ${status}(${type})`, new Set());
          for (const [name, h] of Object.entries<any>(r.headers ?? {}))
            walk(h.schema, `${at} ${status} ${name}:`, new Set());
        }
      }
    }
  }
  return [...new Set(found)];
}

const documentOf = async (config = {}) => {
  const { app } = await accountsApp(config);
  return (await (await app.request("/openapi.json")).json()) as any;
};

describe("the bounds in the OpenAPI document", () => {
  it("leave no string, list or integer of a request without a maximum", async () => {
    expect(unbounded(await documentOf(), "request")).toEqual([]);
  });

  it("leave none in an answer either", async () => {
    expect(unbounded(await documentOf(), "response")).toEqual([]);
  });

  it("are the zod schemas' own: a request beyond one is refused with 400 validation.failed", async () => {
    const { app, p } = await accountsApp();
    const ada = await signedUp(app, p, "ada@example.com");
    const doc = await documentOf();
    const quiet = doc.components.schemas.QuietHours.properties.start;
    expect(quiet.maxLength).toBe(5);
    const res = await call(app, "PUT", "/v1/me/preferences", {
      token: ada.token,
      body: { quietHours: { start: "22:00:00", end: "07:00" } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe("validation.failed");
  });

  it("is no finder of its own: a schema without a maximum is named", () => {
    const doc = {
      components: { schemas: { Named: { type: "object", properties: { list: { type: "array", items: {} } } } } },
      paths: {
        "/v1/x": {
          post: {
            parameters: [{ in: "query", name: "n", schema: { type: "integer", maximum: 3 } }],
            requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Named" } } } },
            responses: {},
          },
        },
      },
    };
    expect(unbounded(doc, "request")).toEqual([
      "post /v1/x query:n: integer format",
      "post /v1/x body(application/json)<Named>.list: array maxItems",
    ]);
  });
});

describe("the security of each operation", () => {
  it("is stated on every operation: admin routes use adminBearer, public ones say they need none", async () => {
    const doc = await documentOf();
    const schemes = doc.components.securitySchemes;
    expect(schemes.bearer).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(schemes.adminBearer).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(schemes.adminBearer.description).toMatch(/admin/);
    const tagNames = doc.tags.map((t: { name: string }) => t.name);
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const op = item[method];
        const where = `${method} ${path}`;
        const names = op.security.flatMap((r: object) => Object.keys(r));
        if (path.startsWith("/v1/admin")) {
          expect([where, names]).toEqual([where, ["adminBearer"]]);
          expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(["401", "403"])]);
        } else {
          expect([where, names.includes("adminBearer")]).toEqual([where, false]);
        }
        expect([where, op.tags.every((t: string) => tagNames.includes(t))]).toEqual([where, true]);
      }
    }
    expect(doc.paths["/v1/health"].get.security).toEqual([{}]);
    expect(doc.paths["/v1/goals"].get.security).toEqual([{ bearer: [] }]);
  });

  it("names an https server for a cloud deployment, an environment for each", async () => {
    const cloud = await documentOf({
      runtime: "aws",
      stage: "prod",
      apiUrl: "https://d123.cloudfront.net",
      schedulerRoleArn: "arn:aws:iam::000000000000:role/scheduler",
      jobsFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:jobs",
    });
    expect(cloud.servers).toEqual([
      { url: "https://d123.cloudfront.net", description: "Production API", "x-internal": false },
    ]);
    expect((await documentOf()).servers[0].description).toBe("Local development API");
  });
});
