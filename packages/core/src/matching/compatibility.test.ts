import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppError } from "../platform/errors.js";
import { learner, learnerArb, WINTER_WEEK } from "./fixtures.js";
import {
  COMPATIBILITY_WEIGHTS,
  type CompatibilityScore,
  compatibility,
  groupCompatibility,
  STYLE_AFFINITY,
  snapshotSignals,
  snapshotWaitlist,
} from "./index.js";

const COMPONENTS = [
  "overall",
  "timezoneMatch",
  "experienceLevel",
  "collaborationStyle",
  "availabilityOverlap",
] as const;
const inUnit = (s: CompatibilityScore) => COMPONENTS.every((k) => s[k] >= 0 && s[k] <= 1);

describe("compatibility of two learners", () => {
  it("is 1 on every component for two learners with the same signals", () => {
    const [a, b] = snapshotWaitlist(
      [
        learner("a", "Europe/Paris", [{ weekday: 3, start: "19:00", end: "21:00" }]),
        learner("b", "Europe/Paris", [{ weekday: 3, start: "19:00", end: "21:00" }]),
      ],
      WINTER_WEEK,
    );
    expect(compatibility(a!, b!)).toEqual({
      overall: 1,
      timezoneMatch: 1,
      experienceLevel: 1,
      collaborationStyle: 1,
      availabilityOverlap: 1,
    });
  });

  it("follows the documented formula", () => {
    // London and New York are 5 h apart in winter; one level apart; structured vs quiet; b's 2 h sit inside a's 3 h.
    const a = snapshotSignals(
      learner("a", "Europe/London", [{ weekday: 2, start: "17:00", end: "20:00" }]),
      WINTER_WEEK,
    );
    const b = snapshotSignals(
      learner("b", "America/New_York", [{ weekday: 2, start: "12:00", end: "14:00" }], {
        experienceLevel: "advanced",
        collaborationStyle: "quiet",
      }),
      WINTER_WEEK,
    );
    const timezoneMatch = 1 - 300 / 720;
    const expected =
      COMPATIBILITY_WEIGHTS.availabilityOverlap * 1 +
      COMPATIBILITY_WEIGHTS.timezoneMatch * timezoneMatch +
      COMPATIBILITY_WEIGHTS.experienceLevel * 0.5 +
      COMPATIBILITY_WEIGHTS.collaborationStyle * STYLE_AFFINITY.structured.quiet;
    const score = compatibility(a, b);
    expect(score.availabilityOverlap).toBe(1);
    expect(score.experienceLevel).toBe(0.5);
    expect(score.collaborationStyle).toBe(0.7);
    expect(score.timezoneMatch).toBeCloseTo(timezoneMatch, 4);
    expect(score.overall).toBeCloseTo(expected, 4);
  });

  it("scores learners with no time in common 0 on availability", () => {
    const [a, b] = snapshotWaitlist(
      [
        learner("a", "UTC", [{ weekday: 1, start: "08:00", end: "09:00" }]),
        learner("b", "UTC", [{ weekday: 5, start: "08:00", end: "09:00" }]),
      ],
      WINTER_WEEK,
    );
    expect(compatibility(a!, b!).availabilityOverlap).toBe(0);
  });

  it("treats timezones around the clock: +13 and -11 are the same time of day", () => {
    const [a, b] = snapshotWaitlist(
      [
        learner("a", "Pacific/Tongatapu", [{ weekday: 2, start: "08:00", end: "09:00" }]),
        learner("b", "Pacific/Pago_Pago", [{ weekday: 1, start: "08:00", end: "09:00" }]),
      ],
      WINTER_WEEK,
    );
    expect(compatibility(a!, b!).timezoneMatch).toBe(1);
  });

  it("is symmetric and within [0, 1] for any two learners", () => {
    fc.assert(
      fc.property(learnerArb("a"), learnerArb("b"), (x, y) => {
        const [a, b] = snapshotWaitlist([x, y], WINTER_WEEK);
        const ab = compatibility(a!, b!);
        expect(compatibility(b!, a!)).toEqual(ab);
        expect(inUnit(ab)).toBe(true);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe("compatibility of a group", () => {
  it("is the mean of the pairs, whatever the members' order, and within [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.tuple(learnerArb("a"), learnerArb("b"), learnerArb("c"), learnerArb("d")),
        fc.integer({ min: 0, max: 23 }),
        (entries, rotation) => {
          const members = snapshotWaitlist(entries, WINTER_WEEK);
          const group = groupCompatibility(members);
          const shuffled = [...members.slice(rotation % 4), ...members.slice(0, rotation % 4)].reverse();
          expect(groupCompatibility(shuffled)).toEqual(group);
          expect(inUnit(group)).toBe(true);
          let pairs = 0;
          for (let i = 0; i < 4; i++)
            for (let j = i + 1; j < 4; j++) pairs += compatibility(members[i]!, members[j]!).overall;
          expect(group.overall).toBeCloseTo(pairs / 6, 3);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it("needs at least two members", () => {
    const a = snapshotSignals(learner("a", "UTC", [{ weekday: 2, start: "18:00", end: "19:00" }]), WINTER_WEEK);
    try {
      groupCompatibility([a]);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.status === 400 && e.code).toBe("matching.invalid_group");
    }
  });
});
