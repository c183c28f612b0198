// The db-calls scenario: a signed-in learner with an active pod calls each API route; DynamoDB requests are
// counted on the wire for each call. Shared by `pnpm bench db-calls` and the read-bound integration test.
import { devLogIn } from "../../packages/core/src/auth/index.js";
import { forgetCatalog, seedCatalog } from "../../packages/core/src/catalog/index.js";
import { deliverDueEffects, type Platform } from "../../packages/core/src/platform/index.js";
import { createApp } from "../../packages/functions/src/api/app.js";
import { tally, type WireCounter } from "../../packages/functions/src/local/dynamo-wire-counter.js";

/** The goal for every read route: authentication included. */
export const READ_GOAL = 2;

export interface RouteMeasure {
  /** `GET /v1/pods/{id}` */
  route: string;
  kind: "read" | "write";
  /** A note on the circumstances (e.g. "catalog not cached yet"). */
  note?: string;
  status: number;
  reads: number;
  writes: number;
  /** Requests that hit the local stand-ins for SQS, the Scheduler and SES (not DynamoDB in the cloud). */
  standIn: number;
  byOperation: Record<string, number>;
  /** The route's answer, for checking the scenario did what it says. */
  answer: unknown;
}

const LONDON_EVENINGS = [
  { weekday: 2, start: "18:00", end: "21:00" },
  { weekday: 4, start: "18:00", end: "21:00" },
];

const PREFERENCES = {
  timezone: "Europe/London",
  availability: LONDON_EVENINGS,
  experienceLevel: "intermediate",
  collaborationStyle: "structured",
  notifications: {
    sessionReminders: { email: true },
    reviewReminders: { email: true },
    podUpdates: { email: true },
    marketing: { email: false },
  },
  integrations: { calendarFeed: { enabled: false } },
  srsAlgorithm: "sm2",
};

const GOAL = {
  sprintType: "net_prompting",
  title: "Ship a small LLM tool",
  schedule: {
    timezone: "Europe/London",
    frequency: { sessionsPerWeek: 1 },
    defaultSlots: [{ weekday: 2, time: "18:00", durationMinutes: 60 }],
  },
  proofMethod: "code_artifact",
  startDate: "2026-03-02",
};

const WAITLIST = {
  sprintType: "net_prompting",
  timezone: "Europe/London",
  locale: "en-GB",
  windows: LONDON_EVENINGS,
  experienceLevel: "intermediate",
  collaborationStyle: "structured",
};

/**
 * Runs the scenario on `p` (whose DynamoDB endpoint is `wire`'s) and answers one measure per route call. The
 * platform needs dev sign-in on and its own table; the catalog is seeded here.
 */
export async function measureRoutes(p: Platform, wire: WireCounter, table: string): Promise<RouteMeasure[]> {
  await seedCatalog(p);
  const app = createApp(p);
  const measures: RouteMeasure[] = [];

  const send = async (token: string | undefined, method: string, path: string, body?: unknown, cookie?: string) =>
    app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(cookie ? { cookie } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** One measured call; `route` names the route template. Fails loudly on an error answer. */
  async function measure(
    kind: RouteMeasure["kind"],
    route: string,
    call: () => Promise<Response>,
    note?: string,
  ): Promise<any> {
    wire.reset();
    const res = await call();
    const text = await res.text();
    const answer = text ? (JSON.parse(text) as unknown) : undefined;
    // Writes that finish after the answer (none expected) would be missed; the tally is taken once answered.
    const requests = wire.requests.filter((r) => r.table === table);
    if (res.status >= 400) throw new Error(`${route} answered ${res.status}: ${text}`);
    const counted = tally(requests.filter((r) => !r.localStandIn));
    measures.push({
      route,
      kind,
      ...(note ? { note } : {}),
      status: res.status,
      reads: counted.reads,
      writes: counted.writes,
      standIn: requests.filter((r) => r.localStandIn).length,
      byOperation: counted.byOperation,
      answer,
    });
    return answer;
  }

  // Learners and an admin, signed in outside the measures.
  const ada = await devLogIn(p, { email: "ada@example.com", name: "Ada" });
  const bob = await devLogIn(p, { email: "bob@example.com", name: "Bob" });
  const cy = await devLogIn(p, { email: "cy@example.com", name: "Cy" });
  const admin = await devLogIn(p, { email: "admin@example.com", name: "Admin", role: "admin" });
  const token = ada.accessToken;

  // Catalog: the first read after a cold start, then from memory.
  forgetCatalog(p);
  await measure("read", "GET /v1/sprint-types", () => send(undefined, "GET", "/v1/sprint-types"), "cold container");
  await measure("read", "GET /v1/sprint-types", () => send(undefined, "GET", "/v1/sprint-types"), "cached");

  // Setting up the account.
  await measure("write", "PUT /v1/me/preferences", () => send(token, "PUT", "/v1/me/preferences", PREFERENCES));
  await measure("write", "PATCH /v1/me/onboarding", () =>
    send(token, "PATCH", "/v1/me/onboarding", { step: "timezone", completed: true }),
  );
  await measure("write", "PUT /v1/me/consents", () =>
    send(token, "PUT", "/v1/me/consents", { learningData: true, emails: true }),
  );
  const goal = await measure("write", "POST /v1/goals", () => send(token, "POST", "/v1/goals", GOAL));
  await measure("write", "PATCH /v1/goals/{id}", () =>
    send(token, "PATCH", `/v1/goals/${goal.id}`, { title: "Ship a small LLM tool, tested" }),
  );

  // Into a pod: three learners wait, the admin forms the pod, everyone accepts (the last acceptance activates it).
  await measure("write", "POST /v1/waitlist", () => send(token, "POST", "/v1/waitlist", WAITLIST));
  for (const other of [bob, cy]) await send(other.accessToken, "POST", "/v1/waitlist", WAITLIST);
  const run = await measure("write", "POST /v1/admin/matching/run", () =>
    send(admin.accessToken, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" }),
  );
  const podId = run.podIds[0] as string;
  await measure("write", "POST /v1/pods/{id}/accept", () => send(token, "POST", `/v1/pods/${podId}/accept`));
  await send(bob.accessToken, "POST", `/v1/pods/${podId}/accept`);
  await measure(
    "write",
    "POST /v1/pods/{id}/accept",
    () => send(cy.accessToken, "POST", `/v1/pods/${podId}/accept`),
    "last answer: the pod becomes active",
  );
  const job = await measure("write", "POST /v1/me/export", () => send(token, "POST", "/v1/me/export"));
  // The pod's sessions (made by the activation's effects), and a coach document a member wrote for the first one.
  await deliverDueEffects(p);
  const sessionId = `${podId}-001`;
  await measure(
    "write",
    "PUT /v1/sessions/{id}/coach",
    () =>
      send(token, "PUT", `/v1/sessions/${sessionId}/coach`, { version: 0, notes: { summary: "Plan", decisions: [] } }),
    "a member's first version",
  );

  // The reads, for a learner with an active pod.
  const reads: [string, string][] = [
    ["GET /v1/me", "/v1/me"],
    ["GET /v1/me/preferences", "/v1/me/preferences"],
    ["GET /v1/me/onboarding", "/v1/me/onboarding"],
    ["GET /v1/me/consents", "/v1/me/consents"],
    ["GET /v1/me/dashboard", "/v1/me/dashboard"],
    ["GET /v1/goals", "/v1/goals"],
    ["GET /v1/goals/{id}", `/v1/goals/${goal.id}`],
    ["GET /v1/waitlist", "/v1/waitlist"],
    ["GET /v1/matches", "/v1/matches"],
    ["GET /v1/pods", "/v1/pods"],
    ["GET /v1/pods/{id}", `/v1/pods/${podId}`],
    ["GET /v1/jobs/{id}", `/v1/jobs/${job.id}`],
    ["GET /v1/sessions/{id}/coach", `/v1/sessions/${sessionId}/coach`],
    ["GET /v1/sessions/{id}/coach/versions", `/v1/sessions/${sessionId}/coach/versions`],
    ["GET /v1/sessions/{id}/coach/versions/{n}", `/v1/sessions/${sessionId}/coach/versions/1`],
  ];
  for (const [route, path] of reads) await measure("read", route, () => send(token, "GET", path));
  await measure("read", "GET /v1/admin/users", () => send(admin.accessToken, "GET", "/v1/admin/users"));
  await measure("read", "GET /v1/admin/users/{id}", () =>
    send(admin.accessToken, "GET", `/v1/admin/users/${ada.user.id}`),
  );

  // Changes after the pod exists.
  await measure("write", "PATCH /v1/me", () => send(token, "PATCH", "/v1/me", { name: "Ada L." }), "rename, 1 pod");
  await measure("write", "POST /v1/waitlist", () =>
    send(token, "POST", "/v1/waitlist", { ...WAITLIST, sprintType: "gym_3x_week" }),
  );
  await measure("write", "DELETE /v1/waitlist/{sprintType}", () => send(token, "DELETE", "/v1/waitlist/gym_3x_week"));
  await measure("write", "PUT /v1/admin/users/{id}/role", () =>
    send(admin.accessToken, "PUT", `/v1/admin/users/${bob.user.id}/role`, { role: "admin" }),
  );
  const cookie = `pactly_refresh=${ada.refresh.token}`;
  await measure("write", "POST /v1/auth/refresh", () => send(undefined, "POST", "/v1/auth/refresh", undefined, cookie));
  return measures;
}
