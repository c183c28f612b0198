// Goal rules: the status machine and schedule checks a learner runs into when editing a goal.
import { describe, expect, it } from "vitest";
import { Schedule } from "./model.js";
import { addWeeks, assertTransition, assertValidDates, assertValidSchedule } from "./rules.js";

const schedule = (over: Partial<Schedule> = {}): Schedule =>
  Schedule.parse({
    timezone: "Europe/London",
    frequency: { sessionsPerWeek: 2 },
    defaultSlots: [
      { weekday: 2, time: "18:00", durationMinutes: 60 },
      { weekday: 4, time: "18:00", durationMinutes: 60 },
    ],
    backupSlot: { weekday: 6, time: "10:00", durationMinutes: 60 },
    ...over,
  });

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe("goal status changes", () => {
  it("lets a goal be paused and resumed, then completed", () => {
    expect(() => assertTransition("active", "paused")).not.toThrow();
    expect(() => assertTransition("paused", "active")).not.toThrow();
    expect(() => assertTransition("active", "completed")).not.toThrow();
  });

  it("refuses to reopen a finished goal or to complete a draft, with 409 goal.invalid_transition", () => {
    for (const [from, to] of [
      ["completed", "active"],
      ["abandoned", "active"],
      ["draft", "completed"],
      ["paused", "completed"],
    ] as const) {
      expect(codeOf(() => assertTransition(from, to))).toBe("goal.invalid_transition");
    }
  });
});

describe("goal schedules", () => {
  it("accepts distinct slots in a known timezone", () => {
    expect(() => assertValidSchedule(schedule())).not.toThrow();
  });

  it("rejects an unknown timezone, slots that overlap, a backup on a default slot, or too few slots", () => {
    expect(codeOf(() => assertValidSchedule(schedule({ timezone: "Mars/Olympus" })))).toBe("goal.invalid_schedule");
    expect(
      codeOf(() =>
        assertValidSchedule(
          schedule({
            defaultSlots: [
              { weekday: 2, time: "18:00", durationMinutes: 60 },
              { weekday: 2, time: "18:30", durationMinutes: 30 },
            ],
          }),
        ),
      ),
    ).toBe("goal.invalid_schedule");
    expect(
      codeOf(() => assertValidSchedule(schedule({ backupSlot: { weekday: 4, time: "18:45", durationMinutes: 30 } }))),
    ).toBe("goal.invalid_schedule");
    expect(codeOf(() => assertValidSchedule(schedule({ frequency: { sessionsPerWeek: 3 } })))).toBe(
      "goal.invalid_schedule",
    );
  });

  it("sees a Sunday-night slot running into Monday morning as overlapping a Monday slot", () => {
    const s = schedule({
      defaultSlots: [
        { weekday: 7, time: "23:30", durationMinutes: 60 },
        { weekday: 1, time: "00:15", durationMinutes: 30 },
      ],
    });
    expect(codeOf(() => assertValidSchedule(s))).toBe("goal.invalid_schedule");
  });
});

describe("goal dates", () => {
  it("needs the end after the start, and counts sprint weeks from the start date", () => {
    expect(codeOf(() => assertValidDates("2026-03-01", "2026-03-01"))).toBe("goal.invalid_dates");
    expect(addWeeks("2026-03-23", 6)).toBe("2026-05-04");
  });
});
