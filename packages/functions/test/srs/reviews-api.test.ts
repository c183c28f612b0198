// Reviews over HTTP: the cards a learner's tutor items made come due, are graded and undone; another learner cannot
// touch them; bad grades get the error format.
import { devLogIn } from "@pactly/core/auth";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { TEST_START, testPlatform } from "../../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../../../core/test/helpers/tutor-pack.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

describe("/v1/reviews", () => {
  it("serves due cards from tutor items, grades, undoes, and keeps them the learner's own", async () => {
    const clock = new ManualClock(TEST_START);
    const { platform: p } = await testPlatform({ clock, domains: DOMAIN_MODULES, config: { devSignIn: true } });
    await publishTutorPack(p);
    const a = createApp(p);
    const tokenOf = async (email: string) => (await devLogIn(p, { email, name: "L" })).accessToken;
    let ada = await tokenOf("ada@example.com");
    const call = async (method: string, path: string, body?: unknown, token = ada) => {
      const res = await a.request(`/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    const { json: s } = await call("POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    const next = await call("GET", `/learning-sessions/${s.id}/next`);
    const q = next.json.current.question;
    await call("POST", `/learning-sessions/${s.id}/attempts`, { questionId: q.id, answer: "c" });
    await call("POST", `/learning-sessions/${s.id}/end`);
    expect((await call("GET", "/reviews/due")).json.items).toEqual([]);

    clock.set(new Date(Date.parse(TEST_START) + 25 * 3600_000));
    // A day later: signed in again, as an access token lasts minutes.
    ada = await tokenOf("ada@example.com");
    const due = await call("GET", "/reviews/due");
    expect(due.json).toMatchObject({ dueCount: 1, reviewedToday: 0, dailyCap: 50 });
    const card = due.json.items[0];
    const homeCount = async () => (await call("GET", "/me/dashboard")).json.dueReviews.count;
    expect(await homeCount()).toBe(1);
    expect(card).toMatchObject({ questionId: q.id, algorithm: "fsrs", canUndo: false });
    const graded = await call("POST", `/reviews/${card.id}`, { grade: "good" });
    expect(graded.status).toBe(200);
    expect(graded.json).toMatchObject({ reviews: 1, canUndo: true });
    expect((await call("GET", "/reviews/due")).json).toMatchObject({ items: [], reviewedToday: 1 });
    // FSRS brings a new card graded Good back within minutes: still due today on the home page.
    expect(await homeCount()).toBe(1);
    const undone = await call("POST", `/reviews/${card.id}/undo`);
    expect(undone.json).toMatchObject({ reviews: 0, canUndo: false });
    expect((await call("GET", "/reviews/due")).json).toMatchObject({ dueCount: 1, reviewedToday: 0 });
    expect((await call("POST", `/reviews/${card.id}/undo`)).json.error.code).toBe("review.nothing_to_undo");

    const bad = await call("POST", `/reviews/${card.id}`, { grade: "perfect" });
    expect(bad.status).toBe(400);
    const bob = await tokenOf("bob@example.com");
    expect((await call("POST", `/reviews/${card.id}`, { grade: "good" }, bob)).status).toBe(404);
    expect((await call("GET", "/reviews/due", undefined, bob)).json.items).toEqual([]);
  });
});
