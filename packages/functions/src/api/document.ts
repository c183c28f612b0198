// Completes the generated OpenAPI document where every operation answers alike: an operationId, a description,
// its security (the admin scheme under /v1/admin, none said outright on a public route), the 401 of a signed-in
// route, the 400 of a query parameter an operation does not take, the 415 of a body that is not JSON, the 405 of a
// method a path does not have, and the 500 any route may give. It also states the bounds every
// schema has: an integer's format from its range, and, for what only answers carry, the bounds of an answer itself.
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, Response>;
};
type Response = {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { schema?: unknown }>;
};
type Document = {
  paths?: object;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  tags?: { name: string; description?: string }[];
  info?: object;
  servers?: { url: string }[];
};
type Schema = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Admin routes: the same bearer token, which must carry the admin role (app.ts puts adminOnly on the prefix). */
const ADMIN_PATHS = /^\/v1\/admin(\/|$)/;

const SECURITY_SCHEMES = {
  bearer: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "The 15-minute access token from sign-in: a JWT signed with an asymmetric key (public keys at /v1/auth/jwks.json), verified as RFC8725 (JWT best current practices) advises: the algorithm is one of an allow-list and must match its key, and `kid`, `typ` (RFC 9068), `iss`, `aud` and `exp` are checked.",
  },
  adminBearer: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "The same sign-in JWT, verified as RFC8725 advises (as for `bearer`), whose user has the role `admin`: any other answers 403 `auth.forbidden`.",
  },
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  Platform: "Health and background jobs.",
  Accounts: "Sign-up, sign-in, the profile, preferences and consents.",
  Admin: "Users, matching and metrics, for admins.",
  "Goals and matching": "Goals, the waitlist, matches and pods.",
  "Sessions and check-ins": "A pod's sessions, check-ins, proofs and calendars.",
  Payments: "Deposits, refunds and the ledger.",
  Notifications: "Push subscriptions and unsubscribing.",
  "Tutor and content": "Questions, lessons, the tutor, reviews and progress.",
  "Content authoring": "Question and lesson packs, for admins.",
  Safety: "Reports, moderation decisions, appeals and the audit log.",
};

/**
 * What no answer goes beyond: a Lambda's synchronous response is at most 6 MB, so no string or list in one is
 * longer. Schemas that only answers use (requests have their own, tighter bounds in their zod schemas) get these
 * where their zod schema states none.
 */
export const ANSWER_MAX_BYTES = 6 * 1024 * 1024;
const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** `get /pods/{id}/sessions` → `getPodsIdSessions`: stable, readable, unique once the method is in it. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `${method.toLowerCase()}${words.join("")}`;
}

const typesOf = (s: Schema): unknown[] => (Array.isArray(s.type) ? s.type : [s.type]);

/** Every schema object inside `s` (itself included), not following `$ref`. */
function* schemasIn(s: unknown): Generator<Schema> {
  if (!s || typeof s !== "object") return;
  if (Array.isArray(s)) {
    for (const x of s) yield* schemasIn(x);
    return;
  }
  const schema = s as Schema;
  yield schema;
  for (const key of ["items", "additionalProperties", "not", "contains"]) yield* schemasIn(schema[key]);
  for (const key of ["prefixItems", "anyOf", "oneOf", "allOf"]) yield* schemasIn(schema[key]);
  for (const key of ["properties", "patternProperties"]) {
    const props = schema[key];
    if (props && typeof props === "object") for (const p of Object.values(props)) yield* schemasIn(p);
  }
}

const refName = (s: Schema) =>
  typeof s.$ref === "string" && s.$ref.startsWith("#/components/schemas/")
    ? s.$ref.slice("#/components/schemas/".length)
    : undefined;

/** The names of the components `roots` use, directly or through others. */
function componentsUsedBy(roots: unknown[], components: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    for (const s of schemasIn(queue.pop())) {
      const name = refName(s);
      if (name && !used.has(name) && components[name]) {
        used.add(name);
        queue.push(components[name]);
      }
    }
  }
  return used;
}

/** An integer's format follows from the range its zod schema checks: int32 when it fits, int64 otherwise. */
function integerFormat(s: Schema): void {
  if (!typesOf(s).includes("integer") || s.format !== undefined) return;
  const min = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
  const max = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
  s.format = min !== undefined && max !== undefined && min >= INT32.min && max <= INT32.max ? "int32" : "int64";
}

/** An answer's own bounds, where the schema of what is only answered states none. */
function answerBounds(s: Schema): void {
  const types = typesOf(s);
  const fixed = s.enum !== undefined || s.const !== undefined;
  if (types.includes("string") && s.maxLength === undefined && !fixed) s.maxLength = ANSWER_MAX_BYTES;
  if (types.includes("array") && s.maxItems === undefined) s.maxItems = ANSWER_MAX_BYTES;
  if (types.includes("integer")) {
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = Number.MIN_SAFE_INTEGER;
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = Number.MAX_SAFE_INTEGER;
  }
}

export function completeDocument<D extends Document>(doc: D): D {
  const taken = new Set<string>();
  const requestRoots: unknown[] = [];
  const answerRoots: unknown[] = [];
  const tags = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      let id = op.operationId ?? operationIdOf(method, path.replace(/^\/v1/, ""));
      for (let n = 2; taken.has(id); n++) id = `${id}${n}`;
      taken.add(id);
      op.operationId = id;
      op.description ??= op.summary ?? "";
      op.tags ??= ["Platform"];
      for (const t of op.tags) tags.add(t);
      const signedIn = (op.security ?? []).some((r) => Object.keys(r).length > 0);
      if (signedIn && ADMIN_PATHS.test(path)) op.security = [{ adminBearer: [] }];
      // A public route says so: an empty requirement is "no credentials".
      if (!signedIn) op.security = [{}];
      op.responses ??= {};
      const responses = op.responses;
      if (signedIn && !responses["401"]) {
        responses["401"] = errorResponse("Not signed in, or the token is invalid");
      }
      // Every operation refuses a query parameter it does not take, and every body that is not JSON.
      responses["400"] ??= errorResponse("Invalid input (see details)");
      if (method === "post" || method === "put" || method === "patch")
        responses["415"] ??= errorResponse("Body is not JSON");
      responses["405"] ??= errorResponse("The path does not take this method (see Allow)");
      responses["500"] ??= errorResponse("Something failed on our side; the request id helps us find it");

      for (const p of op.parameters ?? []) requestRoots.push(p.schema);
      for (const c of Object.values(op.requestBody?.content ?? {})) requestRoots.push(c.schema);
      for (const r of Object.values(responses)) {
        for (const c of Object.values(r.content ?? {})) answerRoots.push(c.schema);
        for (const h of Object.values(r.headers ?? {})) answerRoots.push(h.schema);
      }
    }
  }

  doc.components ??= {};
  doc.components.securitySchemes = { ...doc.components.securitySchemes, ...SECURITY_SCHEMES };
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));

  const components = (doc.components.schemas ?? {}) as Record<string, unknown>;
  for (const root of [...requestRoots, ...answerRoots, ...Object.values(components)]) {
    for (const s of schemasIn(root)) integerFormat(s);
  }
  const requested = componentsUsedBy(requestRoots, components);
  const answerOnly = [...componentsUsedBy(answerRoots, components)].filter((n) => !requested.has(n));
  for (const root of [...answerRoots, ...answerOnly.map((n) => components[n])]) {
    for (const s of schemasIn(root)) {
      answerBounds(s);
      integerFormat(s);
    }
  }
  return doc;
}
