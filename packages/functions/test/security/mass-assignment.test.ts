// Mass assignment, from the OpenAPI document: every operation with a JSON body is sent a valid body with fields a
// client must never set (role, userId, ownerId, status, id, version, createdAt, podId, admin) added where its schema
// does not take them. Each is either refused with 400 or, if accepted, changes none of them: the answer and what the
// learner reads back afterwards (profile, goals, preferences, waitlist, learning sessions) show none of the values
// sent, and the learner is still a learner. New routes with a body are covered as they come.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryOf, pathOf, type Schema } from "../api/openapi-arbitraries.js";
import { ENDS_SIGN_INS, errorFormatProblem, GOAL_BODY, isAdminOp, jsonBodyOf, securityApp } from "./harness.js";

const MARK = {
  role: "admin",
  userId: "01KZMASSASS1GNUSER0000000A",
  ownerId: "01KZMASSASS1GN0WNER000000B",
  status: "hijacked_by_client",
  id: "01KZMASSASS1GN1D0000000000",
  version: 987654,
  createdAt: "1999-01-01T00:00:00.000Z",
  podId: "01KZMASSASS1GNP0D000000000",
  admin: true,
};
/** What would show a value sent was kept. */
const TELLTALES = [MARK.userId, MARK.ownerId, MARK.status, MARK.id, "987654", "1999-01-01", MARK.podId];

/** Bodies the generator does not draw: a check across fields decides what is valid. */
const BODIES: Record<string, unknown> = {
  "post /v1/sessions/{id}/coach/notes": { transcript: "Ada: hello" },
};

/** The property names a schema takes, through $ref and allOf/oneOf. */
function propertiesOf(schema: unknown, components: Record<string, Schema>, out = new Set<string>()): Set<string> {
  const s = (schema ?? {}) as Schema;
  if (typeof s.$ref === "string") return propertiesOf(components[s.$ref.split("/").pop()!], components, out);
  for (const k of Object.keys(s.properties ?? {})) out.add(k);
  for (const c of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) propertiesOf(c, components, out);
  return out;
}

describe("fields a client must not set", () => {
  it("are refused with 400 or left unchanged by every operation with a JSON body", { timeout: 120_000 }, async () => {
    const { doc, send, tokenFor, operations } = await securityApp();
    const components = doc.components.schemas as Record<string, Schema>;
    const admin = await tokenFor("root@example.com", "admin");
    const withBodies = operations.filter(({ op }) => jsonBodyOf(op) !== undefined);
    const problems: string[] = [];
    let accepted = 0;
    let learners = 0;
    for (const { method, path, op, where } of withBodies) {
      const email = `mass${++learners}@example.com`;
      const learner = await tokenFor(email);
      const me = (await send("get", "/v1/me", { token: learner })).json;
      const goal = await send("post", "/v1/goals", { token: learner, body: GOAL_BODY });
      expect(goal.status, goal.text).toBe(201);
      const token = isAdminOp(path, op) ? admin : learner;
      const url = pathOf(path.replace(/^\/v1\/goals\/\{id\}/, `/v1/goals/${goal.json.id}`), op);
      const schema = jsonBodyOf(op)!;
      const taken = propertiesOf(schema, components);
      const extras = Object.fromEntries(Object.entries(MARK).filter(([k]) => !taken.has(k)));
      let a = await send(method, url, { token, body: extras });
      let sentBody: unknown = extras;
      // A valid body; drawn again while only a cross-field check (zod's `custom`) refuses it, a few times at most.
      for (let seed = 1; seed < 8; seed++) {
        const valid =
          where in BODIES ? BODIES[where] : fc.sample(arbitraryOf(schema, components), { numRuns: 1, seed })[0];
        if (!valid || typeof valid !== "object" || Array.isArray(valid)) break;
        sentBody = { ...valid, ...extras };
        a = await send(method, url, { token, body: sentBody });
        const issues: { code: string }[] = a.json?.error?.details?.issues ?? [];
        if (!(a.status === 400 && issues.length > 0 && issues.every((i) => i.code === "custom"))) break;
      }
      const said = `${where} ${JSON.stringify(sentBody).slice(0, 200)}`;
      if (a.status >= 500) problems.push(`${said} → ${a.status}: ${a.text.slice(0, 300)}`);
      if (a.status >= 400) {
        const bad = errorFormatProblem(a);
        if (bad) problems.push(`${said}: ${bad}`);
        continue;
      }
      accepted++;
      // An account signed up with role "admin" is a learner's: its owner signs in and reads it.
      const signedUp = (sentBody as { email?: string }).email;
      if (where === "post /v1/auth/signup" && signedUp) {
        const own = await send("get", "/v1/me", { token: await tokenFor(signedUp) });
        if (own.json?.role !== "learner") problems.push(`${said}: the new account's role is ${own.json?.role}`);
        if (TELLTALES.some((t) => own.text.includes(t))) problems.push(`${said}: the new account shows ${own.text}`);
      }
      const kept = TELLTALES.filter((t) => a.text.includes(t));
      if (kept.length) problems.push(`${said} → ${a.status} answers ${JSON.stringify(kept)}: ${a.text.slice(0, 300)}`);
      if (ENDS_SIGN_INS.has(where)) continue;
      const again = await tokenFor(email);
      const now = await send("get", "/v1/me", { token: again });
      if (now.status === 200) {
        if (now.json.role !== "learner") problems.push(`${said}: the learner's role is now ${now.json.role}`);
        if (now.json.id !== me.id) problems.push(`${said}: the learner's id is now ${now.json.id}`);
        if (now.json.createdAt !== me.createdAt) problems.push(`${said}: createdAt is now ${now.json.createdAt}`);
      }
      for (const read of [
        "/v1/me",
        "/v1/goals",
        `/v1/goals/${goal.json.id}`,
        "/v1/me/preferences",
        "/v1/waitlist",
        "/v1/learning-sessions",
        "/v1/pods",
        "/v1/me/onboarding",
        "/v1/me/consents",
      ]) {
        const r = await send("get", read, { token: again });
        const shown = TELLTALES.filter((t) => r.text.includes(t));
        if (shown.length) problems.push(`${said}: ${read} now shows ${JSON.stringify(shown)}`);
      }
    }
    expect(withBodies.length).toBeGreaterThan(40);
    expect(accepted).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
