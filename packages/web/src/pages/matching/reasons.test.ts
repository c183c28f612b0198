// The words next to a match's score say what the two learners share and where they differ.
import { describe, expect, it } from "vitest";
import { matchReasons } from "./reasons";

const me = { timezone: "Europe/London", experienceLevel: "advanced", collaborationStyle: "structured" } as const;
const score = { overall: 0.9, availabilityOverlap: 1, timezoneMatch: 1, experienceLevel: 0.5, collaborationStyle: 1 };

describe("matchReasons", () => {
  it("names the shared slot, and what is the same", () => {
    const reasons = matchReasons(me, {
      userId: "u2",
      score,
      meetingTime: "Tuesdays 19:00–20:00",
      timezone: "Europe/London",
      experienceLevel: "advanced",
      collaborationStyle: "structured",
    });
    expect(reasons).toEqual([
      "You could both meet Tuesdays 19:00–20:00 your time.",
      "Your free hours fit entirely inside each other's.",
      "You are both in Europe/London.",
      "You are both advanced.",
      "You both like structured sessions.",
    ]);
  });

  it("says where the two differ", () => {
    const reasons = matchReasons(me, {
      userId: "u3",
      score: { ...score, availabilityOverlap: 0.25 },
      meetingTime: "Tuesdays 19:00–20:00",
      timezone: "Europe/Berlin",
      experienceLevel: "beginner",
      collaborationStyle: "social",
    });
    expect(reasons.slice(1)).toEqual([
      "25% of the smaller week of free time is shared.",
      "They are in Europe/Berlin, you in Europe/London.",
      "You are advanced, they are beginner.",
      "You like structured sessions, they like social ones.",
    ]);
  });
});
