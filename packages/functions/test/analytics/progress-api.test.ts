// GET /v1/me/progress against DynamoDB Local with a controllable clock: mastery with levels, the streak in the
// learner's timezone from tutor sessions and reviews, attendance and check-in rates, review retention.
import { streaksOf } from "@pactly/core/analytics";
import { devLogIn } from "@pactly/core/auth";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../../../core/test/helpers/tutor-pack.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

describe("streaks", () => {
  it("count the run ending today or yesterday, and the longest run", () => {
    const days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-05", "2026-01-06"];
    expect(streaksOf(days, "2026-01-06")).toEqual({ currentDays: 2, longestDays: 3 });
    expect(streaksOf(days, "2026-01-07")).toEqual({ currentDays: 2, longestDays: 3 });
    expect(streaksOf(days, "2026-01-08")).toEqual({ currentDays: 0, longestDays: 3 });
    expect(streaksOf([], "2026-01-08")).toEqual({ currentDays: 0, longestDays: 0 });
  });
});

describe("GET /v1/me/progress", () => {
  it("brings mastery, the streak in the learner's timezone, attendance and retention together", async () => {
    // Monday 5 January 2026, 23:30 in New York (04:30 UTC on the 6th).
    const clock = new ManualClock("2026-01-06T04:30:00.000Z");
    const { platform: p } = await testPlatform({ clock, domains: DOMAIN_MODULES, config: { devSignIn: true } });
    await publishTutorPack(p);
    const a = createApp(p);
    const signIn = async () => (await devLogIn(p, { email: "ada@example.com", name: "Ada" })).accessToken;
    let token = await signIn();
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await a.request(`/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    const { updatedAt: _u, ...prefs } = (await call("GET", "/me/preferences")).json;
    expect((await call("PUT", "/me/preferences", { ...prefs, timezone: "America/New_York" })).status).toBe(200);
    const empty = (await call("GET", "/me/progress")).json;
    expect(empty).toMatchObject({
      timezone: "America/New_York",
      mastery: [],
      streak: { currentDays: 0, longestDays: 0 },
      attendance: { sessions: 0, attendanceRate: null },
      reviews: { reviews: 0, retention: null },
    });

    // Monday evening (local): two items tried in practice.
    const { json: s } = await call("POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    for (let i = 0; i < 2; i++) {
      const next = await call("GET", `/learning-sessions/${s.id}/next${i ? "?skip=true" : ""}`);
      await call("POST", `/learning-sessions/${s.id}/attempts`, {
        questionId: next.json.current.question.id,
        answer: "c",
      });
    }
    await call("POST", `/learning-sessions/${s.id}/end`);
    // Wednesday morning (local): both cards due; one remembered, one not.
    clock.set("2026-01-07T14:00:00.000Z");
    token = await signIn();
    const due = (await call("GET", "/reviews/due")).json.items;
    expect(due).toHaveLength(2);
    await call("POST", `/reviews/${due[0].id}`, { grade: "good" });
    await call("POST", `/reviews/${due[1].id}`, { grade: "again" });
    // Two sessions of the learner's pod: one attended and checked in, one missed.
    for (const [startsAt, status, checkedIn] of [
      ["2026-01-05T23:00:00.000Z", "on_time", true],
      ["2026-01-06T23:00:00.000Z", "absent", false],
    ] as const) {
      const me = (await call("GET", "/me")).json.id;
      await p.store.put({
        pk: `USER#${me}`,
        sk: `ATTENDANCE#${startsAt}#s-${status}`,
        type: "Attendance",
        userId: me,
        sessionId: `s-${status}`,
        podId: "pod-1",
        startsAt,
        status,
        checkedIn,
      });
    }

    const progress = (await call("GET", "/me/progress")).json;
    // Active on Monday 5 and Wednesday 7 (local): Tuesday is a gap.
    expect(progress.streak).toEqual({ currentDays: 1, longestDays: 1, activeDays: ["2026-01-05", "2026-01-07"] });
    expect(progress.attendance).toEqual({
      sessions: 2,
      attended: 1,
      checkedIn: 1,
      attendanceRate: 0.5,
      checkInRate: 0.5,
    });
    expect(progress.reviews).toEqual({ reviews: 2, remembered: 1, retention: 0.5 });
    const track = progress.mastery.find((m: { track: string }) => m.track === TUTOR_TRACK);
    expect(track.tags.length).toBeGreaterThan(0);
    for (const t of track.tags) expect(["attempted", "familiar", "proficient", "mastered"]).toContain(t.level);
    expect((await a.request("/v1/me/progress")).status).toBe(401);
  });
});
