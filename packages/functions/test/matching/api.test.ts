// Goals, waitlist, matches and pods over HTTP: sign-in required, the error format for bad input, privacy of pods.
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const read = async (res: Response): Promise<any> => res.json();

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

async function api() {
  const { platform: p } = await testPlatform({
    domains: DOMAIN_MODULES,
    clock: new ManualClock("2026-03-02T09:00:00Z"),
    config: { devSignIn: true },
  });
  await seedCatalog(p);
  const app = createApp(p);
  const tokenFor = async (email: string, role?: "admin") =>
    (await devLogIn(p, { email, name: email.split("@")[0], ...(role ? { role } : {}) })).accessToken;
  const call = (token: string | undefined, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { p, call, tokenFor };
}

function expectError(body: any, code: string) {
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  expect(Number.isNaN(Date.parse(body.error.timestamp))).toBe(false);
}

describe("goals and matching API", () => {
  it("asks for sign-in on every route", async () => {
    const { call } = await api();
    for (const [method, path, body] of [
      ["GET", "/v1/goals"],
      ["POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON }],
      ["GET", "/v1/matches"],
      ["GET", "/v1/pods"],
      ["POST", "/v1/pods/01HZZZZZZZZZZZZZZZZZZZZZZZ/accept"],
      ["POST", "/v1/admin/matching/run", { sprintType: "net_prompting" }],
    ] as const) {
      const res = await call(undefined, method, path, body);
      expect(res.status).toBe(401);
      expectError(await read(res), "auth.required");
    }
  });

  it("answers bad signals and unknown fields with 400 in the error format", async () => {
    const { call, tokenFor } = await api();
    const ada = await tokenFor("ada@example.com");
    const overlapping = await call(ada, "POST", "/v1/waitlist", {
      sprintType: "net_prompting",
      ...LONDON,
      windows: [...LONDON.windows, { weekday: 4, start: "20:30", end: "22:00" }],
    });
    expect(overlapping.status).toBe(400);
    const body = await read(overlapping);
    expectError(body, "matching.invalid_signals");
    expect(body.error.details.issues).toEqual([{ path: "windows.2", message: "overlaps windows.1" }]);

    const zone = await call(ada, "POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON, timezone: "UTC+3" });
    expect(zone.status).toBe(400);
    expectError(await read(zone), "matching.invalid_signals");

    const window = await call(ada, "POST", "/v1/waitlist", {
      sprintType: "net_prompting",
      ...LONDON,
      windows: [{ weekday: 8, start: "25:00", end: "26:00" }],
    });
    expect(window.status).toBe(400);
    expectError(await read(window), "validation.failed");

    const extra = await call(ada, "POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON, podSize: 9 });
    expect(extra.status).toBe(400);

    const ok = await call(ada, "POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON });
    expect(ok.status).toBe(201);
    const twice = await call(ada, "POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON });
    expect(twice.status).toBe(409);
    expectError(await read(twice), "waitlist.already_joined");
    expect((await call(ada, "DELETE", "/v1/waitlist/net_prompting")).status).toBe(204);
    expect((await read(await call(ada, "GET", "/v1/waitlist"))).items).toEqual([]);
  });

  it("lets only admins run formation, within the catalog's pod sizes", async () => {
    const { call, tokenFor } = await api();
    const learner = await tokenFor("lee@example.com");
    const admin = await tokenFor("root@example.com", "admin");
    const denied = await call(learner, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" });
    expect(denied.status).toBe(403);
    expectError(await read(denied), "auth.forbidden");
    const tooBig = await call(admin, "POST", "/v1/admin/matching/run", {
      sprintType: "net_prompting",
      podSize: { min: 3, max: 8 },
    });
    expect(tooBig.status).toBe(400);
    expectError(await read(tooBig), "matching.pod_size_out_of_range");
    const unknown = await call(admin, "POST", "/v1/admin/matching/run", { sprintType: "knitting" });
    expect(unknown.status).toBe(404);
    const empty = await call(admin, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" });
    expect(await read(empty)).toMatchObject({ waitlisted: 0, podsFormed: 0 });
  });

  it("keeps a pod from learners who are not in it (404), and suggests candidates with scores", async () => {
    const { call, tokenFor } = await api();
    const tokens = await Promise.all(["a@example.com", "b@example.com", "c@example.com"].map((e) => tokenFor(e)));
    for (const t of tokens) {
      expect((await call(t, "POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON })).status).toBe(201);
    }
    const matches = await read(await call(tokens[2], "GET", "/v1/matches?sprintType=net_prompting"));
    expect(matches.items[0].candidates).toHaveLength(2);
    expect(matches.items[0].candidates[0]).toMatchObject({
      score: { overall: expect.any(Number), availabilityOverlap: 1, timezoneMatch: 1 },
      meetingTime: expect.stringMatching(/^(Tuesday|Thursday)s /),
    });

    const admin = await tokenFor("root@example.com", "admin");
    const run = await read(await call(admin, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" }));
    const podId = run.podIds[0];
    const outsider = await tokenFor("mallory@example.com");
    const res = await call(outsider, "GET", `/v1/pods/${podId}`);
    expect(res.status).toBe(404);
    expectError(await read(res), "pod.not_found");
    expect((await call(outsider, "POST", `/v1/pods/${podId}/accept`)).status).toBe(404);
    expect((await call(tokens[0], "GET", `/v1/pods/${podId}`)).status).toBe(200);

    const rematch = await call(tokens[0], "POST", `/v1/pods/${podId}/rematch`, { reason: "because" });
    expect(rematch.status).toBe(400);
  });

  it("creates and edits goals, refusing an invalid status change with 409", async () => {
    const { call, tokenFor } = await api();
    const ada = await tokenFor("ada@example.com");
    const created = await call(ada, "POST", "/v1/goals", {
      sprintType: "net_prompting",
      title: "Ship a prompt-powered CLI",
      schedule: {
        timezone: "Europe/Berlin",
        frequency: { sessionsPerWeek: 1 },
        defaultSlots: [{ weekday: 3, time: "19:00" }],
        backupSlot: { weekday: 6, time: "10:00" },
      },
      proofMethod: "code_artifact",
      startDate: "2026-03-09",
    });
    expect(created.status).toBe(201);
    const goal = await read(created);
    expect(goal).toMatchObject({ status: "active", endDate: "2026-04-20" });
    expect(goal.schedule.defaultSlots[0].durationMinutes).toBe(60);

    const list = await read(await call(ada, "GET", "/v1/goals?limit=10"));
    expect(list).toMatchObject({ items: [{ id: goal.id }], nextCursor: null });
    const done = await call(ada, "PATCH", `/v1/goals/${goal.id}`, { status: "completed" });
    expect(done.status).toBe(200);
    const reopen = await call(ada, "PATCH", `/v1/goals/${goal.id}`, { status: "active" });
    expect(reopen.status).toBe(409);
    expectError(await read(reopen), "goal.closed");
    const bob = await tokenFor("bob@example.com");
    expect((await call(bob, "GET", `/v1/goals/${goal.id}`)).status).toBe(404);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const { call } = await api();
    const doc = await read(await call(undefined, "GET", "/openapi.json"));
    for (const path of [
      "/v1/goals",
      "/v1/goals/{id}",
      "/v1/waitlist",
      "/v1/waitlist/{sprintType}",
      "/v1/matches",
      "/v1/pods",
      "/v1/pods/{id}",
      "/v1/pods/{id}/accept",
      "/v1/pods/{id}/decline",
      "/v1/pods/{id}/rematch",
      "/v1/admin/matching/run",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
