// /v1/me and /v1/admin/users over HTTP: validation, onboarding, consents, export, erasure, and a second user.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { systemActor } from "@pactly/core/access";
import { setRole } from "@pactly/core/accounts";
import { REAUTH_WINDOW_SECONDS } from "@pactly/core/auth";
import type { ManualClock } from "@pactly/core/platform";
import { afterAll, describe, expect, it } from "vitest";
import { QueueRunner } from "../../src/local/queue-runner.js";
import { jobHandlersFor } from "../../src/workers/handlers.js";
import { jobWorker } from "../../src/workers/job-worker.js";
import { accountsApp, assertNoSecretsIn, call, signedUp } from "./helpers.js";

const read = async (res: Response): Promise<any> => res.json();
const logs: string[][] = [];
const secrets: string[] = [];
afterAll(() => assertNoSecretsIn(logs.flat(), secrets));

async function twoSignedUp() {
  const t = await accountsApp();
  logs.push(t.log.lines);
  const ada = await signedUp(t.app, t.p, "ada@example.com");
  const bob = await signedUp(t.app, t.p, "bob@example.com");
  secrets.push(ada.token, bob.token, ada.jar.get("pactly_refresh")!, bob.jar.get("pactly_refresh")!);
  return { ...t, ada, bob };
}

const preferences = {
  timezone: "America/New_York",
  availability: [
    { weekday: 1, start: "19:00", end: "21:00" },
    { weekday: 7, start: "23:00", end: "01:00" },
  ],
  experienceLevel: "beginner",
  collaborationStyle: "social",
  notifications: {
    sessionReminders: { email: true },
    reviewReminders: { email: false },
    podUpdates: { email: true },
    marketing: { email: false },
  },
  integrations: { calendarFeed: { enabled: true } },
  srsAlgorithm: "fsrs",
};

describe("/v1/me", () => {
  it("reads and corrects the profile; the email cannot be changed this way", async () => {
    const { app, ada } = await twoSignedUp();
    const patched = await call(app, "PATCH", "/v1/me", { token: ada.token, body: { name: "Ada L.", locale: "pt-br" } });
    expect(patched.status).toBe(200);
    expect(await read(patched)).toMatchObject({ name: "Ada L.", locale: "pt-BR", email: "ada@example.com" });
    const email = await call(app, "PATCH", "/v1/me", { token: ada.token, body: { email: "new@example.com" } });
    expect(email.status).toBe(400);
  });

  it("saves preferences and explains what is wrong with invalid ones", async () => {
    const { app, ada } = await twoSignedUp();
    const ok = await call(app, "PUT", "/v1/me/preferences", { token: ada.token, body: preferences });
    expect(ok.status).toBe(200);
    expect(await read(await call(app, "GET", "/v1/me/preferences", { token: ada.token }))).toMatchObject({
      ...preferences,
      updatedAt: expect.any(String),
    });

    const badZone = await call(app, "PUT", "/v1/me/preferences", {
      token: ada.token,
      body: { ...preferences, timezone: "EST5" },
    });
    expect(badZone.status).toBe(400);
    expect((await read(badZone)).error.details.issues[0].path).toBe("timezone");

    const overlap = {
      ...preferences,
      availability: [...preferences.availability, { weekday: 1, start: "00:30", end: "02:00" }],
    };
    const clash = await call(app, "PUT", "/v1/me/preferences", { token: ada.token, body: overlap });
    expect(clash.status).toBe(400);
    expect((await read(clash)).error.details.issues[0]).toMatchObject({ path: "availability.2" });

    const seconds = { ...preferences, availability: [{ weekday: 1, start: "19:00:30", end: "21:00" }] };
    expect((await call(app, "PUT", "/v1/me/preferences", { token: ada.token, body: seconds })).status).toBe(400);
    const level = { ...preferences, experienceLevel: "wizard" };
    expect((await call(app, "PUT", "/v1/me/preferences", { token: ada.token, body: level })).status).toBe(400);
  });

  it("walks the onboarding, refusing a step whose data is missing", async () => {
    const { app, ada } = await twoSignedUp();
    const early = await call(app, "PATCH", "/v1/me/onboarding", {
      token: ada.token,
      body: { step: "preferences", completed: true },
    });
    expect(early.status).toBe(409);
    expect((await read(early)).error).toMatchObject({ code: "onboarding.step_incomplete" });
    await call(app, "PUT", "/v1/me/preferences", { token: ada.token, body: preferences });
    for (const step of ["profile", "timezone", "availability", "preferences", "goal"]) {
      const res = await call(app, "PATCH", "/v1/me/onboarding", { token: ada.token, body: { step, completed: true } });
      expect(res.status).toBe(200);
    }
    expect(await read(await call(app, "GET", "/v1/me/onboarding", { token: ada.token }))).toMatchObject({
      completed: true,
      currentStep: null,
    });
  });

  it("records consents with timestamps", async () => {
    const { app, ada } = await twoSignedUp();
    const res = await call(app, "PUT", "/v1/me/consents", {
      token: ada.token,
      body: { learningData: true, emails: false },
    });
    expect(await read(res)).toEqual({
      learningData: { granted: true, changedAt: expect.any(String) },
      emails: { granted: false, changedAt: expect.any(String) },
    });
  });

  it("serves the dashboard in one read", async () => {
    const { app, ada } = await twoSignedUp();
    const dash = await read(await call(app, "GET", "/v1/me/dashboard", { token: ada.token }));
    expect(dash).toMatchObject({
      profile: { email: "ada@example.com" },
      onboarding: { currentStep: "profile" },
      pods: [],
    });
  });
});

describe("a second user", () => {
  it("cannot read the first user's export job, nor reach any account through the admin routes", async () => {
    const { app, p, ada, bob } = await twoSignedUp();
    const started = await call(app, "POST", "/v1/me/export", { token: ada.token });
    expect(started.status).toBe(202);
    const job = await read(started);
    expect(started.headers.get("location")).toBe(`/v1/jobs/${job.id}`);

    const runner = new QueueRunner(p, { queue: "tasks", handler: jobWorker(p, jobHandlersFor(p, "tasks")) });
    expect(await runner.drain()).toBe(1);

    const peek = await call(app, "GET", `/v1/jobs/${job.id}`, { token: bob.token });
    expect(peek.status).toBe(404);
    expect(await read(peek)).toMatchObject({ error: { code: "job.not_found" } });
    const mine = await read(await call(app, "GET", `/v1/jobs/${job.id}`, { token: ada.token }));
    expect(mine).toMatchObject({ status: "succeeded", result: { downloadUrl: expect.any(String) } });
    secrets.push(new URL(mine.result.downloadUrl).searchParams.get("X-Amz-Signature")!);
    const file = await read(await fetch(mine.result.downloadUrl));
    expect(file.userId).toBe(ada.userId);
    expect(JSON.stringify(file)).not.toContain("bob@example.com");

    for (const [method, path, body] of [
      ["GET", `/v1/admin/users/${ada.userId}`],
      ["GET", "/v1/admin/users"],
      ["PUT", `/v1/admin/users/${ada.userId}/role`, { role: "learner" }],
      ["PUT", `/v1/admin/users/${bob.userId}/role`, { role: "admin" }],
    ] as const) {
      const res = await call(app, method, path, { token: bob.token, ...(body ? { body } : {}) });
      expect(res.status).toBe(403);
    }
  });

  it("is refused an admin operation (403) before its input is looked at; without a sign-in it is 401", async () => {
    const { app, p, ada, bob } = await twoSignedUp();
    const operations = [
      ["PUT", `/v1/admin/users/${ada.userId}/role`],
      ["POST", "/v1/admin/matching/run"],
      ["POST", "/v1/admin/pods/01J000000000000000000000000/disband"],
      ["GET", "/v1/admin/users?limit=nope"],
    ] as const;
    for (const [method, path] of operations) {
      const asLearner = await call(app, method, path, { token: bob.token, ...(method === "GET" ? {} : { body: {} }) });
      expect([path, asLearner.status]).toEqual([path, 403]);
      const body = await read(asLearner);
      expect(body.error.code).toBe("auth.forbidden");
      expect(JSON.stringify(body)).not.toMatch(/role|sprintType|reason|limit/);
      const anonymous = await call(app, method, path, method === "GET" ? {} : { body: {} });
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
    // An admin sending the same empty body learns what the operation expects.
    await setRole(p, systemActor, bob.userId, "admin");
    const asAdmin = await call(app, "PUT", `/v1/admin/users/${ada.userId}/role`, { token: bob.token, body: {} });
    expect(asAdmin.status).toBe(400);
    expect(await read(asAdmin)).toMatchObject({ error: { code: "validation.failed" } });
  });

  it("with the admin role (granted by the system) may list and read accounts", async () => {
    const { app, p, ada, bob } = await twoSignedUp();
    await setRole(p, systemActor, bob.userId, "admin");
    // The role applies on the next request, without a new sign-in.
    const list = await read(await call(app, "GET", "/v1/admin/users?limit=10", { token: bob.token }));
    expect(list.items.map((u: { email: string }) => u.email).sort()).toEqual(["ada@example.com", "bob@example.com"]);
    const one = await call(app, "GET", `/v1/admin/users/${ada.userId}`, { token: bob.token });
    expect(await read(one)).toMatchObject({ id: ada.userId });
  });
});

describe("roles", () => {
  it("keeps one admin: the last admin cannot withdraw their own role (409), one of two can", async () => {
    const { app, p, ada, bob } = await twoSignedUp();
    await setRole(p, systemActor, bob.userId, "admin");
    const alone = await call(app, "PUT", `/v1/admin/users/${bob.userId}/role`, {
      token: bob.token,
      body: { role: "learner" },
    });
    expect(alone.status).toBe(409);
    expect(await read(alone)).toMatchObject({ error: { code: "role.last_admin", requestId: expect.any(String) } });
    expect((await call(app, "GET", "/v1/admin/users", { token: bob.token })).status).toBe(200);

    const grant = await call(app, "PUT", `/v1/admin/users/${ada.userId}/role`, {
      token: bob.token,
      body: { role: "admin" },
    });
    expect(grant.status).toBe(200);
    const stepDown = await call(app, "PUT", `/v1/admin/users/${bob.userId}/role`, {
      token: bob.token,
      body: { role: "learner" },
    });
    expect(stepDown.status).toBe(200);
    expect(await read(stepDown)).toMatchObject({ role: "learner" });
    // Now Ada is the last one.
    const adaAlone = await call(app, "PUT", `/v1/admin/users/${ada.userId}/role`, {
      token: ada.token,
      body: { role: "learner" },
    });
    expect(adaAlone.status).toBe(409);
  });

  it("refuses unknown query parameters like unknown body fields", async () => {
    const { app, p, bob } = await twoSignedUp();
    await setRole(p, systemActor, bob.userId, "admin");
    const res = await call(app, "GET", "/v1/admin/users?limit=10&role=admin", { token: bob.token });
    expect(res.status).toBe(400);
    expect(await read(res)).toMatchObject({ error: { code: "validation.failed", details: { target: "query" } } });
    const goals = await call(app, "GET", "/v1/goals?limt=5", { token: bob.token });
    expect(goals.status).toBe(400);
    expect((await call(app, "GET", "/v1/admin/users?limit=10", { token: bob.token })).status).toBe(200);
  });
});

describe("page cursors over HTTP", () => {
  it("answers a mutated or foreign cursor with 400 request.invalid_cursor, never 500", async () => {
    const { app, p, ada, bob } = await twoSignedUp();
    await setRole(p, systemActor, bob.userId, "admin");
    const first = await read(await call(app, "GET", "/v1/admin/users?limit=1", { token: bob.token }));
    const cursor: string = first.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const next = await call(app, "GET", `/v1/admin/users?limit=1&cursor=${encodeURIComponent(cursor)}`, {
      token: bob.token,
    });
    expect(next.status).toBe(200);
    // The start key as a caller would write it (the old cursor format), and the same cursor one character off.
    const [payload] = cursor.split(".");
    const key = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...key, gsi1sk: "~" })).toString("base64url");
    const flipped = cursor.slice(0, 5) + (cursor[5] === "A" ? "B" : "A") + cursor.slice(6);
    for (const [token, path, c] of [
      [bob.token, "/v1/admin/users", forged],
      [bob.token, "/v1/admin/users", flipped],
      [bob.token, "/v1/admin/users", `${payload}`],
      [ada.token, "/v1/goals", cursor],
      [ada.token, "/v1/goals", forged],
    ] as const) {
      const res = await call(app, "GET", `${path}?limit=1&cursor=${encodeURIComponent(c)}`, { token });
      expect(res.status, `${path} ${c}`).toBe(400);
      expect(await read(res)).toMatchObject({
        error: { code: "request.invalid_cursor", message: expect.any(String), requestId: expect.any(String) },
      });
    }
  });
});

describe("erasure over HTTP", () => {
  it("deletes the account: the token stops working, sign-in fails, and repeating is harmless", async () => {
    const { app, ada, bob } = await twoSignedUp();
    const del = await call(app, "DELETE", "/v1/me", { token: ada.token, jar: ada.jar });
    expect(del.status).toBe(204);
    expect(ada.jar.get("pactly_refresh")).toBeUndefined();
    expect((await call(app, "GET", "/v1/me", { token: ada.token })).status).toBe(401);
    expect((await call(app, "DELETE", "/v1/me", { token: ada.token })).status).toBe(401);
    const login = await call(app, "POST", "/v1/auth/login", {
      body: { email: "ada@example.com", password: ada.password },
    });
    expect(login.status).toBe(401);
    expect((await call(app, "GET", "/v1/me", { token: bob.token })).status).toBe(200);
  });
});

describe("sensitive actions need a recent sign-in", () => {
  it("refuses erasure 10 minutes after signing in, even with a freshly refreshed token, until the user signs in again", async () => {
    const { app, clock, ada } = await twoSignedUp();
    (clock as ManualClock).advance((REAUTH_WINDOW_SECONDS + 60) * 1000);
    const refreshed = await read(await call(app, "POST", "/v1/auth/refresh", { jar: ada.jar }));
    secrets.push(refreshed.accessToken, ada.jar.get("pactly_refresh")!);
    expect((await call(app, "GET", "/v1/me", { token: refreshed.accessToken })).status).toBe(200);
    const stale = await call(app, "DELETE", "/v1/me", { token: refreshed.accessToken, jar: ada.jar });
    expect(stale.status).toBe(401);
    expect(await read(stale)).toMatchObject({
      error: { code: "auth.reauth_required", message: expect.any(String), requestId: expect.any(String) },
    });
    expect((await call(app, "GET", "/v1/me", { token: refreshed.accessToken })).status).toBe(200);

    const login = await read(
      await call(app, "POST", "/v1/auth/login", { body: { email: "ada@example.com", password: ada.password } }),
    );
    secrets.push(login.accessToken);
    expect((await call(app, "DELETE", "/v1/me", { token: login.accessToken })).status).toBe(204);
  });
});

describe("the Lambda build", () => {
  it("never imports the local runtime (so dev sign-in cannot be in its bundle)", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from\s+|import\()"(\.{1,2}\/[^"]+)"/g)) {
        visit(resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts")));
      }
    };
    const entries = [
      join(src, "api/lambda.ts"),
      ...readdirSync(join(src, "workers")).map((f) => join(src, "workers", f)),
    ];
    for (const entry of entries.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) visit(entry);
    expect([...seen].some((f) => f.includes("/api/routes/auth.ts"))).toBe(true);
    expect([...seen].filter((f) => f.includes("/src/local/"))).toEqual([]);
  });
});
