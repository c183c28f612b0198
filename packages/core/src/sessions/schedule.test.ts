// The sprint's sessions keep their home timezone's wall time across DST, both ways, north and south.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { CommonSlot } from "../matching/index.js";
import { backupFor, canMake, planSprint } from "./schedule.js";

const slot = (anchorTimezone: string, anchorWeekday: number, anchorTime: string): CommonSlot => ({
  utcMinuteOfWeek: 0, // not read: the anchor decides
  durationMinutes: 60,
  anchorTimezone,
  anchorWeekday,
  anchorTime,
  referenceWeek: "2026-01-05",
});

const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone });
const utcHour = (d: Date) => d.toISOString().slice(11, 16);

/** Eight weekly sessions from `activatedAt`, with their local weekday/time and UTC time. */
function weekly(zone: string, weekday: number, time: string, activatedAt: string) {
  const plan = planSprint([slot(zone, weekday, time)], new Date(activatedAt), { durationWeeks: 8, sessionsPerWeek: 1 });
  return plan.map((s) => ({
    local: local(s.startsAt, zone).toFormat("ccc HH:mm"),
    utc: utcHour(s.startsAt),
    at: s.startsAt.toISOString(),
  }));
}

describe("a sprint's sessions across DST", () => {
  it.each([
    // zone, weekday, time, activation, [UTC before the change, UTC after]
    ["Europe/London", 2, "18:00", "2026-03-09T09:00:00Z", ["18:00", "17:00"]], // spring forward 29 March
    ["Europe/London", 2, "18:00", "2026-10-05T09:00:00Z", ["17:00", "18:00"]], // fall back 25 October
    ["America/New_York", 4, "19:30", "2026-02-16T09:00:00Z", ["00:30", "23:30"]], // spring forward 8 March
    ["America/New_York", 4, "19:30", "2026-10-12T09:00:00Z", ["23:30", "00:30"]], // fall back 1 November
    ["Australia/Sydney", 1, "07:00", "2026-03-09T09:00:00Z", ["20:00", "21:00"]], // DST ends 5 April
    ["Australia/Sydney", 1, "07:00", "2026-09-14T09:00:00Z", ["21:00", "20:00"]], // DST starts 4 October
  ] as const)("%s keeps weekday %i at %s (activated %s)", (zone, weekday, time, activatedAt, [before, after]) => {
    const sessions = weekly(zone, weekday, time, activatedAt);
    expect(sessions).toHaveLength(8);
    const day = DateTime.fromObject({ year: 2026, month: 1, day: 5 + weekday - 1 }).toFormat("ccc");
    for (const s of sessions) expect(s.local).toBe(`${day} ${time}`);
    // The UTC instant moves by the hour the clocks changed, once.
    expect(sessions[0]!.utc).toBe(before);
    expect(sessions[7]!.utc).toBe(after);
    const changes = sessions.filter((s, i) => i > 0 && s.utc !== sessions[i - 1]!.utc);
    expect(changes).toHaveLength(1);
    // A week apart in wall time: 7 days ± the hour.
    for (let i = 1; i < sessions.length; i++) {
      const gap = (Date.parse(sessions[i]!.at) - Date.parse(sessions[i - 1]!.at)) / 3_600_000;
      expect([167, 168, 169]).toContain(gap);
    }
  });

  it("shows each member their own local time, which shifts only where the home zone's change is not theirs", () => {
    // London pod, a New York member: the US changes on 8 March, the UK on 29 March.
    const plan = planSprint([slot("Europe/London", 2, "18:00")], new Date("2026-02-23T09:00:00Z"), {
      durationWeeks: 6,
      sessionsPerWeek: 1,
    });
    const inNewYork = plan.map((s) => local(s.startsAt, "America/New_York").toFormat("MM-dd HH:mm"));
    expect(inNewYork).toEqual([
      "02-24 13:00",
      "03-03 13:00",
      "03-10 14:00",
      "03-17 14:00",
      "03-24 14:00",
      "03-31 13:00",
    ]);
  });

  it("starts at least an hour after activation and interleaves several weekly slots in time order", () => {
    const slots = [
      slot("Europe/London", 1, "07:00"),
      slot("Europe/London", 3, "07:00"),
      slot("Europe/London", 5, "07:00"),
    ];
    // Activated on a Monday at 06:30: Monday 07:00 is too close, the first session is Wednesday.
    const plan = planSprint(slots, new Date("2026-03-02T06:30:00Z"), { durationWeeks: 4, sessionsPerWeek: 3 });
    expect(plan).toHaveLength(12);
    expect(plan.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(local(plan[0]!.startsAt, "Europe/London").toFormat("ccc dd HH:mm")).toBe("Wed 04 07:00");
    expect(local(plan[11]!.startsAt, "Europe/London").toFormat("ccc dd HH:mm")).toBe("Mon 30 07:00");
    for (let i = 1; i < plan.length; i++) expect(plan[i]!.startsAt > plan[i - 1]!.startsAt).toBe(true);
  });
});

describe("who can make a time", () => {
  const ada = { timezone: "Europe/London", windows: [{ weekday: 2, start: "18:00", end: "21:00" }] };
  const bo = { timezone: "America/New_York", windows: [{ weekday: 2, start: "12:00", end: "16:30" }] };

  it("reads each member's windows in their own timezone, for the whole session", () => {
    const at = new Date("2026-03-03T18:00:00Z"); // London 18:00, New York 13:00
    expect(canMake(ada, at, 60)).toBe(true);
    expect(canMake(bo, at, 60)).toBe(true);
    expect(canMake(ada, new Date("2026-03-03T20:30:00Z"), 60)).toBe(false); // runs past 21:00
    expect(canMake(bo, new Date("2026-03-03T21:00:00Z"), 60)).toBe(false); // 16:00–17:00 in New York
  });

  it("handles a window running past midnight into the next week", () => {
    const owl = { timezone: "UTC", windows: [{ weekday: 7, start: "23:00", end: "02:00" }] };
    expect(canMake(owl, new Date("2026-03-09T00:30:00Z"), 60)).toBe(true); // Monday 00:30
    expect(canMake(owl, new Date("2026-03-08T23:00:00Z"), 60)).toBe(true); // Sunday 23:00
    expect(canMake(owl, new Date("2026-03-09T01:30:00Z"), 60)).toBe(false);
  });

  it("finds a backup at the same local time on a later day every member can make, avoiding other sessions", () => {
    const both = [
      { timezone: "Europe/London", windows: [2, 3, 4].map((weekday) => ({ weekday, start: "18:00", end: "21:00" })) },
      { timezone: "Europe/Paris", windows: [2, 4].map((weekday) => ({ weekday, start: "19:00", end: "22:00" })) },
    ];
    const tuesday = new Date("2026-03-03T18:00:00Z");
    // Wednesday does not suit the Paris member; Thursday does.
    expect(backupFor(tuesday, 60, "Europe/London", both, [])?.toISOString()).toBe("2026-03-05T18:00:00.000Z");
    // Thursday taken by another session of the pod: no backup.
    expect(backupFor(tuesday, 60, "Europe/London", both, [new Date("2026-03-05T18:30:00Z")])).toBeNull();
  });
});
