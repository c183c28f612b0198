import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { learner, WINTER_WEEK, waitlistArb } from "./fixtures.js";
import { buildSuggestions, compatibility, rankCandidates, snapshotWaitlist } from "./index.js";

const evening = [{ weekday: 2, start: "18:00", end: "21:00" }];

describe("suggestions for a learner", () => {
  const snapshots = snapshotWaitlist(
    [
      learner("me", "UTC", evening),
      learner("twin", "UTC", evening),
      learner("other-level", "UTC", evening, { experienceLevel: "advanced" }),
      learner("other-style", "UTC", evening, { collaborationStyle: "social" }),
      learner("french", "UTC", evening, { locale: "fr" }),
      learner("mornings", "UTC", [{ weekday: 2, start: "07:00", end: "09:00" }]),
    ],
    WINTER_WEEK,
  );
  const [me, ...others] = snapshots;

  it("ranks learners of the same language who share a slot, best first, without the learner", () => {
    const ranked = rankCandidates(me!, snapshots, { k: 10 });
    expect(ranked.map((s) => s.userId)).toEqual(["twin", "other-level", "other-style"]);
    expect(ranked[0]!.score.overall).toBe(1);
    for (const s of ranked) expect(s.score).toEqual(compatibility(me!, others.find((o) => o.userId === s.userId)!));
    expect(ranked[0]!.slot).toMatchObject({ durationMinutes: 60, anchorTimezone: "UTC", anchorWeekday: 2 });
  });

  it("returns at most k", () => {
    expect(rankCandidates(me!, others, { k: 1 }).map((s) => s.userId)).toEqual(["twin"]);
  });

  it("precomputes the same lists for the whole waitlist", () => {
    fc.assert(
      fc.property(waitlistArb(25), (entries) => {
        const all = snapshotWaitlist(entries, WINTER_WEEK);
        const lists = buildSuggestions(all, { k: 5 });
        expect(lists.map((l) => l.userId)).toEqual(all.map((s) => s.userId).sort());
        for (const { userId, suggestions } of lists) {
          const self = all.find((s) => s.userId === userId)!;
          const expected = rankCandidates(self, all, { k: 5 });
          expect(suggestions.map((s) => s.score.overall)).toEqual(expected.map((s) => s.score.overall));
        }
      }),
      { numRuns: 40, seed: 3 },
    );
  });
});
