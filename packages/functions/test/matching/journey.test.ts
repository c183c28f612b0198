// Done-when journey, over HTTP in the local runtime: four new learners in three timezones join a waitlist, an admin
// runs matching, each sees the pod with scores and the explanation in their own time, accepts, and the pod is on.
import { randomUUID } from "node:crypto";
import { ManualClock } from "@pactly/core/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorEndpoints } from "../../../core/test/helpers/emulators.js";
import { type LocalRuntime, startLocalRuntime } from "../../src/local/runtime.js";

const read = async (res: Response): Promise<any> => res.json();

/** Tuesday and Thursday evenings, 18:00–21:00 in London, as each learner sees them in their own timezone. */
const evenings = (start: string, end: string) => [
  { weekday: 2, start, end },
  { weekday: 4, start, end },
];

const LEARNERS = [
  { name: "Ada", timezone: "Europe/London", locale: "en-GB", windows: evenings("18:00", "21:00") },
  { name: "Bruno", timezone: "Europe/Berlin", locale: "en", windows: evenings("19:00", "22:30") },
  { name: "Cy", timezone: "America/New_York", locale: "en-US", windows: evenings("12:00", "16:00") },
  { name: "Dana", timezone: "Europe/London", locale: "en-GB", windows: evenings("17:30", "21:00") },
];

let runtime: LocalRuntime;

beforeAll(async () => {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 12);
  runtime = await startLocalRuntime({
    port: 0,
    ...emulatorEndpoints(),
    clock: new ManualClock("2026-03-02T09:00:00Z"),
    pollMs: 60_000,
    config: {
      devSignIn: true,
      depositsRequired: false,
      tableName: `journey_${suffix}`,
      bucketName: `journey-${suffix}`,
    },
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

async function call(token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.status === 204 ? null : await read(res) };
}

async function signIn(email: string, name: string, role?: "admin"): Promise<string> {
  const res = await call(undefined, "POST", "/v1/auth/dev-login", { email, name, ...(role ? { role } : {}) });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

type Mail = { subject: string; text: string; template?: string };

/** The mail to `to` once one with `template` has arrived: mail leaves through the outbox after the change commits. */
async function outbox(to: string, template: string): Promise<Mail[]> {
  for (let i = 0; ; i++) {
    const res = await fetch(`${runtime.url}/dev/outbox?to=${encodeURIComponent(to)}`, {
      headers: { accept: "application/json" },
    });
    const items: Mail[] = (await read(res)).items;
    if (items.some((m) => m.template === template) || i >= 100) return items;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const hour = (meetingTime: string) => Number(meetingTime.split(" ")[1]!.slice(0, 2));

describe("matching journey in the local runtime", () => {
  it("takes new learners from the waitlist to an active pod", async () => {
    const people = [];
    for (const l of LEARNERS) {
      const email = `${l.name.toLowerCase()}@example.com`;
      const token = await signIn(email, l.name);
      people.push({ ...l, email, token });
    }

    // Bruno saved his availability in his preferences and joins with the sprint type alone; the others say it all.
    const [ada, bruno, cy, dana] = people as [
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
    ];
    const prefs = await call(bruno.token, "PUT", "/v1/me/preferences", {
      timezone: bruno.timezone,
      availability: bruno.windows,
      experienceLevel: "advanced",
      collaborationStyle: "structured",
      notifications: {
        sessionReminders: { email: true },
        reviewReminders: { email: true },
        podUpdates: { email: true },
        marketing: { email: false },
      },
      integrations: { calendarFeed: { enabled: false } },
      srsAlgorithm: "sm2",
    });
    expect(prefs.status).toBe(200);
    expect((await call(bruno.token, "POST", "/v1/waitlist", { sprintType: "net_prompting" })).status).toBe(201);
    for (const l of [ada, cy, dana]) {
      const joined = await call(l.token, "POST", "/v1/waitlist", {
        sprintType: "net_prompting",
        timezone: l.timezone,
        locale: l.locale,
        windows: l.windows,
        experienceLevel: "intermediate",
        collaborationStyle: l === cy ? "flexible" : "structured",
      });
      expect(joined.status).toBe(201);
    }
    const waiting = await call(cy.token, "GET", "/v1/waitlist");
    expect(waiting.body.items).toMatchObject([{ sprintType: "net_prompting", status: "waitlisted", reason: null }]);
    const matches = await call(dana.token, "GET", "/v1/matches?sprintType=net_prompting");
    expect(matches.body.items[0].candidates).toHaveLength(3);

    const admin = await signIn("admin@example.com", "Admin", "admin");
    const run = await call(admin, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ waitlisted: 4, podsFormed: 1, matched: 4, stillWaiting: 0, conflicts: 0 });
    const podId: string = run.body.podIds[0];

    const seen = new Map<string, any>();
    for (const l of people) {
      const mine = await call(l.token, "GET", "/v1/pods");
      expect(mine.body.items).toMatchObject([{ id: podId, status: "forming", myStatus: "invited", members: 4 }]);
      const pod = await call(l.token, "GET", `/v1/pods/${podId}`);
      expect(pod.status).toBe(200);
      expect(pod.body.members.map((m: any) => m.displayName).sort()).toEqual(["Ada", "Bruno", "Cy", "Dana"]);
      expect(pod.body.members.filter((m: any) => m.isYou).map((m: any) => m.displayName)).toEqual([l.name]);
      expect(pod.body.pairwise).toHaveLength(6);
      for (const k of ["overall", "timezoneMatch", "experienceLevel", "collaborationStyle", "availabilityOverlap"]) {
        expect(pod.body.score[k]).toBeGreaterThanOrEqual(0);
        expect(pod.body.score[k]).toBeLessThanOrEqual(1);
      }
      expect(pod.body.timezone).toBe(l.timezone);
      expect(pod.body.explanation.headline).toBe(`You can all meet ${pod.body.meetingTime} your time.`);
      expect(pod.body.explanation.reasons.length).toBeGreaterThan(2);
      seen.set(l.name, pod.body);

      const [invite] = (await outbox(l.email, "pod_invited")).filter((m) => m.template === "pod_invited");
      expect(invite?.text).toContain(`You can all meet ${pod.body.meetingTime} your time.`);
    }
    // The same weekly time in each learner's clock: Berlin an hour after London, New York five hours before.
    const london = hour(seen.get("Ada").meetingTime);
    expect(hour(seen.get("Bruno").meetingTime)).toBe(london + 1);
    expect(hour(seen.get("Cy").meetingTime)).toBe(london - 5);
    expect(seen.get("Dana").meetingTime).toBe(seen.get("Ada").meetingTime);

    for (const [i, l] of people.entries()) {
      const accepted = await call(l.token, "POST", `/v1/pods/${podId}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({
        podId,
        myStatus: "accepted",
        podStatus: i === people.length - 1 ? "active" : "forming",
      });
    }
    const active = await call(ada.token, "GET", `/v1/pods/${podId}`);
    expect(active.body).toMatchObject({ status: "active", myStatus: "accepted" });
    expect(active.body.members.every((m: any) => m.status === "accepted")).toBe(true);
    expect((await outbox(cy.email, "pod_active")).some((m) => m.template === "pod_active")).toBe(true);
    const dashboard = await call(dana.token, "GET", "/v1/me/dashboard");
    expect(dashboard.body.pods).toMatchObject([{ id: podId, status: "active" }]);
  }, 60_000);
});
