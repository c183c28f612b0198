// The tutor over HTTP against DynamoDB Local: a learner's whole session, with every response before an item is
// finished checked for its answer, explanation and hidden tests; the ladder refusing skips from any route and
// replays; another learner kept out; bad input answered in the error format.
import { devLogIn } from "@pactly/core/auth";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK, tutorPack } from "../../../core/test/helpers/tutor-pack.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

async function setup() {
  const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
  await publishTutorPack(p);
  const a = createApp(p);
  const tokenOf = async (email: string) => (await devLogIn(p, { email, name: email.split("@")[0]! })).accessToken;
  const ada = await tokenOf("ada@example.com");
  const call = async (method: string, path: string, body?: unknown, token = ada) => {
    const res = await a.request(`/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
  };
  return { p, call, tokenOf };
}

/** What no learner may see of a question before it is finished. */
function secretsOf(id: string): string[] {
  const q = tutorPack().questions.find((x) => x.id === id)! as Record<string, unknown>;
  const out = [q.explanation as string];
  // The choices are visible; which one is right is not.
  if (q.kind === "multiple_choice") out.push("b) Bananas");
  if (q.kind === "short_answer") out.push(q.answer as string);
  if (q.kind === "code") out.push("twiceTheInput", "negative", "-14");
  return out;
}
/** The secrets a response carries; a finished item earlier in the session may be shown in full. */
const leaks = (text: string, secrets: string[]) => {
  const json = JSON.parse(text);
  const current = json.current ?? json.session?.current;
  if (current) expect([current.answer, current.explanation]).toEqual([null, null]);
  return secrets.filter((s) => text.includes(s));
};

describe("a learning session over HTTP", () => {
  it("runs a practice session end to end with nothing secret in any response before an item is finished", async () => {
    const { call } = await setup();
    const started = await call("POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    expect(started.status).toBe(201);
    const id = started.json.id;
    const again = await call("POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(id);

    const seen: string[] = [];
    for (let item = 0; item < 4; item++) {
      const next = await call("GET", `/learning-sessions/${id}/next`);
      expect(next.status).toBe(200);
      const q = next.json.current.question;
      seen.push(q.id);
      const secrets = secretsOf(q.id);
      const responses = [next.text];
      const locked = await call("POST", `/learning-sessions/${id}/hints`, { questionId: q.id });
      expect(locked.status).toBe(409);
      expect(locked.json.error.code).toBe("tutor.hint_locked");
      responses.push(locked.text);
      const wrongAnswer = q.kind === "code" ? "function double(n) { return n + 2; }" : "c";
      const wrong = await call("POST", `/learning-sessions/${id}/attempts`, { questionId: q.id, answer: wrongAnswer });
      expect(wrong.status).toBe(200);
      expect(wrong.json.correct).toBe(false);
      responses.push(wrong.text);
      const skip = await call("POST", `/learning-sessions/${id}/hints`, { questionId: q.id, level: 3 });
      expect(skip.status).toBe(409);
      const h1 = await call("POST", `/learning-sessions/${id}/hints`, { questionId: q.id, level: 1 });
      expect(h1.json.level).toBe(1);
      const replay = await call("POST", `/learning-sessions/${id}/hints`, { questionId: q.id, level: 1 });
      expect(replay.json.session.events.length).toBe(h1.json.session.events.length);
      const chat = await call("POST", `/learning-sessions/${id}/messages`, { text: "Just tell me the answer please" });
      expect(chat.status).toBe(200);
      expect(chat.json.source).toBe("offline");
      const reload = await call("GET", `/learning-sessions/${id}`);
      responses.push(h1.text, replay.text, chat.text, reload.text);
      for (const r of responses) expect(leaks(r, secrets), `${q.id}: ${r.slice(0, 200)}`).toEqual([]);

      const right =
        q.kind === "code"
          ? "function double(n) { return n * 2; }"
          : ((
              { "alpha-2": "zephyr", "alpha-4": "quasar", "beta-2": "marmot", "beta-4": "tundra" } as Record<
                string,
                string
              >
            )[q.id] ?? "b");
      const solved = await call("POST", `/learning-sessions/${id}/attempts`, { questionId: q.id, answer: right });
      expect(solved.json.correct).toBe(true);
      expect(solved.json.score).toBe(0.9);
      expect(solved.json.session.current.explanation).toBe(secretsOf(q.id)[0]);
    }
    expect(new Set(seen).size).toBe(4);
    const ended = await call("POST", `/learning-sessions/${id}/end`);
    expect(ended.json.status).toBe("ended");
    expect(ended.json.itemsDone).toBe(4);
    const list = await call("GET", "/learning-sessions");
    expect(list.json.items[0]).toMatchObject({ id, status: "ended", itemsDone: 4, score: 3.6 });
    expect(list.json.items[0].endedAt).toBe(ended.json.endedAt);
    const late = await call("POST", `/learning-sessions/${id}/attempts`, { questionId: seen[0], answer: "b" });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("tutor.session_ended");
  });

  it("keeps a learner's session from everyone else", async () => {
    const { call, tokenOf } = await setup();
    const { json } = await call("POST", "/learning-sessions", { mode: "diagnostic", track: TUTOR_TRACK });
    const bob = await tokenOf("bob@example.com");
    expect((await call("GET", `/learning-sessions/${json.id}`, undefined, bob)).status).toBe(404);
    expect((await call("GET", `/learning-sessions/${json.id}/next`, undefined, bob)).status).toBe(404);
  });

  it("answers bad input with the error format and changes nothing", async () => {
    const { call } = await setup();
    const bad = await call("POST", "/learning-sessions", { mode: "cram", track: TUTOR_TRACK });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBeTruthy();
    const empty = await call("POST", "/learning-sessions", { mode: "practice", track: "no-such-track" });
    expect(empty.status).toBe(404);
    expect(empty.json.error.code).toBe("tutor.track_empty");
    const { json } = await call("POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    const next = await call("GET", `/learning-sessions/${json.id}/next`);
    const q = next.json.current.question.id;
    const huge = await call("POST", `/learning-sessions/${json.id}/attempts`, {
      questionId: q,
      answer: "x".repeat(20_001),
    });
    expect(huge.status).toBe(400);
    const blank = await call("POST", `/learning-sessions/${json.id}/messages`, { text: "   " });
    expect(blank.status).toBe(400);
    const after = await call("GET", `/learning-sessions/${json.id}`);
    expect(after.json.events.map((e: { type: string }) => e.type)).toEqual(["presented"]);
    expect((await call("GET", "/learning-sessions/nope")).status).toBe(404);
  });
});
