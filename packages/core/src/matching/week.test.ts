import { describe, expect, it } from "vitest";
import { isAppError } from "../platform/errors.js";
import { learner } from "./fixtures.js";
import {
  formPods,
  referenceWeekOf,
  sessionCalendar,
  sessionStarts,
  snapshotSignals,
  snapshotWaitlist,
} from "./index.js";
import { WeekClock } from "./week.js";

const TUE = 1440; // UTC minute of the week at which Tuesday starts

describe("local windows to UTC minutes of the week", () => {
  it("moves with the learner's UTC offset between winter and summer weeks", () => {
    const london = learner("a", "Europe/London", [{ weekday: 2, start: "18:00", end: "19:00" }]);
    expect(snapshotSignals(london, "2025-01-13").availability).toEqual([[TUE + 18 * 60, TUE + 19 * 60]]);
    expect(snapshotSignals(london, "2025-07-14").availability).toEqual([[TUE + 17 * 60, TUE + 18 * 60]]);
  });

  it("folds a Monday morning in Tokyo back onto Sunday night UTC, split at the end of the week", () => {
    const tokyo = learner("t", "Asia/Tokyo", [{ weekday: 1, start: "08:00", end: "10:00" }]);
    // Monday 08:00–10:00 JST is Sunday 23:00 – Monday 01:00 UTC.
    expect(snapshotSignals(tokyo, "2025-01-13").availability).toEqual([
      [0, 60],
      [10_080 - 60, 10_080],
    ]);
  });

  it("reads a window ending before it starts as running past midnight", () => {
    const owl = learner("o", "UTC", [{ weekday: 3, start: "22:30", end: "00:30" }]);
    expect(snapshotSignals(owl, "2025-01-13").availability).toEqual([[2 * 1440 + 22 * 60 + 30, 3 * 1440 + 30]]);
  });

  it("uses each day's own offset in a week with a DST change", () => {
    // Europe moves to summer time on Sunday 30 March 2025: Saturday is still GMT, Sunday is BST.
    const london = learner("a", "Europe/London", [
      { weekday: 6, start: "18:00", end: "19:00" },
      { weekday: 7, start: "18:00", end: "19:00" },
    ]);
    expect(snapshotSignals(london, "2025-03-24").availability).toEqual([
      [5 * 1440 + 18 * 60, 5 * 1440 + 19 * 60],
      [6 * 1440 + 17 * 60, 6 * 1440 + 18 * 60],
    ]);
  });

  it("offsets per slot change at the DST instant", () => {
    const offsets = new WeekClock("2025-03-24").offsets("Europe/London");
    // 01:00 UTC on Sunday is slot 6*96 + 4.
    expect(offsets[6 * 96 + 3]).toBe(0);
    expect(offsets[6 * 96 + 4]).toBe(60);
  });

  it("names the reference week by its Monday and rejects other days", () => {
    expect(referenceWeekOf("2025-03-06T12:00:00Z")).toBe("2025-03-03");
    expect(referenceWeekOf(new Date("2025-03-09T23:59:00Z"))).toBe("2025-03-03");
    try {
      new WeekClock("2025-03-05");
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.status === 400 && e.code).toBe("matching.invalid_reference_week");
    }
  });
});

describe("a pod's sessions across the March DST changes", () => {
  // New York springs forward on 9 March 2025, London on 30 March: for three weeks they are 4 hours apart, not 5.
  const from = new Date("2025-03-01T00:00:00Z");
  const to = new Date("2025-04-12T00:00:00Z");
  const ny = (id: string) => learner(id, "America/New_York", [{ weekday: 2, start: "12:00", end: "15:00" }]);
  const london = (id: string) => learner(id, "Europe/London", [{ weekday: 2, start: "17:00", end: "20:00" }]);

  function calendarOf(entries: ReturnType<typeof learner>[]) {
    const result = formPods(snapshotWaitlist(entries, "2025-02-24"), { minSize: 3, maxSize: 5, sessionMinutes: 60 });
    expect(result.pods).toHaveLength(1);
    const slot = result.pods[0]!.slot;
    const rows = sessionCalendar(slot, { from, to }, ["America/New_York", "Europe/London"]).map((s) => ({
      date: s.start.toISOString().slice(0, 10),
      newYork: s.local[0]!.start,
      london: s.local[1]!.start,
      shifted: s.local.filter((l) => l.shifted).map((l) => l.timezone),
    }));
    return { slot, rows };
  }

  it("keeps the anchor's local time every week; the others move an hour only in the gap weeks", () => {
    const { slot, rows } = calendarOf([ny("n1"), ny("n2"), london("l1")]);
    // Everyone is free 17:00–20:00 UTC; 18:00 leaves an hour free on each side, room for a DST shift.
    expect(slot).toMatchObject({ anchorTimezone: "America/New_York", anchorWeekday: 2, anchorTime: "13:00" });
    expect(rows).toEqual([
      { date: "2025-03-04", newYork: "13:00", london: "18:00", shifted: [] },
      { date: "2025-03-11", newYork: "13:00", london: "17:00", shifted: ["Europe/London"] },
      { date: "2025-03-18", newYork: "13:00", london: "17:00", shifted: ["Europe/London"] },
      { date: "2025-03-25", newYork: "13:00", london: "17:00", shifted: ["Europe/London"] },
      { date: "2025-04-01", newYork: "13:00", london: "18:00", shifted: [] },
      { date: "2025-04-08", newYork: "13:00", london: "18:00", shifted: [] },
    ]);
    // The London learner's gap-week time is still inside their 17:00–20:00 window.
    for (const r of rows) expect(r.london >= "17:00" && r.london <= "19:00").toBe(true);
  });

  it("anchored in London, London keeps its time and New York sees the gap weeks an hour later", () => {
    const { slot, rows } = calendarOf([london("l1"), london("l2"), ny("n1")]);
    expect(slot).toMatchObject({ anchorTimezone: "Europe/London", anchorTime: "18:00" });
    expect(rows.map((r) => `${r.date} ${r.london} ${r.newYork}`)).toEqual([
      "2025-03-04 18:00 13:00",
      "2025-03-11 18:00 14:00",
      "2025-03-18 18:00 14:00",
      "2025-03-25 18:00 14:00",
      "2025-04-01 18:00 13:00",
      "2025-04-08 18:00 13:00",
    ]);
  });

  it("lists sessions in [from, to): one per week, the end excluded", () => {
    const { slot } = calendarOf([ny("n1"), ny("n2"), london("l1")]);
    const starts = sessionStarts(slot, {
      from: new Date("2025-03-04T18:00:00Z"),
      to: new Date("2025-03-18T17:00:00Z"),
    });
    expect(starts.map((d) => d.toISOString())).toEqual(["2025-03-04T18:00:00.000Z", "2025-03-11T17:00:00.000Z"]);
  });
});
