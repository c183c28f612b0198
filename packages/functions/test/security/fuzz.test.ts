// Every operation of the OpenAPI document sent malformed input: bodies of the wrong types, huge strings, deep
// nesting, invalid JSON, the wrong content type, random query parameters and odd headers. A few requests per
// operation; none may fail with a 5xx, each answer must be a status the operation documents, and every error must be
// in the error format. New routes are fuzzed as they are added.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOf, pathOf } from "../api/openapi-arbitraries.js";
import { ENDS_SIGN_INS, errorFormatProblem, isAdminOp, jsonBodyOf, needsSignIn, securityApp } from "./harness.js";

/** Requests per operation. */
const RUNS = 4;

const deep = (n: number): unknown => (n === 0 ? "bottom" : { a: deep(n - 1), b: [deep(0)] });
const huge = "x".repeat(300_000);

type Body = { raw: string; type?: string };

/** A body that is JSON of the wrong shape, or not JSON at all, each with the content type it is sent with. */
const malformed: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom<{ raw: string; type?: string }>(
    { raw: "{" },
    { raw: '{"a": ]' },
    { raw: "" },
    { raw: "null" },
    { raw: "[]" },
    { raw: '"text"' },
    { raw: "12" },
    { raw: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"role": "admin"}}}' },
    { raw: JSON.stringify(deep(200)) },
    { raw: JSON.stringify({ title: huge, text: huge, email: huge, name: huge }) },
    { raw: "a=1&b=2", type: "application/x-www-form-urlencoded" },
    { raw: '{"sprintType":"net_prompting"}', type: "text/plain" },
    { raw: "<x/>", type: "application/xml" },
    { raw: '{"a":1}', type: "application/json; charset=utf-16" },
    { raw: "\u0000\u0001\uffff", type: "application/json" },
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v): Body => ({ raw: JSON.stringify(v) })),
);

const oddHeaders = fc.constantFrom<Record<string, string>>(
  {},
  { accept: "application/xml" },
  { accept: "*/*;q=garbage" },
  { "x-forwarded-for": "not-an-ip, ::::, 999.1.1.1" },
  { "x-request-id": "y".repeat(5000) },
  { "if-match": '"nope"', "if-none-match": "*" },
  { "content-length": "5" },
  { origin: "https://evil.example", cookie: "session=%%%; refresh=\u00ff" },
  { "accept-language": "zz-ZZ;q=2,,,;" },
  { authorization: "Bearer not.a.token" },
  { authorization: "Basic Og==" },
);

const oddQuery = fc.dictionary(
  fc.constantFrom("limit", "cursor", "q", "status", "from", "to", "grade", "track", "x", "page", "n", "skip"),
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom("-1", "1e309", "NaN", "999999999999", "'; DROP TABLE", "%00", "a".repeat(3000)),
  ),
  { maxKeys: 3 },
);

describe("malformed requests to every operation", () => {
  it("are never a 5xx, answer a documented status, and every error is in the error format", {
    timeout: 180_000,
  }, async () => {
    const { doc, send, tokenFor, operations } = await securityApp();
    const admin = await tokenFor("root@example.com", "admin");
    let learners = 0;
    const learner = () => tokenFor(`fuzz${++learners}@example.com`);
    const problems: string[] = [];
    let sent = 0;
    for (const { method, path, op, where } of operations) {
      const documented = new Set(Object.keys(op.responses));
      const schema = jsonBodyOf(op);
      const opLearner = await learner();
      // Half the bodies are valid ones with one field made wrong: the checks behind the first field are reached too.
      const bodies = schema
        ? fc.oneof(
            malformed,
            arbitraryOf(schema, doc.components.schemas).map((v): Body => ({ raw: JSON.stringify(spoil(v)) })),
          )
        : fc.oneof(malformed, fc.constant<Body | undefined>(undefined));
      await fc.assert(
        fc.asyncProperty(bodies, oddQuery, oddHeaders, async (body, query, headers) => {
          const token = !needsSignIn(op)
            ? undefined
            : isAdminOp(path, op)
              ? admin
              : ENDS_SIGN_INS.has(where)
                ? await learner()
                : opLearner;
          const h: Record<string, string> = { ...headers, ...(body?.type ? { "content-type": body.type } : {}) };
          // An odd authorization header is sent in place of the token.
          const a = await send(method, pathOf(path, op), {
            token: h.authorization ? undefined : token,
            query,
            headers: h,
            raw: body?.raw,
          });
          sent++;
          const said = `${where} ${JSON.stringify({ query, headers: h, body: body?.raw.slice(0, 120) })}`;
          if (a.status >= 500) problems.push(`${said} → ${a.status}: ${a.text.slice(0, 300)}`);
          if (!documented.has(String(a.status))) problems.push(`${said} → ${a.status} is not documented`);
          if (a.status >= 400) {
            const bad = errorFormatProblem(a);
            if (bad) problems.push(`${said} → ${a.status}: ${bad}`);
          }
        }),
        { numRuns: RUNS, seed: 11, endOnFailure: true },
      );
    }
    expect(sent).toBe(operations.length * RUNS);
    expect(problems).toEqual([]);
  });
});

/** A valid value with one field swapped for a value of another type. */
function spoil(v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return { unexpected: [1, { deep: true }] };
    const k = keys[keys.length % 3 === 0 ? 0 : keys.length - 1]!;
    const was = (v as Record<string, unknown>)[k];
    return { ...v, [k]: typeof was === "string" ? 12345 : typeof was === "number" ? "12" : "wrong" };
  }
  return { value: v };
}
