// The refund calculation by policy: worked cases, then properties over random sprints (never more than the deposit,
// never down when a session more is kept).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RefundInput, refundFor } from "./refunds.js";

const policy = { kind: "proportional" as const, minimumSessions: 2, feePercent: 0 };
const sessions = (attended: (boolean | null)[], cancelled: number[] = []) =>
  attended.map((a, i) => ({
    id: `s${i + 1}`,
    status: cancelled.includes(i)
      ? ("cancelled" as const)
      : a === null
        ? ("scheduled" as const)
        : ("completed" as const),
    attended: cancelled.includes(i) ? null : a,
  }));
const input = (over: Partial<RefundInput>): RefundInput => ({
  depositCents: 5000,
  currency: "USD",
  policy,
  sessionsRequired: 6,
  sessions: sessions([true, true, true, true, true, true]),
  excusedSessionId: null,
  practiceSessions: 0,
  ...over,
});

describe("refundFor", () => {
  it("gives the whole deposit at the required sessions and pro rata below, nothing under the minimum", () => {
    expect(refundFor(input({})).eligibleAmount).toBe(5000);
    const four = refundFor(input({ sessions: sessions([true, true, false, true, false, true]) }));
    expect(four).toMatchObject({ eligibleAmount: 3333, sessionsCompleted: 4, sessionsRequired: 6 });
    expect(four.refundPercentage).toBe(66.66);
    expect(refundFor(input({ sessions: sessions([true, false, false, false, false, false]) })).eligibleAmount).toBe(0);
  });

  it("does not count sessions the pod cancelled against anyone", () => {
    const r = refundFor(input({ sessions: sessions([true, true, true, true, true, null], [5]) }));
    expect(r).toMatchObject({ sessionsRequired: 5, sessionsCompleted: 5, eligibleAmount: 5000, sessionsCancelled: 1 });
  });

  it("lets one absence declared beforehand off, and practice make up a miss when the policy says so", () => {
    const missedOne = sessions([true, true, false, true, true, true]);
    expect(refundFor(input({ sessions: missedOne })).eligibleAmount).toBe(4166);
    expect(refundFor(input({ sessions: missedOne, excusedSessionId: "s3" })).eligibleAmount).toBe(5000);
    const practice = { ...policy, practiceMakeups: 1 };
    expect(refundFor(input({ sessions: missedOne, policy: practice, practiceSessions: 2 })).eligibleAmount).toBe(5000);
    expect(refundFor(input({ sessions: missedOne, practiceSessions: 2 })).eligibleAmount).toBe(4166);
  });

  it("takes the fee from the refund, and gives everything back when the pod never started", () => {
    const fee = { ...policy, feePercent: 10 };
    expect(refundFor(input({ policy: fee })).eligibleAmount).toBe(4500);
    const r = refundFor(input({ policy: fee, sessions: [], podNeverStarted: true }));
    expect(r.eligibleAmount).toBe(5000);
  });

  it("all or nothing pays only at the requirement", () => {
    const all = { ...policy, kind: "all_or_nothing" as const };
    expect(refundFor(input({ policy: all })).eligibleAmount).toBe(5000);
    expect(
      refundFor(input({ policy: all, sessions: sessions([true, true, true, true, true, false]) })).eligibleAmount,
    ).toBe(0);
  });

  const arbitraryInput = fc.record({
    depositCents: fc.integer({ min: 0, max: 1_000_000 }),
    attended: fc.array(fc.constantFrom(true, false, null), { minLength: 0, maxLength: 20 }),
    required: fc.integer({ min: 1, max: 20 }),
    minimum: fc.integer({ min: 0, max: 5 }),
    fee: fc.integer({ min: 0, max: 100 }),
    practice: fc.integer({ min: 0, max: 5 }),
    makeups: fc.integer({ min: 0, max: 3 }),
  });

  it("never refunds more than the deposit, in whole cents", () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const r = refundFor(
          input({
            depositCents: a.depositCents,
            sessions: sessions(a.attended),
            sessionsRequired: a.required,
            policy: { kind: "proportional", minimumSessions: a.minimum, feePercent: a.fee, practiceMakeups: a.makeups },
            practiceSessions: a.practice,
          }),
        );
        return Number.isInteger(r.eligibleAmount) && r.eligibleAmount >= 0 && r.eligibleAmount <= a.depositCents;
      }),
    );
  });

  it("never pays less for keeping one more session", () => {
    fc.assert(
      fc.property(arbitraryInput, fc.nat(19), (a, at) => {
        if (a.attended.length === 0) return true;
        const i = at % a.attended.length;
        const before = a.attended.map((x) => (x === null ? false : x));
        const after = before.map((x, j) => (j === i ? true : x));
        const run = (att: boolean[]) =>
          refundFor(
            input({
              depositCents: a.depositCents,
              sessions: sessions(att),
              sessionsRequired: a.required,
              policy: { kind: "proportional", minimumSessions: a.minimum, feePercent: a.fee },
            }),
          ).eligibleAmount;
        return run(after) >= run(before);
      }),
    );
  });

  it("owes the planned sessions of a pod that started before its sessions are scheduled", () => {
    const fresh = refundFor(input({ sessions: [], plannedSessions: 6 }));
    expect(fresh).toMatchObject({ sessionsRequired: 6, sessionsRemaining: 6, eligibleAmount: 0 });
    // Scheduled, nothing held yet: the same.
    const scheduled = Array.from({ length: 6 }, (_, i) => ({
      id: `s${i}`,
      status: "scheduled" as const,
      attended: null,
    }));
    expect(refundFor(input({ sessions: scheduled, plannedSessions: 6 }))).toMatchObject({
      sessionsRequired: 6,
      sessionsRemaining: 6,
    });
    // The pod cancelled two: four are owed.
    const cancelled = scheduled.map((s, i) => (i < 2 ? { ...s, status: "cancelled" as const } : s));
    expect(refundFor(input({ sessions: cancelled, plannedSessions: 6 })).sessionsRequired).toBe(4);
  });
});
