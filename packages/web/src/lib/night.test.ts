import { describe, expect, it } from "vitest";
import { isNight, nightMeetings } from "./night";

// Wednesday 09:00 UTC of the week starting Monday 2026-03-02: 2 days and 9 hours into the week.
const slot = { utcMinuteOfWeek: 2 * 1440 + 9 * 60, durationMinutes: 60, referenceWeek: "2026-03-02" };
const member = (userId: string, timezone: string, isYou = false) => ({
  userId,
  displayName: userId,
  isYou,
  timezone,
});

describe("night meetings", () => {
  it("finds the members for whom the weekly time is before 06:00 or past 23:00 on their clock", () => {
    const found = nightMeetings(
      [slot],
      [
        member("london", "Europe/London"),
        member("honolulu", "Pacific/Honolulu", true),
        member("sydney", "Australia/Sydney"),
        member("kolkata", "Asia/Kolkata"),
      ],
    );
    // 09:00 UTC: 09:00 London, 23:00 Honolulu (the day before, ending at midnight), 20:00 Sydney, 14:30 Kolkata.
    expect(found).toEqual([
      {
        userId: "honolulu",
        displayName: "honolulu",
        isYou: true,
        timezone: "Pacific/Honolulu",
        local: "Tuesday 23:00–00:00",
      },
    ]);
  });

  it("draws the line at 06:00 and 23:00", () => {
    const at = (iso: string) => new Date(iso);
    expect(isNight(at("2026-03-04T05:59:00Z"), 30, "UTC")).toBe(true);
    expect(isNight(at("2026-03-04T06:00:00Z"), 30, "UTC")).toBe(false);
    expect(isNight(at("2026-03-04T22:00:00Z"), 60, "UTC")).toBe(false);
    expect(isNight(at("2026-03-04T22:30:00Z"), 60, "UTC")).toBe(true);
    expect(isNight(at("2026-03-04T02:00:00Z"), 60, "UTC")).toBe(true);
  });
});
