// GET /v1/admin/metrics against DynamoDB Local: admins only, the range checked (400 in the error format), and the
// figures an admin sees are what learners did through the API (active learners) and what was recorded that day.
import { countMetric, recordCoachLatency } from "@pactly/core/analytics";
import { devLogIn } from "@pactly/core/auth";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../../../core/test/helpers/tutor-pack.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

/** Wednesday 3 December 2026, 10:00 UTC. */
const NOW = "2026-12-03T10:00:00.000Z";

async function setup() {
  const clock = new ManualClock(NOW);
  const { platform: p } = await testPlatform({ clock, domains: DOMAIN_MODULES, config: { devSignIn: true } });
  const app = createApp(p);
  const admin = (await devLogIn(p, { email: "root@example.com", name: "Root", role: "admin" })).accessToken;
  const learner = (await devLogIn(p, { email: "ada@example.com", name: "Ada" })).accessToken;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await app.request(`/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  return { p, clock, admin, learner, call };
}

describe("GET /v1/admin/metrics", () => {
  it("is for admins only", async () => {
    const { learner, call } = await setup();
    const res = await call(learner, "GET", "/admin/metrics");
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("auth.forbidden");
  });

  it("refuses dates that are not days, a reversed range and more than 400 days, in the error format", async () => {
    const { admin, call } = await setup();
    for (const query of [
      "from=yesterday",
      "to=2026-13-01",
      "from=2026-02-30",
      "from=2026-12-03&to=2026-12-01",
      "from=2025-01-01&to=2026-12-01",
      "form=2026-12-01",
    ]) {
      const res = await call(admin, "GET", `/admin/metrics?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(res.json.error.requestId).toEqual(expect.any(String));
    }
  });

  it("shows an admin today's, this week's and this month's figures and each day of the range", async () => {
    const { p, clock, admin, learner, call } = await setup();
    await publishTutorPack(p);
    // Monday: Ada tries an item in the tutor; Wednesday (today) she practises again, twice.
    clock.set("2026-12-01T09:00:00.000Z");
    const first = await call(learner, "POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    expect(first.status).toBe(201);
    clock.set(NOW);
    const next = await call(learner, "GET", `/learning-sessions/${first.json.id}/next`);
    expect(next.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      await call(learner, "POST", `/learning-sessions/${first.json.id}/attempts`, {
        questionId: next.json.current.question.id,
        answer: "c",
      });
    }
    // A session completed and one cancelled today; a coach answer took 800 ms.
    await countMetric(p, "sessionsCompleted", 1);
    await countMetric(p, "sessionsCancelled", 1);
    await recordCoachLatency(p, 800);

    const res = await call(admin, "GET", "/admin/metrics?from=2026-11-30&to=2026-12-03");
    expect(res.status).toBe(200);
    const m = res.json;
    expect(m).toMatchObject({ from: "2026-11-30", to: "2026-12-03" });
    expect(m.days.map((d: any) => [d.from, d.activeLearners])).toEqual([
      ["2026-11-30", 0],
      ["2026-12-01", 1],
      ["2026-12-02", 0],
      ["2026-12-03", 1],
    ]);
    expect(m.today).toMatchObject({
      from: "2026-12-03",
      activeLearners: 1,
      sessionsCompleted: 1,
      sessionsCancelled: 1,
      sessionCompletionRate: 0.5,
      checkInRate: null,
    });
    // The same learner on two days of one week and one month counts once.
    expect(m.thisWeek).toMatchObject({ from: "2026-11-30", to: "2026-12-03", activeLearners: 1 });
    expect(m.thisMonth).toMatchObject({ from: "2026-12-01", to: "2026-12-03", activeLearners: 1 });
    expect(m.coachLatency).toMatchObject({ samples: 1, reason: null });
    expect(m.coachLatency.p50Ms).toBeGreaterThan(750);
    expect(m.coachLatency.p50Ms).toBeLessThanOrEqual(1000);

    // Without a range: the last 30 days.
    const plain = await call(admin, "GET", "/admin/metrics");
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ from: "2026-11-04", to: "2026-12-03" });
    expect(plain.json.days).toHaveLength(30);
  });
});
