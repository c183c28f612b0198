// Reports, moderation decisions, suspensions and appeals over HTTP, against DynamoDB Local: a learner reports what
// they see of a pod-mate, an admin works the queue, three upheld reports in 30 days suspend the account by
// themselves, a suspended learner reads and appeals but cannot write, an overturned appeal lifts the suspension, and
// every step is in the append-only audit log.
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { deliverDueEffects, ManualClock } from "@pactly/core/platform";
import { buildExport, eraseUser } from "@pactly/core/privacy";
import { suspensionFromStrikes } from "@pactly/core/safety";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { GOAL_BODY, WAITLIST_LONDON as LONDON } from "../security/harness.js";

async function setup() {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, clock, config: { devSignIn: true } });
  await seedCatalog(p);
  const app = createApp(p);
  // A fresh sign-in for every call: the tests move the clock past an access token's life.
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
    return { status: res.status, json: (await res.json()) as any };
  };
  const [ada, bob, cy, eve, root] = ["ada", "bob", "cy", "eve", "root"].map((n) => `${n}@example.com`) as [
    string,
    string,
    string,
    string,
    string,
  ];
  await tokenFor(root, "admin");
  for (const t of [ada, bob, cy]) await call(t, "POST", "/waitlist", LONDON);
  const run = await call(root, "POST", "/admin/matching/run", { sprintType: "net_prompting" });
  const podId = run.json.podIds[0] as string;
  for (const t of [ada, bob, cy]) expect((await call(t, "POST", `/pods/${podId}/accept`)).status).toBe(200);
  await deliverDueEffects(p);
  const sessions = (await call(ada, "GET", `/pods/${podId}/sessions`)).json.items as any[];
  const ids = Object.fromEntries(
    await Promise.all([ada, bob, cy, eve, root].map(async (t) => [t, (await call(t, "GET", "/me")).json.id as string])),
  ) as Record<string, string>;
  return { p, clock, call, podId, sessions, ada, bob, cy, eve, root, ids };
}

const mailsTo = async (p: any, email: string) => (await p.local.outbox.list({ to: email, limit: 100 })).items as any[];

describe("reports and moderation", () => {
  it("takes reports of what a learner sees, decides them, suspends after three, and lets the learner appeal", async () => {
    const { p, clock, call, podId, sessions, ada, bob, cy, eve, root, ids } = await setup();
    const s = sessions[0];
    clock.set(new Date(Date.parse(s.startsAt) + 60_000));
    const said = "Everyone else here is useless, I carry this pod";
    expect((await call(bob, "POST", `/sessions/${s.id}/checkins`, { attended: true, rpe: 7, win: said })).status).toBe(
      200,
    );
    const checkin = { kind: "checkin", sessionId: s.id, userId: ids[bob] };

    // Ada reports Bob's check-in; the same report again is the same one.
    const first = await call(ada, "POST", "/reports", { target: checkin, reason: "harassment", details: "Rude" });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ status: "open", reason: "harassment", target: checkin });
    const again = await call(ada, "POST", "/reports", { target: checkin, reason: "harassment" });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);

    // What a learner cannot see, themselves, or a malformed report are refused in the error format.
    const outsider = await call(eve, "POST", "/reports", { target: checkin, reason: "spam" });
    expect([403, 404]).toContain(outsider.status);
    expect(outsider.json.error.code).toMatch(/not_found|not_member|forbidden/);
    const self = await call(bob, "POST", "/reports", {
      target: { kind: "user", userId: ids[bob], podId },
      reason: "other",
    });
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe("report.self");
    const stranger = await call(ada, "POST", "/reports", {
      target: { kind: "user", userId: ids[eve], podId },
      reason: "spam",
    });
    expect(stranger.status).toBe(404);
    const bad = await call(ada, "POST", "/reports", { target: { kind: "email" }, reason: "rude", status: "upheld" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation.failed");

    // The queue is for admins; it shows what was said when it was reported, and by whom it was said.
    expect((await call(ada, "GET", "/admin/reports")).status).toBe(403);
    const queue = await call(root, "GET", "/admin/reports?status=open");
    expect(queue.status).toBe(200);
    expect(queue.json.items).toHaveLength(1);
    expect(queue.json.items[0]).toMatchObject({
      id: first.json.id,
      subjectUserId: ids[bob],
      subjectName: "bob",
      source: "learner",
      details: "Rude",
    });
    expect(queue.json.items[0].excerpt).toContain(said);

    // A suspension needs its length; a learner cannot decide.
    expect(
      (await call(ada, "POST", `/admin/reports/${first.json.id}/decision`, { outcome: "dismiss", note: "x" })).status,
    ).toBe(403);
    const noDays = await call(root, "POST", `/admin/reports/${first.json.id}/decision`, {
      outcome: "suspend",
      note: "Insults",
    });
    expect(noDays.status).toBe(400);
    expect(noDays.json.error.code).toBe("decision.days_required");

    // First upheld decision: a warning, emailed to Bob; deciding twice is a conflict.
    const warned = await call(root, "POST", `/admin/reports/${first.json.id}/decision`, {
      outcome: "warn",
      note: "Please keep check-ins kind.",
    });
    expect(warned.status).toBe(200);
    expect(warned.json).toMatchObject({ status: "upheld", decision: { outcome: "warn", until: null } });
    const twice = await call(root, "POST", `/admin/reports/${first.json.id}/decision`, { outcome: "ban", note: "x" });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe("report.decided");
    await deliverDueEffects(p);
    const warning = (await mailsTo(p, bob)).find((m: any) => m.subject.includes("warning"));
    expect(warning?.text).toContain("Please keep check-ins kind.");
    expect((await call(bob, "POST", "/goals", GOAL_BODY)).status).toBe(201);

    // Two more upheld reports within 30 days: Bob is suspended for 7 days without anyone deciding it.
    const second = await call(cy, "POST", "/reports", { target: checkin, reason: "harassment" });
    const third = await call(ada, "POST", "/reports", {
      target: { kind: "user", userId: ids[bob], podId },
      reason: "harassment",
    });
    expect([second.status, third.status]).toEqual([201, 201]);
    for (const r of [second, third]) {
      clock.advance(3_600_000);
      expect(
        (await call(root, "POST", `/admin/reports/${r.json.id}/decision`, { outcome: "warn", note: "Again rude." }))
          .status,
      ).toBe(200);
    }
    const write = await call(bob, "POST", "/goals", GOAL_BODY);
    expect(write.status).toBe(403);
    expect(write.json.error.code).toBe("account.suspended");
    const until = write.json.error.details.until as string;
    expect(Date.parse(until) - clock.now().getTime()).toBeCloseTo(7 * 86_400_000, -5);
    // Reading still works, and so does the standing page's read.
    expect((await call(bob, "GET", "/me")).status).toBe(200);
    const standing = await call(bob, "GET", "/appeals");
    expect(standing.json.suspension).toEqual({ until });
    expect(standing.json.decisions).toHaveLength(3);
    expect(standing.json.decisions.every((d: any) => d.canAppeal)).toBe(true);
    // Neither the reporters nor the deciding admin are named to Bob.
    expect(JSON.stringify(standing.json)).not.toContain(ids[ada]!);
    expect(JSON.stringify(standing.json)).not.toContain(ids[root]!);
    expect(standing.json.decisions[0].decision.decidedBy).toBe("moderator");

    // Bob appeals the third decision, once; a decision about someone else is not his to appeal.
    const appeal = await call(bob, "POST", "/appeals", {
      reportId: third.json.id,
      text: "I was quoting someone else's message, not insulting anyone.",
    });
    expect(appeal.status).toBe(201);
    expect(appeal.json.status).toBe("open");
    const again2 = await call(bob, "POST", "/appeals", { reportId: third.json.id, text: "Please look again at it." });
    expect(again2.status).toBe(409);
    expect(again2.json.error.code).toBe("appeal.exists");
    expect(
      (await call(cy, "POST", "/appeals", { reportId: third.json.id, text: "Not mine to appeal, but..." })).status,
    ).toBe(404);
    expect((await call(bob, "POST", "/appeals", { reportId: third.json.id, text: "short" })).status).toBe(400);

    // The admin overturns it: two upheld decisions remain, so the suspension is lifted.
    const open = await call(root, "GET", "/admin/appeals?status=open");
    expect(open.json.items.map((a: any) => a.reportId)).toEqual([third.json.id]);
    const overturned = await call(root, "POST", `/admin/appeals/${third.json.id}/decision`, {
      outcome: "overturned",
      note: "It was a quote.",
    });
    expect(overturned.status).toBe(200);
    expect(overturned.json).toMatchObject({ status: "overturned", decision: { note: "It was a quote." } });
    expect(
      (await call(root, "POST", `/admin/appeals/${third.json.id}/decision`, { outcome: "upheld", note: "x" })).status,
    ).toBe(409);
    expect((await call(bob, "POST", "/goals", { ...GOAL_BODY, title: "Back again" })).status).toBe(201);
    const after = await call(bob, "GET", "/appeals");
    expect(after.json.suspension).toBeNull();
    expect(after.json.decisions.find((d: any) => d.reportId === third.json.id)).toMatchObject({
      status: "overturned",
      canAppeal: false,
    });
    await deliverDueEffects(p);
    expect((await mailsTo(p, bob)).some((m: any) => m.subject === "Your appeal was accepted")).toBe(true);

    // Every step is in the audit log, newest first, and nothing in it was changed.
    const audit = await call(root, "GET", `/admin/audit?subjectUserId=${ids[bob]}&limit=100`);
    const actions = (audit.json.items as any[]).map((e) => e.action).reverse();
    expect(actions).toEqual([
      "report.filed",
      "report.decided",
      "report.filed",
      "report.filed",
      "report.decided",
      "report.decided",
      "account.suspended",
      "appeal.filed",
      "appeal.decided",
      "account.reinstated",
    ]);
    const suspendedEntry = (audit.json.items as any[]).find((e) => e.action === "account.suspended");
    expect(suspendedEntry.details).toMatchObject({ until, because: "3 upheld reports within 30 days" });
    expect(suspendedEntry).toMatchObject({ actorName: "Pactly (automatic)", subjectName: "bob" });
    expect((audit.json.items as any[]).find((e) => e.action === "appeal.decided").actorName).toBe("root");
    expect((await call(ada, "GET", "/admin/audit")).status).toBe(403);
  });

  it("suspends for the days an admin chose, until they pass, and bans without an end", async () => {
    const { clock, call, podId, ada, bob, cy, root, ids } = await setup();
    const r = await call(ada, "POST", "/reports", {
      target: { kind: "user", userId: ids[bob], podId },
      reason: "spam",
    });
    const decided = await call(root, "POST", `/admin/reports/${r.json.id}/decision`, {
      outcome: "suspend",
      note: "Spam links in the profile.",
      days: 2,
    });
    expect(decided.json.decision.until).toBe(new Date(clock.now().getTime() + 2 * 86_400_000).toISOString());
    expect((await call(bob, "PATCH", "/me", { bio: "Hello" })).json.error?.code).toBe("account.suspended");
    // Erasing the account and exporting stay possible; the suspension ends by itself.
    clock.advance(2 * 86_400_000 + 1000);
    expect((await call(bob, "PATCH", "/me", { bio: "Hello" })).status).toBe(200);

    const ban = await call(cy, "POST", "/reports", {
      target: { kind: "user", userId: ids[bob], podId },
      reason: "hate",
    });
    await call(root, "POST", `/admin/reports/${ban.json.id}/decision`, { outcome: "ban", note: "Hate speech." });
    clock.advance(400 * 86_400_000);
    const refused = await call(bob, "POST", "/goals", GOAL_BODY);
    expect(refused.json.error).toMatchObject({ code: "account.suspended", details: { until: null } });
    expect((await call(bob, "GET", "/appeals")).json.suspension).toEqual({ until: null });
  });

  it("exports a learner's reports and decisions, and erasure leaves no excerpt or reporter id behind", async () => {
    const { p, call, podId, ada, bob, root, ids } = await setup();
    const r = await call(ada, "POST", "/reports", {
      target: { kind: "user", userId: ids[bob], podId },
      reason: "spam",
    });
    await call(root, "POST", `/admin/reports/${r.json.id}/decision`, { outcome: "warn", note: "No ads, please." });
    await call(bob, "POST", "/appeals", { reportId: r.json.id, text: "These were links to my own notes." });

    const adaExport = (await buildExport(p, ids[ada]!)) as any;
    expect(adaExport.sections.safety.reportsMade).toEqual([expect.objectContaining({ id: r.json.id, reason: "spam" })]);
    const bobExport = (await buildExport(p, ids[bob]!)) as any;
    expect(bobExport.sections.safety.decisions).toEqual([
      expect.objectContaining({ reportId: r.json.id, decision: expect.objectContaining({ note: "No ads, please." }) }),
    ]);
    expect(JSON.stringify(bobExport.sections.safety)).not.toContain(ids[ada]!);

    await eraseUser(p, { userId: ids[ada]!, role: "learner" }, ids[ada]!);
    await eraseUser(p, { userId: ids[bob]!, role: "learner" }, ids[bob]!);
    const kept = await call(root, "GET", `/admin/reports/${r.json.id}`);
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({ reporterId: "erased", excerpt: null, status: "upheld" });
    expect(JSON.stringify(kept.json)).not.toContain(ids[ada]!);
    // The audit log keeps what was done, by opaque ids only.
    const audit = await call(root, "GET", "/admin/audit?limit=100");
    expect(audit.json.items.map((e: any) => e.action)).toContain("appeal.filed");
  });

  it("derives the suspension from the upheld decisions: three within 30 days, not spread wider", () => {
    const strike = (day: number, outcome = "warn", until: string | null = null) =>
      ({ at: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(), outcome, until }) as any;
    const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day, 12));
    expect(suspensionFromStrikes([strike(0), strike(20)], at(21))).toBeUndefined();
    expect(suspensionFromStrikes([strike(0), strike(20), strike(29)], at(30))).toEqual({
      until: new Date(Date.UTC(2026, 0, 1 + 29 + 7)).toISOString(),
    });
    expect(suspensionFromStrikes([strike(0), strike(20), strike(31)], at(32))).toBeUndefined();
    expect(suspensionFromStrikes([strike(0), strike(1), strike(2)], at(10))).toBeUndefined();
    expect(suspensionFromStrikes([strike(0, "ban")], at(1000))).toEqual({ until: null });
  });
});
