// A lesson's key points as review cards over HTTP: the seeded lesson shows them, adding them makes one card each
// (once, however often it is asked), due a day later; graded like any card; a lesson that does not exist is a 404.
import { devLogIn } from "@pactly/core/auth";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { TEST_START, testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { runScheduledJob } from "../../src/jobs/registry.js";

describe("/v1/reviews/key-points", () => {
  it("turns a lesson's key points into review cards once, due tomorrow, graded like the others", async () => {
    const clock = new ManualClock(TEST_START);
    const { platform: p } = await testPlatform({ clock, domains: DOMAIN_MODULES, config: { devSignIn: true } });
    await runScheduledJob(p, { job: "content.seed", payload: {} });
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
    const lesson = (await call("GET", "/content/lessons/np-lesson-few-shot")).json;
    expect(lesson.keyPoints).toHaveLength(2);
    expect(lesson.keyPoints[0].prompt).toBe("What is a few-shot prompt?");

    const added = await call("POST", "/reviews/key-points", { lessonId: "np-lesson-few-shot" });
    expect(added.status).toBe(200);
    const tomorrow = new Date(Date.parse(TEST_START) + 86_400_000).toISOString();
    expect(added.json).toEqual({ lessonId: "np-lesson-few-shot", added: 2, total: 2, firstDueAt: tomorrow });
    // Again (a double click, a second tab): nothing more.
    expect((await call("POST", "/reviews/key-points", { lessonId: "np-lesson-few-shot" })).json).toMatchObject({
      added: 0,
      total: 2,
    });
    expect((await call("GET", "/reviews/due")).json.items).toEqual([]);

    clock.set(new Date(Date.parse(TEST_START) + 25 * 3600_000));
    ada = await tokenOf("ada@example.com");
    const due = (await call("GET", "/reviews/due")).json;
    expect(due.dueCount).toBe(2);
    expect(due.items.map((c: any) => [c.lessonId, c.questionId])).toEqual([
      ["np-lesson-few-shot", null],
      ["np-lesson-few-shot", null],
    ]);
    expect(due.items[0].front).toContain("What is a few-shot prompt?");
    expect(due.items[0].back).toContain("worked input");
    expect((await call("GET", "/me/dashboard")).json.dueReviews.count).toBe(2);
    const graded = await call("POST", `/reviews/${due.items[0].id}`, { grade: "easy" });
    expect(graded.json).toMatchObject({ reviews: 1, lessonId: "np-lesson-few-shot" });
    expect((await call("GET", "/reviews/due")).json.dueCount).toBe(1);

    for (const [body, status] of [
      [{ lessonId: "no-such-lesson" }, 404],
      [{}, 400],
      [{ lessonId: "x".repeat(200) }, 400],
      [{ lessonId: "np-lesson-few-shot", extra: true }, 400],
    ] as const) {
      const res = await call("POST", "/reviews/key-points", body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(res.json.error.code).toBeTruthy();
    }
    // Another learner's reviews are their own.
    const bob = await tokenOf("bob@example.com");
    expect((await call("GET", "/reviews/due", undefined, bob)).json.items).toEqual([]);
  });
});
