// The availability grid's cells and the API's windows describe the same week, both ways round.
import { describe, expect, it } from "vitest";
import { cellKey, cellsToWindows, windowsToCells } from "./availability";

describe("availability cells ↔ windows", () => {
  it("turns a painted run of hours into one window per day", () => {
    const cells = new Set([cellKey(2, 18), cellKey(2, 19), cellKey(2, 20), cellKey(4, 7)]);
    expect(cellsToWindows(cells)).toEqual([
      { weekday: 2, start: "18:00", end: "21:00" },
      { weekday: 4, start: "07:00", end: "08:00" },
    ]);
  });

  it("ends a run reaching midnight at 24:00", () => {
    expect(cellsToWindows(new Set([cellKey(7, 22), cellKey(7, 23)]))).toEqual([
      { weekday: 7, start: "22:00", end: "24:00" },
    ]);
  });

  it("shows a window that runs past midnight on both days, Sunday wrapping to Monday", () => {
    const cells = windowsToCells([{ weekday: 7, start: "23:00", end: "01:00" }]);
    expect([...cells].sort()).toEqual([cellKey(1, 0), cellKey(7, 23)].sort());
  });

  it("counts an hour a window only partly covers", () => {
    const cells = windowsToCells([{ weekday: 1, start: "09:30", end: "10:15" }]);
    expect([...cells].sort()).toEqual([cellKey(1, 10), cellKey(1, 9)].sort());
  });

  it("gives back the same windows after a round trip", () => {
    const windows = [
      { weekday: 1, start: "06:00", end: "08:00" },
      { weekday: 1, start: "18:00", end: "24:00" },
      { weekday: 5, start: "12:00", end: "13:00" },
    ];
    expect(cellsToWindows(windowsToCells(windows))).toEqual(windows);
  });
});
