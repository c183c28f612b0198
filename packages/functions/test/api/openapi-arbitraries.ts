// Requests drawn from the API's own OpenAPI document: fast-check values valid by the JSON Schema it states, well-formed
// path ids that name nothing, and the statuses an operation documents. Shared by the property and security suites.
import type Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";

export type Schema = Record<string, any>;
export const METHODS = ["get", "put", "post", "delete", "patch"];

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

export function stringOf(s: Schema): fc.Arbitrary<string> {
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
export function notNull(schema: Schema): Schema {
  if (!Array.isArray(schema?.type)) return schema;
  const types = schema.type.filter((t: string) => t !== "null");
  return { ...schema, type: types.length === 1 ? types[0] : types };
}

/** The characters of a regex character class such as `A-Za-z0-9_-`. */
export function classChars(cls: string): string {
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
export function pathOf(path: string, op: Schema): string {
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
export const shapeRefusal = (status: number, body: any) =>
  status === 400 &&
  (body?.error?.code === "validation.failed" || body?.error?.code === "request.invalid_json") &&
  (body.error.details?.issues ?? [{ code: "unknown" }]).some((i: { code: string }) => i.code !== "custom");

/** The statuses an operation documents, each with a validator of its JSON body when it has one. */
export function validatorsOf(op: Schema, validatorOf: (s: unknown) => ReturnType<Ajv2020["compile"]>) {
  const out = new Map<string, { validate?: ReturnType<Ajv2020["compile"]> }>();
  for (const [status, r] of Object.entries<Schema>(op.responses)) {
    const schema = r.content?.["application/json"]?.schema;
    out.set(status, schema ? { validate: validatorOf(schema) } : {});
  }
  return out;
}

/** Every operation of the document: its method, path, the operation object and `method path` as one string. */
export function operationsOf(doc: Schema): { method: string; path: string; op: Schema; where: string }[] {
  const out = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths))
    for (const method of METHODS.filter((m) => item[m]))
      out.push({ method, path, op: item[method], where: `${method} ${path}` });
  return out;
}
