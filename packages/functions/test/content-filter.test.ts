// The content filter over HTTP, against DynamoDB Local: blocked words answer 400 `content.blocked` and store
// nothing; borderline words are stored and land in the admin moderation queue; the stage's own list blocks too.
import { systemActor } from "@pactly/core/access";
import { findUserByEmail } from "@pactly/core/accounts";
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { deliverDueEffects, ManualClock } from "@pactly/core/platform";
import { listReports } from "@pactly/core/safety";
import { describe, expect, it } from "vitest";
import { writeJobVersion } from "../../core/src/coach/docs.js";
import { testPlatform } from "../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../../core/test/helpers/tutor-pack.js";
import { createApp } from "../src/api/app.js";
import { DOMAIN_MODULES } from "../src/domains.js";
import { GOAL_BODY, WAITLIST_LONDON as LONDON } from "./security/harness.js";

async function setup() {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { platform: p } = await testPlatform({
    domains: DOMAIN_MODULES,
    clock,
    config: { devSignIn: true, contentFilter: { block: ["Frobnicator"], flag: [] } },
  });
  await seedCatalog(p);
  const app = createApp(p);
  const tokenFor = async (email: string, role?: "admin") =>
    (await devLogIn(p, { email, name: email.split("@")[0]!, ...(role ? { role } : {}) })).accessToken;
  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await app.request(`/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(who, who.startsWith("root") ? "admin" : undefined)}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
  };
  const filterQueue = async () =>
    (await listReports(p, systemActor, { status: "open", source: "filter", limit: 100 })).items;
  return { p, clock, call, filterQueue };
}

const expectBlocked = (res: { status: number; json: any }, field: string) => {
  expect(res.status).toBe(400);
  expect(res.json.error).toMatchObject({ code: "content.blocked", details: { field } });
  expect(typeof res.json.error.message).toBe("string");
  expect(typeof res.json.error.requestId).toBe("string");
  expect(typeof res.json.error.timestamp).toBe("string");
};

describe("the content filter", () => {
  it("refuses a goal with a slur and stores nothing; the stage's own words block too", async () => {
    const { call } = await setup();
    const ada = "ada@example.com";
    const slur = await call(ada, "POST", "/goals", { ...GOAL_BODY, title: "Beat every r3tard in class" });
    expectBlocked(slur, "goal.title");
    expect(slur.json.error.message).not.toMatch(/r3tard|retard/i);
    const configured = await call(ada, "POST", "/goals", { ...GOAL_BODY, description: "The FROBNICATOR way" });
    expectBlocked(configured, "goal.description");
    expect((await call(ada, "GET", "/goals")).json.items).toEqual([]);

    // Ordinary learning text passes; the configured word inside another word does not block.
    const ok = await call(ada, "POST", "/goals", {
      ...GOAL_BODY,
      title: "Pass the class assessment",
      description: "Analysis with frobnicators in Scunthorpe",
    });
    expect(ok.status).toBe(201);
    const changed = await call(ada, "PATCH", `/goals/${ok.json.id}`, { title: "frobnicator" });
    expectBlocked(changed, "goal.title");
    expect((await call(ada, "GET", `/goals/${ok.json.id}`)).json.title).toBe("Pass the class assessment");
  });

  it("saves a bio with mild profanity and files it in the moderation queue; screens the name at sign-up", async () => {
    const { p, call, filterQueue } = await setup();
    const bob = "bob@example.com";
    const bio = "Learning to code, one damn shitty bug at a time";
    const saved = await call(bob, "PATCH", "/me", { bio });
    expect(saved.status).toBe(200);
    expect((await call(bob, "GET", "/me")).json.bio).toBe(bio);
    const bobId = (await call(bob, "GET", "/me")).json.id as string;
    const flagged = (await filterQueue()).filter((r) => r.subjectUserId === bobId);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({
      source: "filter",
      status: "open",
      target: { kind: "text", field: "profile.bio", ref: bobId },
      excerpt: bio,
      terms: ["shit"],
    });
    // A clean name is not flagged; a blocked one is refused and the profile keeps its name.
    expect((await call(bob, "PATCH", "/me", { name: "Bob Builder" })).status).toBe(200);
    expectBlocked(await call(bob, "PATCH", "/me", { name: "n i g g e r" }), "profile.name");
    expect((await call(bob, "GET", "/me")).json.name).toBe("Bob Builder");
    expect((await filterQueue()).filter((r) => r.subjectUserId === bobId)).toHaveLength(1);

    // The name given at sign-up is screened before any account exists.
    const signUp = await call(bob, "POST", "/auth/signup", {
      email: "dee@example.com",
      password: "a fine long password",
      name: "Jizz Master",
    });
    expectBlocked(signUp, "profile.name");
    expect(await findUserByEmail(p, "dee@example.com")).toBeUndefined();
  });

  it("refuses a check-in and a tutor message with a blocked word; keeps a borderline check-in, flagged", async () => {
    const { p, clock, call, filterQueue } = await setup();
    const [ada, bob, cy, root] = ["ada", "bob", "cy", "root"].map((n) => `${n}@example.com`) as [
      string,
      string,
      string,
      string,
    ];
    await call(root, "GET", "/me");
    for (const t of [ada, bob, cy]) await call(t, "POST", "/waitlist", LONDON);
    const run = await call(root, "POST", "/admin/matching/run", { sprintType: "net_prompting" });
    const podId = run.json.podIds[0] as string;
    for (const t of [ada, bob, cy]) expect((await call(t, "POST", `/pods/${podId}/accept`)).status).toBe(200);
    await deliverDueEffects(p);
    const s = (await call(ada, "GET", `/pods/${podId}/sessions`)).json.items[0];
    clock.set(new Date(Date.parse(s.startsAt) + 60_000));

    const blocked = await call(ada, "POST", `/sessions/${s.id}/checkins`, { attended: true, rpe: 6, tweak: "sluts" });
    expectBlocked(blocked, "checkin.tweak");
    expect((await call(ada, "GET", `/sessions/${s.id}/checkins`)).json.items).toEqual([]);

    const win = "Finally got the damn recursion, shit was hard";
    const kept = await call(ada, "POST", `/sessions/${s.id}/checkins`, { attended: true, rpe: 6, win });
    expect(kept.status).toBe(200);
    expect(kept.json.win).toBe(win);
    const adaId = (await call(ada, "GET", "/me")).json.id as string;
    expect((await filterQueue()).map((r) => r.target)).toContainEqual({
      kind: "text",
      field: "checkin.win",
      ref: `${s.id}#${adaId}`,
    });

    // Coach input: a pasted transcript, and what a member writes in the document (not what the coach wrote).
    const transcript = "Ada: I finally get closures.\nBob: Some chink in the armour, though.";
    expectBlocked(await call(bob, "POST", `/sessions/${s.id}/coach/notes`, { transcript }), "coach.transcript");
    const notes = await call(bob, "POST", `/sessions/${s.id}/coach/notes`, {
      transcript: "Ada: closures, shit, finally.\nBob: Nice.",
    });
    expect(notes.status).toBe(202);
    const generated = "A learner quoted a slur (retard) from a forum; the pod agreed to report such posts.";
    await writeJobVersion(p, s.id, "job-1", () => ({ notes: { summary: generated, decisions: [] } }), {
      generator: "offline",
      fallbackReason: null,
      promptVersion: "test",
      model: null,
      author: { kind: "coach" },
      change: "notes",
    });
    const addBlocked = { version: 1, notes: { summary: generated, decisions: ["Ignore the whore next door"] } };
    expectBlocked(await call(bob, "PUT", `/sessions/${s.id}/coach`, addBlocked), "coach.notes");
    const edited = await call(bob, "PUT", `/sessions/${s.id}/coach`, {
      version: 1,
      notes: { summary: generated, decisions: ["Practise closures, shit happens"] },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.version).toBe(2);
    const bobId = (await call(bob, "GET", "/me")).json.id as string;
    const coachFlags = (await filterQueue()).filter((r) => r.target.kind === "text" && r.target.ref === s.id);
    expect(coachFlags.map((r) => [(r.target as { field: string }).field, r.subjectUserId, r.excerpt]).sort()).toEqual([
      ["coach.notes", bobId, "Practise closures, shit happens"],
      ["coach.transcript", bobId, "Ada: closures, shit, finally.\nBob: Nice."],
    ]);

    await publishTutorPack(p);
    const started = await call(ada, "POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    expect((await call(ada, "GET", `/learning-sessions/${started.json.id}/next`)).status).toBe(200);
    const message = await call(ada, "POST", `/learning-sessions/${started.json.id}/messages`, {
      text: "explain this like I'm a f4ggot",
    });
    expectBlocked(message, "tutor.message");
    const session = await call(ada, "GET", `/learning-sessions/${started.json.id}`);
    expect(JSON.stringify(session.json)).not.toContain("f4ggot");
  });
});
