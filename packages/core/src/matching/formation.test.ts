import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppError } from "../platform/errors.js";
import { holdsSessions } from "./days.js";
import { learner, WINTER_WEEK, waitlistArb } from "./fixtures.js";
import {
  type FormationResult,
  firstFitPods,
  formPods,
  languageOf,
  localSessionTime,
  type MatchingSignals,
  optimalPods,
  referenceOccurrence,
  snapshotWaitlist,
  type WaitlistSignalsInput,
} from "./index.js";
import { compilePool } from "./pool.js";

const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Whether the learner's own windows hold the session as they see it on their clock (windows may be adjacent). */
function sessionInsideWindows(entry: WaitlistSignalsInput, slot: FormationResult["pods"][number]["slot"]): boolean {
  const t = localSessionTime(referenceOccurrence(slot), slot.durationMinutes, entry.timezone);
  const start = (t.weekday - 1) * 1440 + toMinute(t.start);
  const ranges = entry.windows.map((w) => {
    const s = (w.weekday - 1) * 1440 + toMinute(w.start);
    let e = (w.weekday - 1) * 1440 + (w.end === "24:00" ? 1440 : toMinute(w.end));
    if (e <= s) e += 1440;
    return [s, e] as const;
  });
  const covered = (m: number) =>
    ranges.some(([s, e]) => (s <= m && m + 15 <= e) || (s <= m + 10_080 && m + 10_095 <= e));
  for (let m = start; m < start + slot.durationMinutes; m += 15) if (!covered(m % 10_080)) return false;
  return true;
}

/** Whether [start, start + duration) of the UTC week lies inside the snapshot's availability (the week wraps). */
function insideAvailability(s: MatchingSignals, start: number, duration: number): boolean {
  for (let m = start; m < start + duration; m += 15) {
    const at = m % 10_080;
    if (!s.availability.some(([a, b]) => a <= at && at + 15 <= b)) return false;
  }
  return true;
}

const optionsArb = fc
  .record({ minSize: fc.integer({ min: 2, max: 4 }), extra: fc.integer({ min: 0, max: 2 }) })
  .chain(({ minSize, extra }) =>
    fc.record({
      minSize: fc.constant(minSize),
      maxSize: fc.constant(minSize + extra),
      sessionMinutes: fc.constantFrom(30, 60, 90),
      seed: fc.integer({ min: 0, max: 1000 }),
    }),
  );

describe("pod formation: invariants on any waitlist", () => {
  it("forms valid pods and gives everyone else a reason", () => {
    fc.assert(
      fc.property(waitlistArb(36), optionsArb, (entries, options) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const byId = new Map(snapshots.map((s) => [s.userId, s]));
        const entryById = new Map(entries.map((e) => [e.userId, e]));
        const result = formPods(snapshots, options);

        const seen = new Set<string>();
        for (const pod of result.pods) {
          expect(pod.members.length).toBeGreaterThanOrEqual(options.minSize);
          expect(pod.members.length).toBeLessThanOrEqual(options.maxSize);
          expect(pod.slot.durationMinutes).toBe(options.sessionMinutes);
          expect(new Set(pod.members.map((m) => languageOf(byId.get(m)!.locale))).size).toBe(1);
          for (const m of pod.members) {
            expect(seen.has(m)).toBe(false);
            seen.add(m);
            expect(insideAvailability(byId.get(m)!, pod.slot.utcMinuteOfWeek, pod.slot.durationMinutes)).toBe(true);
            expect(sessionInsideWindows(entryById.get(m)!, pod.slot)).toBe(true);
          }
          expect(pod.pairwise).toHaveLength((pod.members.length * (pod.members.length - 1)) / 2);
          for (const score of [pod.score, ...pod.pairwise.map((p) => p.score)]) {
            for (const v of Object.values(score)) expect(v >= 0 && v <= 1).toBe(true);
          }
        }
        for (const w of result.waiting) {
          expect(seen.has(w.userId)).toBe(false);
          seen.add(w.userId);
        }
        expect([...seen].sort()).toEqual(entries.map((e) => e.userId).sort());
        expect(result.stats.matched + result.waiting.length).toBe(entries.length);
      }),
      { numRuns: 120, seed: 2025 },
    );
  });

  it("is deterministic for a seed, whatever the order of the waitlist", () => {
    fc.assert(
      fc.property(waitlistArb(30), fc.integer({ min: 0, max: 99 }), (entries, seed) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const once = formPods(snapshots, { seed });
        expect(formPods(snapshots, { seed })).toEqual(once);
        expect(formPods([...snapshots].reverse(), { seed })).toEqual(once);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it("never beats the exact optimum, and reaches it on small waitlists", () => {
    let reached = 0;
    let runs = 0;
    fc.assert(
      fc.property(waitlistArb(11), (entries) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const ours = formPods(snapshots).stats.totalScore;
        const best = optimalPods(snapshots).stats.totalScore;
        expect(ours).toBeLessThanOrEqual(best + 1e-9);
        runs++;
        if (ours >= best - 1e-9) reached++;
      }),
      { numRuns: 80, seed: 5 },
    );
    expect(reached / runs).toBeGreaterThanOrEqual(0.95);
  });
});

describe("pod formation: who waits and why", () => {
  const evening = [{ weekday: 2, start: "18:00", end: "21:00" }];

  it("keeps a language with too few learners waiting", () => {
    const result = formPods(
      snapshotWaitlist(
        [
          learner("a", "UTC", evening),
          learner("b", "UTC", evening),
          learner("c", "UTC", evening),
          learner("d", "UTC", evening, { locale: "fr" }),
          learner("e", "UTC", evening, { locale: "fr-CA" }),
        ],
        WINTER_WEEK,
      ),
    );
    expect(result.pods.map((p) => p.members)).toEqual([["a", "b", "c"]]);
    expect(result.waiting).toEqual([
      { userId: "d", reason: "locale_pool_too_small" },
      { userId: "e", reason: "locale_pool_too_small" },
    ]);
  });

  it("says no_common_slot when too few others share any of the learner's times", () => {
    const result = formPods(
      snapshotWaitlist(
        [
          learner("a", "UTC", evening),
          learner("b", "UTC", evening),
          learner("c", "UTC", evening),
          learner("early", "UTC", [{ weekday: 2, start: "06:00", end: "08:00" }]),
          learner("short", "UTC", [{ weekday: 2, start: "18:00", end: "18:45" }]),
        ],
        WINTER_WEEK,
      ),
    );
    expect(result.waiting).toEqual([
      { userId: "early", reason: "no_common_slot" },
      // 45 minutes cannot hold a 60-minute session.
      { userId: "short", reason: "no_common_slot" },
    ]);
  });

  it("says not_enough_candidates when a pod was possible but its seats went to others", () => {
    const entries = ["a", "b", "c", "d"].map((id) => learner(id, "UTC", evening));
    const result = formPods(snapshotWaitlist(entries, WINTER_WEEK), { minSize: 3, maxSize: 3 });
    expect(result.pods).toHaveLength(1);
    expect(result.waiting).toHaveLength(1);
    expect(result.waiting[0]!.reason).toBe("not_enough_candidates");
  });

  it("places a rematched learner first, even when someone else would fit better", () => {
    const entries = [
      learner("a", "UTC", evening),
      learner("b", "UTC", evening),
      learner("c", "UTC", evening),
      learner("rematched", "UTC", evening, {
        experienceLevel: "advanced",
        collaborationStyle: "social",
        prioritySince: "2025-01-05T10:00:00.000Z",
      }),
    ];
    const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
    for (const seed of [1, 2, 3]) {
      const result = formPods(snapshots, { minSize: 3, maxSize: 3, seed });
      expect(result.pods[0]!.members).toContain("rematched");
    }
    // Without the priority, the three alike learners would be the pod.
    const plain = formPods(
      snapshots.map((s) => ({ ...s, prioritySince: null })),
      { minSize: 3, maxSize: 3 },
    );
    expect(plain.pods[0]!.members).toEqual(["a", "b", "c"]);
  });

  it("groups alike learners together rather than in arrival order", () => {
    // Arrival alternates two kinds of learner; first fit mixes them, formation should not.
    const kinds = [
      { experienceLevel: "beginner", collaborationStyle: "social" },
      { experienceLevel: "advanced", collaborationStyle: "quiet" },
    ] as const;
    const entries = Array.from({ length: 6 }, (_, i) =>
      learner(`u${i}`, "UTC", evening, { ...kinds[i % 2], joinedAt: `2025-01-0${i + 1}T00:00:00.000Z` }),
    );
    const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
    const ours = formPods(snapshots);
    expect(ours.pods.map((p) => p.members)).toEqual([
      ["u0", "u2", "u4"],
      ["u1", "u3", "u5"],
    ]);
    expect(ours.pods.every((p) => p.score.overall === 1)).toBe(true);
    expect(ours.stats.totalScore).toBeGreaterThan(firstFitPods(snapshots).stats.totalScore * 1.2);
  });
});

describe("pod formation: the meeting slot", () => {
  it("avoids a time that is the middle of the night for a member", () => {
    // Everyone can make 06:00–10:00 UTC on Saturday: that is 17:00–21:00 in Sydney and 06:00–10:00 in London.
    // It should not pick London's 06:00; 08:00 onwards is daytime for both.
    const entries = [
      learner("syd1", "Australia/Sydney", [{ weekday: 6, start: "17:00", end: "21:00" }]),
      learner("syd2", "Australia/Sydney", [{ weekday: 6, start: "17:00", end: "21:00" }]),
      learner("lon", "Europe/London", [{ weekday: 6, start: "06:00", end: "10:00" }]),
    ];
    const [pod] = formPods(snapshotWaitlist(entries, WINTER_WEEK)).pods;
    expect(pod).toBeDefined();
    const london = localSessionTime(referenceOccurrence(pod!.slot), 60, "Europe/London");
    expect(london.start >= "08:00").toBe(true);
    expect(pod!.slot.anchorTimezone).toBe("Australia/Sydney");
  });
});

describe("pod formation: options", () => {
  const snapshots = snapshotWaitlist(
    ["a", "b", "c"].map((id) => learner(id, "UTC", [{ weekday: 2, start: "18:00", end: "21:00" }])),
    WINTER_WEEK,
  );

  it.each([
    [{ minSize: 1 }],
    [{ minSize: 3, maxSize: 13 }],
    [{ minSize: 5, maxSize: 4 }],
    [{ sessionMinutes: 50 }],
    [{ sessionMinutes: 300 }],
  ])("rejects %j with matching.invalid_options", (options) => {
    try {
      formPods(snapshots, options);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.status === 400 && e.code).toBe("matching.invalid_options");
    }
  });

  it("keeps the exact solver to small waitlists", () => {
    const many = snapshotWaitlist(
      Array.from({ length: 17 }, (_, i) => learner(`u${i}`, "UTC", [{ weekday: 2, start: "18:00", end: "21:00" }])),
      WINTER_WEEK,
    );
    try {
      optimalPods(many);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe("matching.too_large_for_exact");
    }
  });
});

describe("pod formation: several sessions a week", () => {
  const evenings = (days: number[], start = "18:00", end = "20:00") => days.map((weekday) => ({ weekday, start, end }));
  const gym = { minSize: 3, targetSize: 4, maxSize: 5, sessionMinutes: 30, sessionsPerWeek: 3 };

  it("gives a pod three slots on different days, a day apart, that every member can make", () => {
    const entries = [
      learner("a", "Europe/London", evenings([1, 2, 3, 4, 5])),
      learner("b", "Europe/London", evenings([1, 2, 3, 5])),
      learner("c", "Europe/Berlin", evenings([1, 2, 3, 4, 5], "19:00", "21:00")),
      learner("d", "Europe/London", evenings([1, 3, 4, 5])),
    ];
    const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
    const result = formPods(snapshots, gym);
    expect(result.pods).toHaveLength(1);
    const [pod] = result.pods;
    expect(pod!.members).toEqual(["a", "b", "c", "d"]);
    expect(pod!.slots).toHaveLength(3);
    expect(pod!.slot).toEqual(pod!.slots[0]);
    const days = pod!.slots.map((s) => s.anchorWeekday);
    // Monday, Wednesday, Friday: the only three weekdays everyone has that leave a day between sessions.
    expect(days).toEqual([1, 3, 5]);
    for (const slot of pod!.slots) {
      expect(slot.durationMinutes).toBe(30);
      for (const s of snapshots) expect(insideAvailability(s, slot.utcMinuteOfWeek, 30)).toBe(true);
      for (const e of entries) expect(sessionInsideWindows(e, slot)).toBe(true);
    }
  });

  it("holds on any waitlist: k slots each inside every member's availability, on k different days", () => {
    fc.assert(
      fc.property(waitlistArb(30), fc.integer({ min: 2, max: 3 }), (entries, sessionsPerWeek) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const byId = new Map(snapshots.map((s) => [s.userId, s]));
        const result = formPods(snapshots, {
          minSize: 2,
          maxSize: 4,
          targetSize: 3,
          sessionMinutes: 30,
          sessionsPerWeek,
        });
        for (const pod of result.pods) {
          expect(pod.slots).toHaveLength(sessionsPerWeek);
          const starts = pod.slots.map((s) => s.utcMinuteOfWeek);
          expect(new Set(starts).size).toBe(sessionsPerWeek);
          for (const slot of pod.slots)
            for (const m of pod.members) expect(insideAvailability(byId.get(m)!, slot.utcMinuteOfWeek, 30)).toBe(true);
        }
        // A learner whose own week spans fewer days than sessions is told so.
        const pool = compilePool(snapshots, 30, sessionsPerWeek);
        for (const w of result.waiting) {
          const i = pool.signals.findIndex((s) => s.userId === w.userId);
          if (w.reason === "too_few_days") expect(holdsSessions(pool.startOcc[i]!, sessionsPerWeek)).toBe(false);
        }
      }),
      { numRuns: 60, seed: 33 },
    );
  });

  it("never beats the exact optimum with a target size and several sessions", () => {
    fc.assert(
      fc.property(waitlistArb(10), (entries) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const options = { minSize: 2, maxSize: 4, targetSize: 3, sessionMinutes: 30, sessionsPerWeek: 2 };
        const ours = formPods(snapshots, options).stats.objective;
        expect(ours).toBeLessThanOrEqual(optimalPods(snapshots, options).stats.objective + 1e-9);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("makes eight alike learners into 4 + 4, not 3 + 5, when the target is 4", () => {
    const entries = Array.from({ length: 8 }, (_, i) => learner(`u${i}`, "Europe/London", evenings([1, 3, 5])));
    const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
    for (const seed of [1, 2, 3]) {
      const result = formPods(snapshots, { ...gym, seed });
      expect(result.pods.map((p) => p.members.length)).toEqual([4, 4]);
      expect(result.stats.targetSized).toBe(2);
    }
    // Nine make 4 + 5 (everyone placed beats a pod at the target); six make 3 + 3.
    const nine = Array.from({ length: 9 }, (_, i) => learner(`v${i}`, "Europe/London", evenings([1, 3, 5])));
    expect(
      formPods(snapshotWaitlist(nine, WINTER_WEEK), gym)
        .pods.map((p) => p.members.length)
        .sort(),
    ).toEqual([4, 5]);
    expect(formPods(snapshotWaitlist(entries.slice(0, 6), WINTER_WEEK), gym).pods.map((p) => p.members.length)).toEqual(
      [3, 3],
    );
  });

  it("keeps waiting, with a reason, learners who cannot share three slots on different days", () => {
    const entries = [
      // Only two evenings a week: never three sessions.
      learner("twice", "Europe/London", evenings([1, 3])),
      // Three days each, but no two of them share more than two: no pod can meet three times.
      learner("early-week", "Europe/London", evenings([1, 2, 3])),
      learner("mid-week", "Europe/London", evenings([2, 4, 6])),
      learner("late-week", "Europe/London", evenings([3, 5, 7])),
    ];
    const result = formPods(snapshotWaitlist(entries, WINTER_WEEK), gym);
    expect(result.pods).toEqual([]);
    expect(result.waiting).toEqual([
      { userId: "early-week", reason: "no_common_slot" },
      { userId: "late-week", reason: "no_common_slot" },
      { userId: "mid-week", reason: "no_common_slot" },
      { userId: "twice", reason: "too_few_days" },
    ]);
    // With one session a week the same learners share Wednesday evening and form a pod.
    const weekly = formPods(snapshotWaitlist(entries, WINTER_WEEK), { ...gym, sessionsPerWeek: 1 });
    expect(weekly.pods).toHaveLength(1);
  });

  it("rejects a target size outside the pod sizes", () => {
    try {
      formPods([], { minSize: 3, maxSize: 5, targetSize: 6 });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe("matching.invalid_options");
    }
  });
});
