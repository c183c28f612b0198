// Object-level authorisation, from the OpenAPI document: learner A creates real objects over HTTP (a goal, a pod
// with an active membership and its sessions, a coach document, a learning session, an export job), then learner B —
// signed in, neither owner nor member — calls every operation that names that kind of id. Each answer is 403 or 404
// in the error format and carries nothing of A's (no id other than the path's, no name, no text). Operations whose
// kind of id cannot be made here are called with a random ULID: 404 or 403, never 2xx or 5xx. An operation with a
// path id that is in neither list fails the suite, so a new route cannot be skipped silently.
import { deliverDueEffects } from "@pactly/core/platform";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { publishTutorPack, TUTOR_TRACK } from "../../../core/test/helpers/tutor-pack.js";
import { QueueRunner } from "../../src/local/queue-runner.js";
import { jobHandlersFor } from "../../src/workers/handlers.js";
import { jobWorker } from "../../src/workers/job-worker.js";
import { arbitraryOf, notNull, pathOf, type Schema } from "../api/openapi-arbitraries.js";
import { errorFormatProblem, GOAL_BODY, jsonBodyOf, securityApp } from "./harness.js";

type Kind = "goal" | "pod" | "session" | "learningSession" | "job" | "user";

/** Operations called with the id of a real object of A's, by the kind of object. */
const REAL: Record<string, Kind> = {
  "get /v1/jobs/{id}": "job",
  "get /v1/admin/users/{id}": "user",
  "put /v1/admin/users/{id}/role": "user",
  "get /v1/goals/{id}": "goal",
  "patch /v1/goals/{id}": "goal",
  "post /v1/sessions/{id}/coach/agenda": "session",
  "post /v1/sessions/{id}/coach/notes": "session",
  "post /v1/sessions/{id}/coach/transcript-upload": "session",
  "get /v1/sessions/{id}/coach": "session",
  "put /v1/sessions/{id}/coach": "session",
  "get /v1/sessions/{id}/coach/versions": "session",
  "get /v1/sessions/{id}/coach/versions/{n}": "session",
  "get /v1/sessions/{id}/coach/diff": "session",
  "post /v1/sessions/{id}/coach/quiz/reviews": "session",
  "get /v1/pods/{id}": "pod",
  "post /v1/pods/{id}/accept": "pod",
  "post /v1/pods/{id}/decline": "pod",
  "post /v1/pods/{id}/rematch": "pod",
  "post /v1/admin/pods/{id}/disband": "pod",
  "get /v1/pods/{id}/sessions": "pod",
  "post /v1/pods/{id}/sessions": "pod",
  "get /v1/sessions/{id}": "session",
  "get /v1/sessions/{id}/join": "session",
  "post /v1/sessions/{id}/start": "session",
  "post /v1/sessions/{id}/end": "session",
  "post /v1/sessions/{id}/cancel": "session",
  "post /v1/sessions/{id}/reschedule": "session",
  "get /v1/sessions/{id}/ics": "session",
  "get /v1/sessions/{id}/checkins": "session",
  "post /v1/sessions/{id}/checkins": "session",
  "get /v1/pods/{id}/refund": "pod",
  "post /v1/pods/{id}/refund/excuse": "pod",
  "get /v1/learning-sessions/{id}": "learningSession",
  "get /v1/learning-sessions/{id}/next": "learningSession",
  "post /v1/learning-sessions/{id}/attempts": "learningSession",
  "post /v1/learning-sessions/{id}/hints": "learningSession",
  "post /v1/learning-sessions/{id}/messages": "learningSession",
  "post /v1/learning-sessions/{id}/end": "learningSession",
};

/** Operations called with a random ULID: content anyone may read by id, and objects not made here. */
const RANDOM = new Set([
  "get /v1/content/questions/{id}",
  "get /v1/content/lessons/{id}",
  "get /v1/admin/content/questions/{id}",
  "put /v1/admin/content/questions/{id}",
  "post /v1/admin/content/questions/{id}/publish",
  "post /v1/admin/content/questions/{id}/archive",
  "get /v1/admin/content/lessons/{id}",
  "put /v1/admin/content/lessons/{id}",
  "post /v1/admin/content/lessons/{id}/publish",
  "post /v1/admin/content/lessons/{id}/archive",
  "get /v1/submissions/{id}",
  "post /v1/reviews/{cardId}",
  "post /v1/reviews/{cardId}/undo",
  "get /v1/admin/reports/{id}",
  "post /v1/admin/reports/{id}/decision",
  "post /v1/admin/appeals/{id}/decision",
]);

/** Bodies the generator does not draw: a check across fields decides what is valid. */
const BODIES: Record<string, unknown> = {
  "post /v1/sessions/{id}/coach/notes": { transcript: "Bob: I read Ada's notes.\nCy: We will meet again." },
};

const isId = (name: string) => name === "id" || /Id$/.test(name);
const RANDOM_ULID = "01KZ8Q3XG7R2M5T9W4Y6B1C0DE";

const LONDON = {
  timezone: "Europe/London",
  locale: "en-GB",
  windows: [
    { weekday: 2, start: "18:00", end: "21:00" },
    { weekday: 4, start: "18:00", end: "21:00" },
  ],
  experienceLevel: "beginner",
  collaborationStyle: "social",
};

/** The strings of A's objects that are A's own: ids, names and text, not dates, codes or the path's id. */
function uniqueStrings(value: unknown, pathId: string, out = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    if (value.length >= 6 && value !== pathId && !/^\d{4}-\d{2}-\d{2}/.test(value) && !/^[a-z_.:/-]+$/.test(value))
      out.add(value);
  } else if (Array.isArray(value)) for (const v of value) uniqueStrings(v, pathId, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) uniqueStrings(v, pathId, out);
  return out;
}

describe("another learner's objects", () => {
  it("are refused with 403 or 404 for every operation that names them, with none of their data", {
    timeout: 120_000,
  }, async () => {
    const { p, doc, send, tokenFor, operations } = await securityApp();
    const components = doc.components.schemas as Record<string, Schema>;
    await publishTutorPack(p);
    const [ada, cy, dee, bob] = ["ada.secretname@example.com", "cy@example.com", "dee@example.com", "bob@example.com"];
    const as = (email: string) => tokenFor(email);
    const admin = await tokenFor("root@example.com", "admin");

    // A's objects, made over HTTP.
    for (const who of [ada!, cy!, dee!])
      expect(
        (await send("post", "/v1/waitlist", { token: await as(who), body: { sprintType: "net_prompting", ...LONDON } }))
          .status,
      ).toBe(201);
    const run = await send("post", "/v1/admin/matching/run", { token: admin, body: { sprintType: "net_prompting" } });
    const podId = run.json.podIds[0] as string;
    for (const who of [ada!, cy!, dee!])
      expect((await send("post", `/v1/pods/${podId}/accept`, { token: await as(who) })).status).toBe(200);
    await deliverDueEffects(p);
    const sessions = (await send("get", `/v1/pods/${podId}/sessions`, { token: await as(ada!) })).json.items as any[];
    const sessionId = sessions[0].id as string;
    const goal = await send("post", "/v1/goals", {
      token: await as(ada!),
      body: {
        ...GOAL_BODY,
        title: "Ada's private goal: a prompt-powered CLI",
        description: "Only Ada should ever read this description.",
      },
    });
    expect(goal.status).toBe(201);
    const learning = await send("post", "/v1/learning-sessions", {
      token: await as(ada!),
      body: { mode: "practice", track: TUTOR_TRACK },
    });
    expect(learning.status).toBe(201);
    const exportJob = await send("post", "/v1/me/export", { token: await as(ada!) });
    expect(exportJob.status).toBe(202);
    const agenda = await send("post", `/v1/sessions/${sessionId}/coach/agenda`, { token: await as(ada!), body: {} });
    expect(agenda.status).toBe(202);
    const coach = new QueueRunner(p, {
      queue: "coach",
      handler: jobWorker(p, jobHandlersFor(p, "coach")),
      retryDelaySeconds: 0,
    });
    expect(await coach.drain()).toBe(1);
    const adaId = (await send("get", "/v1/me", { token: await as(ada!) })).json.id as string;

    const ids: Record<Kind, string> = {
      goal: goal.json.id,
      pod: podId,
      session: sessionId,
      learningSession: learning.json.id,
      job: exportJob.json.id,
      user: adaId,
    };
    // What A reads of each: every string of it that is A's own must stay out of B's answers.
    const reads: Record<Kind, string[]> = {
      goal: [`/v1/goals/${ids.goal}`],
      pod: [`/v1/pods/${podId}`, `/v1/pods/${podId}/sessions`],
      session: [`/v1/sessions/${sessionId}`, `/v1/sessions/${sessionId}/coach`],
      learningSession: [`/v1/learning-sessions/${ids.learningSession}`],
      job: [`/v1/jobs/${ids.job}`, `/v1/jobs/${agenda.json.id}`],
      user: ["/v1/me"],
    };
    const secrets = {} as Record<Kind, Set<string>>;
    for (const kind of Object.keys(reads) as Kind[]) {
      secrets[kind] = new Set();
      for (const url of reads[kind]) {
        const a = await send("get", url, { token: await as(ada!) });
        expect(a.status, url).toBe(200);
        uniqueStrings(a.json, ids[kind], secrets[kind]);
      }
      expect(secrets[kind].size, kind).toBeGreaterThan(0);
    }
    expect([...secrets.goal]).toContain("Ada's private goal: a prompt-powered CLI");
    expect(secrets.pod.has(adaId)).toBe(true);

    // Every operation with a path id is in one list or the other.
    const withIds = operations.filter(({ path }) => [...path.matchAll(/\{([^}]+)\}/g)].some((m) => isId(m[1]!)));
    const unlisted = withIds.map((o) => o.where).filter((w) => !(w in REAL) && !RANDOM.has(w));
    expect(unlisted, "operations with a path id covered neither by a real object nor by a random id").toEqual([]);
    expect(Object.keys(REAL).filter((w) => !withIds.some((o) => o.where === w))).toEqual([]);

    const problems: string[] = [];
    const bobToken = await as(bob!);
    for (const { method, path, op, where } of withIds) {
      const kind = REAL[where];
      const url = pathOf(path.replace("{id}", kind ? ids[kind] : RANDOM_ULID).replace(/\{(\w+Id)\}/g, RANDOM_ULID), op);
      const schema = jsonBodyOf(op);
      const query = (op.parameters ?? []).filter((x: Schema) => x.in === "query" && x.required);
      // A valid body; drawn again while only a cross-field check (zod's `custom`) refuses it, a few times at most.
      let a = await send(method, url, { token: bobToken });
      for (let seed = 5; seed < 12; seed++) {
        const draw = (x: Schema) => fc.sample(arbitraryOf(x, components), { numRuns: 1, seed })[0];
        const body = where in BODIES ? BODIES[where] : schema ? draw(schema) : undefined;
        const q = Object.fromEntries(query.map((x: Schema) => [x.name, draw(notNull(x.schema))]));
        a = await send(method, url, { token: bobToken, body, query: q });
        const issues: { code: string }[] = a.json?.error?.details?.issues ?? [];
        if (!(a.status === 400 && issues.length > 0 && issues.every((i) => i.code === "custom"))) break;
      }
      const said = `${where} as B (${kind ? `A's ${kind}` : "a random id"})`;
      if (a.status !== 403 && a.status !== 404) problems.push(`${said} → ${a.status}: ${a.text.slice(0, 300)}`);
      const bad = errorFormatProblem(a);
      if (bad) problems.push(`${said}: ${bad}`);
      if (kind) {
        const leaked = [...secrets[kind]].filter((s) => a.text.includes(s));
        if (leaked.length) problems.push(`${said} shows A's ${JSON.stringify(leaked)}`);
      }
    }
    expect(withIds.length).toBe(Object.keys(REAL).length + RANDOM.size);
    expect(problems).toEqual([]);
  });
});
