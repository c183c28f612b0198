import { describe, expect, it } from "vitest";
import { isAppError } from "../platform/errors.js";
import { learner } from "./fixtures.js";
import { describeSlot, explainCompatibility, formPods, snapshotWaitlist } from "./index.js";

describe("explaining a pod to a learner", () => {
  const entries = [
    learner("n1", "America/New_York", [{ weekday: 2, start: "12:00", end: "15:00" }]),
    learner("n2", "America/New_York", [{ weekday: 2, start: "12:00", end: "15:00" }]),
    learner("l1", "Europe/London", [{ weekday: 2, start: "17:00", end: "20:00" }], { collaborationStyle: "quiet" }),
  ];
  const members = snapshotWaitlist(entries, "2025-02-24");
  const [pod] = formPods(members).pods;

  it("gives the meeting time on the viewer's own clock", () => {
    expect(explainCompatibility({ members, slot: pod!.slot, viewerTimezone: "America/New_York" }).headline).toBe(
      "You can all meet Tuesdays 13:00–14:00 your time.",
    );
    expect(explainCompatibility({ members, slot: pod!.slot, viewerTimezone: "Europe/London" }).headline).toBe(
      "You can all meet Tuesdays 18:00–19:00 your time.",
    );
  });

  it("shows the time of the next session after a date, so DST gap weeks read right", () => {
    // In the week of 10 March New York is on summer time and London is not yet.
    expect(describeSlot(pod!.slot, "Europe/London", new Date("2025-03-10T00:00:00Z"))).toBe("Tuesdays 17:00–18:00");
    expect(describeSlot(pod!.slot, "Europe/London", new Date("2025-04-07T00:00:00Z"))).toBe("Tuesdays 18:00–19:00");
  });

  it("says why in words: level, styles, timezones, shared time", () => {
    const { reasons } = explainCompatibility({ members, slot: pod!.slot, viewerTimezone: "Europe/London" });
    expect(reasons).toEqual([
      "You're all intermediate level.",
      "Your styles (structured, quiet) usually mix well.",
      "Your time zones are at most 5 hours apart.",
      "You share 3 hours of availability a week, so a backup slot is easy to find.",
    ]);
  });

  it("speaks of 'both' for a pair", () => {
    const pair = members.slice(0, 2);
    const text = explainCompatibility({ members: pair, slot: pod!.slot, viewerTimezone: "America/Chicago" });
    expect(text.headline).toBe("You can both meet Tuesdays 12:00–13:00 your time.");
    expect(text.reasons).toContain("Your clocks both show the same time.");
  });

  it("rejects an unknown viewer timezone", () => {
    try {
      describeSlot(pod!.slot, "Nowhere/Special");
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.status === 400 && e.code).toBe("matching.invalid_timezone");
    }
  });
});
