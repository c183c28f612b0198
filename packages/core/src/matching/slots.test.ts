import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairOverall, pairScore } from "./compatibility.js";
import { learner, WINTER_WEEK, waitlistArb } from "./fixtures.js";
import {
  COMPATIBILITY_WEIGHTS,
  compatibility,
  formPods,
  groupCompatibility,
  localComfort,
  snapshotWaitlist,
} from "./index.js";
import { compilePool } from "./pool.js";

const TUESDAY = 1440;

describe("the score formation optimises is the score learners are shown", () => {
  it("pairOverall, pairScore().overall and groupCompatibility agree, and follow the documented weights", () => {
    fc.assert(
      fc.property(waitlistArb(14), (entries) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const pool = compilePool(snapshots, 60);
        for (let i = 0; i < pool.n; i++) {
          for (let j = i + 1; j < pool.n; j++) {
            const fast = pairOverall(pool, i, j);
            const shown = pairScore(pool, i, j);
            // Published scores are rounded to 4 decimals: agreement within half a unit of the last one.
            expect(Math.abs(fast - shown.overall)).toBeLessThanOrEqual(5e-5 + 1e-12);
            expect(groupCompatibility([snapshots[i]!, snapshots[j]!])).toEqual(shown);
            const documented =
              0.4 * shown.availabilityOverlap +
              0.2 * shown.timezoneMatch +
              0.2 * shown.experienceLevel +
              0.2 * shown.collaborationStyle;
            expect(Math.abs(fast - documented)).toBeLessThanOrEqual(3e-4);
          }
        }
      }),
      { numRuns: 20, seed: 18 },
    );
    expect(COMPATIBILITY_WEIGHTS).toEqual({
      availabilityOverlap: 0.4,
      timezoneMatch: 0.2,
      experienceLevel: 0.2,
      collaborationStyle: 0.2,
    });
  });

  it("a pod's share of the objective is its members times the group score it shows", () => {
    fc.assert(
      fc.property(waitlistArb(24), (entries) => {
        const snapshots = snapshotWaitlist(entries, WINTER_WEEK);
        const byId = new Map(snapshots.map((s) => [s.userId, s]));
        const result = formPods(snapshots);
        let shown = 0;
        for (const pod of result.pods) {
          const group = groupCompatibility(pod.members.map((m) => byId.get(m)!));
          expect(pod.score).toEqual(group);
          shown += pod.members.length * group.overall;
          for (const pair of pod.pairwise)
            expect(pair.score).toEqual(compatibility(byId.get(pair.a)!, byId.get(pair.b)!));
        }
        expect(Math.abs(result.stats.totalScore - shown)).toBeLessThanOrEqual(result.pods.length * 12 * 5e-5 + 1e-9);
      }),
      { numRuns: 40, seed: 81 },
    );
  });
});

describe("the slot choice", () => {
  it("fades comfort at the edges of the day: 1 from 08:00 to 22:00, 0.6, then 0.3, then 0 at night", () => {
    const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    const table = ["00:00", "05:59", "06:00", "06:45", "07:00", "07:59", "08:00", "12:00", "21:59", "22:00", "22:59"]
      .concat(["23:00", "23:45"])
      .map((t) => [t, localComfort(at(t))]);
    expect(table).toEqual([
      ["00:00", 0],
      ["05:59", 0],
      ["06:00", 0.3],
      ["06:45", 0.3],
      ["07:00", 0.6],
      ["07:59", 0.6],
      ["08:00", 1],
      ["12:00", 1],
      ["21:59", 1],
      ["22:00", 0.6],
      ["22:59", 0.6],
      ["23:00", 0.3],
      ["23:45", 0.3],
    ]);
    // Minutes of the day wrap round: the day before's 23:00 and the next day's 07:00.
    expect(localComfort(-60)).toBe(0.3);
    expect(localComfort(1440 + 420)).toBe(0.6);
  });

  it("asks for 07:00 rather than 06:xx when a member can only make early mornings", () => {
    // 06:00–08:00 holds a session from 06:00 to 07:00. Without the fade every start is as bad as another and
    // the one with most slack, 06:30, would win; with it 07:00 (0.6) beats anything touching 06:xx (0.3).
    const early = [{ weekday: 2, start: "06:00", end: "08:00" }];
    const [pod] = formPods(
      snapshotWaitlist(
        ["a", "b"].map((id) => learner(id, "Europe/London", early)),
        WINTER_WEEK,
      ),
      { minSize: 2, maxSize: 2 },
    ).pods;
    expect(pod!.slot).toMatchObject({ anchorTimezone: "Europe/London", anchorWeekday: 2, anchorTime: "07:00" });
  });

  it("is kindest to the worst-off member, not to the most members on the whole", () => {
    // London 07:00–09:00 on Tuesday is Monday 22:00–24:00 in Anchorage. Starting at 07:00 UTC both members
    // get 0.6 (London 07:xx, Anchorage 22:xx); at 08:00 London gets 1 but Anchorage 23:xx only 0.3: more comfort
    // in total (1.3 against 1.2), less for the worst-off. Without the rule, slack (07:30) or the sum (08:00) wins.
    const [pod] = formPods(
      snapshotWaitlist(
        [
          learner("anchorage", "America/Anchorage", [{ weekday: 1, start: "22:00", end: "24:00" }]),
          learner("london", "Europe/London", [{ weekday: 2, start: "07:00", end: "09:00" }]),
        ],
        WINTER_WEEK,
      ),
      { minSize: 2, maxSize: 2 },
    ).pods;
    expect(pod!.slot.utcMinuteOfWeek).toBe(TUESDAY + 7 * 60);
  });

  it("keeps the worst-off member's comfort first with several sessions a week too", () => {
    // Both can make Monday, Wednesday and Friday 07:00–09:00 London time (Sunday, Tuesday and Thursday
    // 22:00–24:00 in Anchorage): each of the three sessions starts at 07:00 London.
    const days = [1, 3, 5];
    const [pod] = formPods(
      snapshotWaitlist(
        [
          learner(
            "anchorage",
            "America/Anchorage",
            days.map((d) => ({ weekday: d - 1 || 7, start: "22:00", end: "24:00" })),
          ),
          learner(
            "london",
            "Europe/London",
            days.map((d) => ({ weekday: d, start: "07:00", end: "09:00" })),
          ),
        ],
        WINTER_WEEK,
      ),
      { minSize: 2, maxSize: 2, sessionsPerWeek: 3 },
    ).pods;
    // Anchored in Anchorage (the tie goes to the first member by id), so ordered Tuesday, Thursday, Sunday there.
    expect(pod!.slots.map((s) => [s.anchorWeekday, s.anchorTime])).toEqual([
      [2, "22:00"],
      [4, "22:00"],
      [7, "22:00"],
    ]);
    expect(pod!.slots.map((s) => s.utcMinuteOfWeek).sort((a, b) => a - b)).toEqual(
      days.map((d) => (d - 1) * 1440 + 7 * 60),
    );
  });
});
