import { describe, expect, it } from "vitest";
import { attendanceByWeek, calendarWeeks, formatDay, mondayOf, streakText, todayIn } from "./progress";

describe("progress dates", () => {
  it("today is the learner's local date, not the browser's", () => {
    const at = new Date("2026-12-03T17:00:00Z");
    expect(todayIn("Asia/Tokyo", at)).toBe("2026-12-04");
    expect(todayIn("Europe/Berlin", at)).toBe("2026-12-03");
    expect(todayIn("America/Los_Angeles", new Date("2026-12-03T05:00:00Z"))).toBe("2026-12-02");
  });

  it("twelve weeks from Monday to Sunday, the last holding today, across a month and a year", () => {
    const weeks = calendarWeeks("2027-01-06", 12);
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toEqual([
      "2027-01-04",
      "2027-01-05",
      "2027-01-06",
      "2027-01-07",
      "2027-01-08",
      "2027-01-09",
      "2027-01-10",
    ]);
    expect(weeks[0]![0]).toBe("2026-10-19");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30");
    expect(formatDay("2026-12-03", "en-GB")).toBe("Thu 3 Dec");
  });

  it("the streak in words", () => {
    expect(streakText(3, 5)).toBe("3-day streak · longest 5");
    expect(streakText(0, 2)).toBe("No streak today · longest 2");
    expect(streakText(0, 0)).toBe("No streak yet");
  });

  it("sessions counted by local week, unrecorded ones left out", () => {
    const weeks = attendanceByWeek(
      [
        { id: "a", startsAt: "2026-11-30T18:00:00Z", attendance: "on_time", checkedIn: true },
        { id: "b", startsAt: "2026-12-03T18:00:00Z", attendance: "late", checkedIn: false },
        // Sunday evening in UTC is Monday morning in Tokyo: the next week there.
        { id: "c", startsAt: "2026-12-06T20:00:00Z", attendance: "absent", checkedIn: false },
        { id: "d", startsAt: "2026-12-07T18:00:00Z", attendance: null, checkedIn: false },
      ],
      "Asia/Tokyo",
    );
    expect(weeks.map(({ week, onTime, late, absent }) => ({ week, onTime, late, absent }))).toEqual([
      { week: "2026-11-30", onTime: 1, late: 1, absent: 0 },
      { week: "2026-12-07", onTime: 0, late: 0, absent: 1 },
    ]);
  });
});
