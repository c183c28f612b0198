import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, type LocalWindow, PreferencesInput } from "./model.js";
import { checkPreferences, overlappingWindows } from "./preferences.js";

const w = (weekday: number, start: string, end: string): LocalWindow => ({ weekday, start, end });
const prefs = (over: Partial<PreferencesInput>): PreferencesInput => ({ ...DEFAULT_PREFERENCES, ...over });

describe("availability windows", () => {
  it("accepts windows that only touch, on the same day or across midnight", () => {
    expect(
      overlappingWindows([w(1, "18:00", "20:00"), w(1, "20:00", "21:30"), w(2, "07:00", "08:00")]),
    ).toBeUndefined();
    expect(overlappingWindows([w(5, "22:00", "01:00"), w(6, "01:00", "02:00")])).toBeUndefined();
  });

  it("finds an overlap within a day and names both windows", () => {
    expect(overlappingWindows([w(3, "09:00", "10:00"), w(1, "18:00", "20:00"), w(1, "19:30", "21:00")])).toEqual([
      1, 2,
    ]);
  });

  it("finds an overlap created by a window running past midnight", () => {
    expect(overlappingWindows([w(2, "23:00", "02:00"), w(3, "01:00", "03:00")])).toEqual([0, 1]);
  });

  it("treats the week as a circle: Sunday night runs into Monday morning", () => {
    expect(overlappingWindows([w(1, "00:30", "01:00"), w(7, "23:00", "01:00")])).toEqual([0, 1]);
    expect(overlappingWindows([w(1, "01:00", "02:00"), w(7, "23:00", "01:00")])).toBeUndefined();
  });

  it("finds an overlap hidden behind a long window", () => {
    expect(overlappingWindows([w(4, "08:00", "20:00"), w(4, "09:00", "10:00"), w(4, "15:00", "16:00")])).toEqual([
      0, 1,
    ]);
  });

  it("refuses times that are not whole minutes of a day, and empty windows", () => {
    const parse = (availability: unknown) =>
      PreferencesInput.safeParse(prefs({ availability: availability as LocalWindow[] })).success;
    expect(parse([w(1, "09:00", "24:00")])).toBe(true);
    expect(parse([w(1, "9:00", "10:00")])).toBe(false);
    expect(parse([w(1, "09:00:30", "10:00")])).toBe(false);
    expect(parse([w(1, "24:00", "01:00")])).toBe(false);
    expect(parse([w(1, "10:00", "10:00")])).toBe(false);
    expect(parse([w(0, "10:00", "11:00")])).toBe(false);
    expect(parse([w(8, "10:00", "11:00")])).toBe(false);
  });
});

describe("preference checks", () => {
  it("accepts IANA zones and UTC, refuses made-up zones and abbreviations", () => {
    for (const tz of ["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC", "Asia/Kolkata"]) {
      expect(() => checkPreferences(prefs({ timezone: tz }))).not.toThrow();
    }
    for (const tz of ["Mars/Olympus_Mons", "PST8", "Europe/Atlantis"]) {
      expect(() => checkPreferences(prefs({ timezone: tz }))).toThrow(
        expect.objectContaining({ status: 400, code: "validation.failed" }),
      );
    }
  });

  it("refuses overlapping windows with the path of the second one", () => {
    try {
      checkPreferences(prefs({ availability: [w(1, "18:00", "20:00"), w(1, "19:00", "21:00")] }));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ status: 400, details: { issues: [{ path: "availability.1" }] } });
    }
  });

  it("takes only the known enums for experience, collaboration style and SRS algorithm", () => {
    expect(
      PreferencesInput.safeParse(prefs({ experienceLevel: "advanced", collaborationStyle: "quiet" })).success,
    ).toBe(true);
    expect(PreferencesInput.safeParse({ ...prefs({}), experienceLevel: "guru" }).success).toBe(false);
    expect(PreferencesInput.safeParse({ ...prefs({}), collaborationStyle: "chaotic" }).success).toBe(false);
    expect(PreferencesInput.safeParse({ ...prefs({}), srsAlgorithm: "leitner" }).success).toBe(false);
    expect(
      PreferencesInput.safeParse({ ...prefs({}), notifications: { ...DEFAULT_PREFERENCES.notifications, sms: {} } })
        .success,
    ).toBe(false);
  });
});
