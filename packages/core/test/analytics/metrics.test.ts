// Business metrics against DynamoDB Local: random sequences of what learners, pods and Stripe do go through the real
// call sites, and the day counters (read back with readMetrics) equal a recount from the raw records they left —
// sessions, joins, check-ins, formation runs, deposits. Active learners are distinct per day, ISO week and month;
// coach latency p50/p95 read from the histogram's buckets stays within a bucket of the exact percentile.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import {
  ActiveMarker,
  COACH_LATENCY_BUCKETS_MS,
  coachBucketOf,
  coachBucketRange,
  isoWeekOf,
  MetricCounter,
  markActive,
  metricsRange,
  monthOf,
  readMetrics,
  recordCoachLatency,
} from "../../src/analytics/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import { startDeposit } from "../../src/payments/deposits.js";
import { paymentsDomain } from "../../src/payments/module.js";
import { type DepositItem, depositKey } from "../../src/payments/records.js";
import { receiveStripeWebhook } from "../../src/payments/webhooks.js";
import {
  deliverDueEffects,
  type Item,
  isAppError,
  ManualClock,
  type Platform,
  signEvent,
} from "../../src/platform/index.js";
import { acceptInvitation, runFormation } from "../../src/pods/index.js";
import { podsDomain } from "../../src/pods/module.js";
import { FormationRunRecord } from "../../src/pods/records.js";
import {
  advanceSession,
  cancelSession,
  endSession,
  joinSession,
  listPodSessions,
  startSession,
  submitCheckIn,
} from "../../src/sessions/index.js";
import { sessionsDomain } from "../../src/sessions/module.js";
import type { CheckInItem, JoinItem, SessionItem } from "../../src/sessions/records.js";
import { SessionRecord } from "../../src/sessions/records.js";
import { testPlatform } from "../helpers/platform.js";
import { admin, londoner, START, waitlisted } from "../pods/helpers.js";

const DAY = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);

/** Every counter of every shard of the periods starting with `prefix` (`WEEK#`, `MONTH#`), summed per period. */
async function periodTotals(p: Platform, prefix: string): Promise<Map<string, number>> {
  const items = await p.store.queryAll<Item & { period: string; activeLearners?: number }>(
    MetricCounter.query("range", { first: prefix, last: `${prefix}\uffff` }),
  );
  const out = new Map<string, number>();
  for (const i of items) out.set(i.period, (out.get(i.period) ?? 0) + (i.activeLearners ?? 0));
  return out;
}

/** Distinct learners per period from (learner, instant) pairs. */
function distinct(events: readonly { userId: string; at: Date }[], periodOf: (d: Date) => string) {
  const sets = new Map<string, Set<string>>();
  for (const e of events) {
    const k = periodOf(e.at);
    sets.set(k, (sets.get(k) ?? new Set()).add(e.userId));
  }
  return new Map([...sets].map(([k, s]) => [k, s.size]));
}

/** The metrics read for a range, each day's active learners, and the totals of the range's days. */
async function metricsOver(p: Platform, from: string, to: string) {
  const m = await readMetrics(p, { from, to });
  const total = (k: keyof (typeof m.days)[number]) => m.days.reduce((n, d) => n + (d[k] as number), 0);
  return {
    m,
    total,
    active: new Map(m.days.filter((d) => d.activeLearners > 0).map((d) => [d.from, d.activeLearners])),
  };
}

describe("active learners", () => {
  it("count each learner once per UTC day, ISO week and month, whatever they do and how often", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            user: fc.integer({ min: 0, max: 4 }),
            // Hours from Sunday 28 December 2025: crosses a day, an ISO week, a month and a year.
            hour: fc.integer({ min: 0, max: 24 * 45 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (raw) => {
          const clock = new ManualClock("2025-12-28T00:00:00.000Z");
          const { platform: p } = await testPlatform({ clock });
          const events = raw.map((e) => ({
            userId: `u${e.user}`,
            at: new Date(Date.parse("2025-12-28T00:00:00.000Z") + e.hour * 3_600_000 + 1_000),
          }));
          // In time order, as a learner's actions happen; the same instant twice is two actions.
          for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
            clock.set(e.at);
            await markActive(p, e.userId);
          }
          const { active } = await metricsOver(p, "2025-12-28", "2026-02-12");
          expect(active).toEqual(distinct(events, (d) => day(d.toISOString())));
          // The markers in the learners' partitions are the raw record of who was counted.
          const markers = new Map<string, number>();
          for (const u of new Set(events.map((e) => e.userId))) {
            const mine = await p.store.queryAll<Item & { period: string; expiresAt: number }>({
              pk: `USER#${u}`,
              sk: { beginsWith: "ACTIVE#" },
            });
            for (const m of mine) {
              markers.set(m.period, (markers.get(m.period) ?? 0) + 1);
              expect(m.expiresAt).toBeGreaterThan(Math.floor(clock.now().getTime() / 1000) - 40 * 86_400);
            }
          }
          const weeks = distinct(events, (d) => `WEEK#${isoWeekOf(d)}`);
          const months = distinct(events, (d) => `MONTH#${monthOf(d)}`);
          expect(await periodTotals(p, "WEEK#")).toEqual(weeks);
          expect(await periodTotals(p, "MONTH#")).toEqual(months);
          for (const [period, n] of [...weeks, ...months]) expect(markers.get(period)).toBe(n);
          // This week and this month as the admin page shows them (the clock is at the last event).
          const last = new Date(Math.max(...events.map((e) => e.at.getTime())));
          const now = await readMetrics(p, { from: day(last.toISOString()), to: day(last.toISOString()) });
          expect(now.thisWeek.activeLearners).toBe(weeks.get(`WEEK#${isoWeekOf(last)}`));
          expect(now.thisMonth.activeLearners).toBe(months.get(`MONTH#${monthOf(last)}`));
          expect(now.today.activeLearners).toBe(
            distinct(events, (d) => day(d.toISOString())).get(day(last.toISOString())),
          );
        },
      ),
      { numRuns: 8, seed: 20261203, endOnFailure: true },
    );
  }, 120_000);

  it("keeps its marker keys in the learner's partition", () => {
    expect(ActiveMarker.key("one", { userId: "u1", period: "DAY#2026-01-05" })).toEqual({
      pk: "USER#u1",
      sk: "ACTIVE#DAY#2026-01-05",
    });
  });
});

type Fate = { t: "cancel" } | { t: "end" } | { t: "advance" };
const sessionPlan = fc.record({
  fate: fc.constantFrom<Fate>({ t: "cancel" }, { t: "end" }, { t: "advance" }),
  joiners: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  twice: fc.boolean(),
  checkers: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});

describe("session, check-in and formation metrics", () => {
  it("equal a recount of the sessions, joins, check-ins and formation runs the real flows wrote", async () => {
    // What the runs reached: the sequences must complete and cancel sessions and check in, not only no-ops.
    const reached = { completed: 0, cancelled: 0, checkIns: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(sessionPlan, { minLength: 1, maxLength: 3 }), async (plans) => {
        const clock = new ManualClock(START);
        const { platform: p } = await testPlatform({ clock, domains: [podsDomain, sessionsDomain] });
        await seedCatalog(p);
        const members = await waitlisted(p, ["Ada", "Bob", "Cy", "Dee"]);
        const run = await runFormation(p, admin, { sprintType: "net_prompting", podSize: { min: 3, max: 3 } });
        const podId = run.podIds[0]!;
        const pod = members.filter((m) => run.pods[0]!.members.some((x) => x.userId === m.userId));
        for (const m of pod) await acceptInvitation(p, m, podId);
        await deliverDueEffects(p); // the pod's activation schedules its sessions (one a week)
        const sessions = (await listPodSessions(p, pod[0]!, podId)).slice(0, plans.length);
        for (const [i, plan] of plans.entries()) {
          const s = sessions[i]!;
          if (plan.fate.t === "cancel") {
            clock.set(new Date(Date.parse(s.startsAt) - 2 * 3_600_000));
            await cancelSession(p, pod[i % pod.length]!, s.id, { reason: "Half the pod is away" });
            continue;
          }
          clock.set(new Date(Date.parse(s.startsAt) + 60_000));
          for (const [j, m] of pod.entries()) {
            if (!plan.joiners[j]) continue;
            await joinSession(p, m, s.id);
            if (plan.twice) await joinSession(p, m, s.id);
          }
          for (const [j, m] of pod.entries()) {
            if (plan.checkers[j]) await submitCheckIn(p, m, s.id, { attended: true, rpe: 6, win: "Shipped it" });
          }
          if (plan.fate.t === "end") {
            await startSession(p, pod[0]!, s.id);
            clock.advance(30 * 60_000);
            await endSession(p, pod[0]!, s.id);
          } else {
            clock.set(new Date(Date.parse(s.endsAt) + 60_000));
            await advanceSession(p, s.id);
          }
        }

        // The raw records.
        const items = await p.store.queryAll<Item>(SessionRecord.query("ofPod", { podId }));
        const stored = items.filter((i): i is SessionItem => i.type === "Session");
        const completed = stored.filter((s) => s.status === "completed");
        const joins = items.filter((i): i is JoinItem => i.type === "SessionJoin");
        const checkIns = items.filter((i): i is CheckInItem => i.type === "CheckIn");
        const runs = await p.store.queryAll<Item & { matched: number; waitlisted: number }>(
          FormationRunRecord.query("ofSprintType", { sprintType: "net_prompting" }),
        );
        const activity = [
          ...joins.flatMap((j) => [j.joinedAt, j.lastJoinedAt].map((at) => ({ userId: j.userId, at: new Date(at) }))),
          ...checkIns.map((c) => ({ userId: c.userId, at: new Date(c.createdAt) })),
        ];

        const { m, total, active } = await metricsOver(p, day(START), day(clock.now().toISOString()));
        reached.completed += completed.length;
        reached.cancelled += stored.filter((s) => s.status === "cancelled").length;
        reached.checkIns += checkIns.length;
        expect(total("sessionsCompleted")).toBe(completed.length);
        expect(total("sessionsCancelled")).toBe(stored.filter((s) => s.status === "cancelled").length);
        expect(total("checkIns")).toBe(checkIns.length);
        expect(total("checkInsExpected")).toBe(
          completed.reduce((n, s) => n + Object.values(s.attendance ?? {}).filter((a) => a !== "absent").length, 0),
        );
        expect(total("learnersMatched")).toBe(runs.reduce((n, r) => n + r.matched, 0));
        expect(total("learnersWaitlisted")).toBe(runs.reduce((n, r) => n + r.waitlisted, 0));
        expect(total("learnersWaitlisted")).toBe(4);
        expect(active).toEqual(distinct(activity, (d) => day(d.toISOString())));
        expect(await periodTotals(p, "WEEK#")).toEqual(distinct(activity, (d) => `WEEK#${isoWeekOf(d)}`));
        // The whole sprint so far falls in March: this month's window has the rates of the recount.
        expect(monthOf(clock.now())).toBe("2026-03");
        const round = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);
        const ended = stored.filter((s) => s.status === "completed" || s.status === "cancelled").length;
        const expected = total("checkInsExpected");
        expect(m.thisMonth).toMatchObject({
          activeLearners: new Set(activity.map((a) => a.userId)).size,
          sessionCompletionRate: round(completed.length, ended),
          checkInRate: round(checkIns.length, expected),
          formationSuccessRate: round(run.matched, run.waitlisted),
        });
      }),
      { numRuns: 5, seed: 20261203, endOnFailure: true },
    );
    expect(reached.completed).toBeGreaterThan(0);
    expect(reached.cancelled).toBeGreaterThan(0);
    expect(reached.checkIns).toBeGreaterThan(0);
  }, 240_000);
});

type PayAction = { t: "start"; who: number } | { t: "pay"; who: number; twice: boolean } | { t: "expire"; who: number };
const payWho = fc.integer({ min: 0, max: 2 });
const payAction: fc.Arbitrary<PayAction> = fc.oneof(
  fc.record({ t: fc.constant("start" as const), who: payWho }),
  fc.record({ t: fc.constant("pay" as const), who: payWho, twice: fc.boolean() }),
  fc.record({ t: fc.constant("expire" as const), who: payWho }),
);

describe("payment metrics", () => {
  it("count checkouts started and deposits paid as the deposits record them", async () => {
    let paidRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(payAction, { minLength: 2, maxLength: 10 }), async (actions) => {
        const clock = new ManualClock(START);
        const { platform: p } = await testPlatform({
          clock,
          domains: [podsDomain, sessionsDomain, paymentsDomain],
          config: { depositsRequired: true },
        });
        await seedCatalog(p);
        const actors: Actor[] = await waitlisted(p, ["Ada", "Bob", "Cy"], londoner());
        const podId = (await runFormation(p, admin, { sprintType: "net_prompting" })).podIds[0]!;
        const local = p.local!.payments!;
        const current: (string | null)[] = [null, null, null];
        const deliver = async (body: string) =>
          receiveStripeWebhook(
            p,
            body,
            await signEvent(body, p.config.localWebhookSecret, Math.floor(clock.now().getTime() / 1000)),
          );
        // The webhook stores the event and queues its job: the job is what records the payment.
        const handled = async (body: string) => {
          await deliver(body);
          for (let i = 0; i < 10 && (await deliverDueEffects(p)) > 0; i++);
        };
        const start = async (i: number) => {
          try {
            current[i] = (await startDeposit(p, actors[i]!, { podId })).checkoutUrl?.split("/").pop() ?? null;
          } catch (e) {
            if (!isAppError(e) || e.status !== 409) throw e;
          }
        };
        for (const a of actions) {
          clock.advance(60_000);
          if (a.t === "start") {
            await start(a.who);
            continue;
          }
          if (!current[a.who]) await start(a.who);
          const checkout = current[a.who] ? await local.checkout(current[a.who]!) : undefined;
          if (!checkout) continue;
          const type = a.t === "pay" ? "checkout.session.completed" : "checkout.session.expired";
          const { body } = await local.signedEvent(checkout, type);
          await handled(body);
          if (a.t === "pay" && a.twice) await handled(body);
        }
        const deposits = (
          await Promise.all(actors.map((a) => p.store.get<DepositItem>(depositKey(podId, a.userId))))
        ).filter((d): d is DepositItem => !!d);
        const { m, total } = await metricsOver(p, day(START), day(clock.now().toISOString()));
        // No credit in play: every attempt of a deposit opened a checkout.
        expect(total("checkoutsStarted")).toBe(deposits.reduce((n, d) => n + d.attempts, 0));
        expect(total("depositsPaid")).toBe(deposits.filter((d) => d.paidAt !== null).length);
        // Everything happened today: today's rate is paid over started.
        const paid = deposits.filter((d) => d.paidAt !== null).length;
        if (paid > 0) paidRuns++;
        const started = total("checkoutsStarted");
        expect(m.today.paymentSuccessRate).toBe(started ? Math.round((paid / started) * 1000) / 1000 : null);
      }),
      { numRuns: 6, seed: 20261203, endOnFailure: true },
    );
    expect(paidRuns).toBeGreaterThan(0);
  }, 180_000);
});

describe("coach latency", () => {
  it("reads p50 and p95 from the day's buckets within a bucket's width of the exact percentiles", async () => {
    const clock = new ManualClock(START);
    const { platform: p } = await testPlatform({ clock });
    // No latencies yet: null, with the reason.
    const none = await readMetrics(p, metricsRange(p, {}));
    expect(none.coachLatency).toMatchObject({ p50Ms: null, p95Ms: null, samples: 0 });
    expect(none.coachLatency.reason).toMatch(/coach/i);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: COACH_LATENCY_BUCKETS_MS.at(-1)! }), { minLength: 1, maxLength: 40 }),
        async (latencies) => {
          // A day of its own per run.
          clock.set(new Date(Date.parse(START) + run++ * DAY));
          for (const ms of latencies) await recordCoachLatency(p, ms);
          const today = day(clock.now().toISOString());
          const { coachLatency } = await readMetrics(p, { from: today, to: today });
          expect(coachLatency.samples).toBe(latencies.length);
          expect(coachLatency.reason).toBeNull();
          const sorted = [...latencies].sort((a, b) => a - b);
          for (const [q, got] of [
            [0.5, coachLatency.p50Ms],
            [0.95, coachLatency.p95Ms],
          ] as const) {
            const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
            const { lower, upper } = coachBucketRange(coachBucketOf(exact));
            expect(got).not.toBeNull();
            expect(Math.abs(got! - exact)).toBeLessThanOrEqual(upper - lower);
            expect(got!).toBeGreaterThanOrEqual(lower);
            expect(got!).toBeLessThanOrEqual(upper);
          }
        },
      ),
      { numRuns: 15, seed: 20261203, endOnFailure: true },
    );
  }, 120_000);

  it("refuses a latency that is not a number of milliseconds", async () => {
    const { platform: p } = await testPlatform();
    await expect(recordCoachLatency(p, -1)).rejects.toThrow(RangeError);
    await expect(recordCoachLatency(p, Number.NaN)).rejects.toThrow(RangeError);
  });
});

describe("metric ranges", () => {
  it("default to the last 30 days and refuse bad dates, reversed ranges and more than 400 days", async () => {
    const { platform: p } = await testPlatform({ clock: new ManualClock("2026-03-31T12:00:00.000Z") });
    expect(metricsRange(p, {})).toEqual({ from: "2026-03-02", to: "2026-03-31" });
    expect(metricsRange(p, { from: "2025-03-02", to: "2026-04-05" })).toEqual({ from: "2025-03-02", to: "2026-04-05" });
    for (const bad of [
      { from: "2026-02-30" },
      { to: "31/03/2026" },
      { from: "2026-04-01", to: "2026-03-01" },
      { from: "2025-01-01", to: "2026-03-01" },
    ]) {
      expect(() => metricsRange(p, bad)).toThrow(expect.objectContaining({ status: 400, code: "metrics.bad_range" }));
    }
    const m = await readMetrics(p, metricsRange(p, {}));
    expect(m.days).toHaveLength(30);
    expect(m.thisWeek.from).toBe("2026-03-30");
    expect(m.thisMonth).toMatchObject({ from: "2026-03-01", to: "2026-03-31", activeLearners: 0, checkInRate: null });
  });
});
