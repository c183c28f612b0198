import { describe, expect, it } from "vitest";
import { type AppError, isAppError } from "../platform/errors.js";
import { learner, WINTER_WEEK } from "./fixtures.js";
import { assertSnapshots, formPods, parseWaitlistSignals, snapshotSignals, snapshotWaitlist } from "./index.js";

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

const evening = [{ weekday: 2, start: "18:00", end: "20:00" }];

describe("waitlist signals", () => {
  it("accepts a learner's signals and canonicalises the locale", () => {
    const parsed = parseWaitlistSignals(learner("a", "Europe/Berlin", evening, { locale: "de-de" }));
    expect(parsed).toMatchObject({ userId: "a", timezone: "Europe/Berlin", locale: "de-DE", prioritySince: null });
  });

  it("rejects an unknown timezone with matching.invalid_signals", () => {
    const e = rejection(() => parseWaitlistSignals(learner("a", "Mars/Olympus_Mons", evening)));
    expect(e).toMatchObject({ status: 400, code: "matching.invalid_signals" });
    expect(e.details).toEqual({ issues: [{ path: "timezone", message: "unknown IANA timezone" }] });
  });

  it("rejects overlapping windows, naming the later one", () => {
    const e = rejection(() =>
      parseWaitlistSignals(
        learner("a", "UTC", [
          { weekday: 2, start: "18:00", end: "20:00" },
          { weekday: 4, start: "07:00", end: "08:00" },
          { weekday: 2, start: "19:30", end: "21:00" },
        ]),
      ),
    );
    expect(e).toMatchObject({ status: 400, code: "matching.invalid_signals" });
    expect(e.details).toEqual({ issues: [{ path: "windows.2", message: "overlaps windows.0" }] });
  });

  it("sees an overlap across Sunday midnight", () => {
    const e = rejection(() =>
      parseWaitlistSignals(
        learner("a", "UTC", [
          { weekday: 7, start: "23:00", end: "01:00" },
          { weekday: 1, start: "00:30", end: "02:00" },
        ]),
      ),
    );
    expect(e.code).toBe("matching.invalid_signals");
  });

  it("accepts windows that only touch", () => {
    const ok = parseWaitlistSignals(
      learner("a", "UTC", [
        { weekday: 2, start: "18:00", end: "19:00" },
        { weekday: 2, start: "19:00", end: "20:00" },
      ]),
    );
    // They merge into one interval of availability.
    expect(snapshotSignals(ok, WINTER_WEEK).availability).toEqual([[1440 + 18 * 60, 1440 + 20 * 60]]);
  });

  it.each([
    ["a time that is not HH:MM", { windows: [{ weekday: 2, start: "7pm", end: "20:00" }] }],
    ["hour 25", { windows: [{ weekday: 2, start: "25:00", end: "26:00" }] }],
    ["an empty window", { windows: [{ weekday: 2, start: "18:00", end: "18:00" }] }],
    ["weekday 0", { windows: [{ weekday: 0, start: "18:00", end: "19:00" }] }],
    ["no windows at all", { windows: [] }],
    ["an unknown experience level", { experienceLevel: "guru" }],
    ["an unknown collaboration style", { collaborationStyle: "chaotic" }],
    ["a locale that is not a language tag", { locale: "english please" }],
  ])("rejects %s", (_, change) => {
    const e = rejection(() => parseWaitlistSignals({ ...learner("a", "UTC", evening), ...change }));
    expect(e).toMatchObject({ status: 400, code: "matching.invalid_signals" });
  });

  it("keeps a rematched learner's priority in the snapshot", () => {
    const s = snapshotSignals(learner("a", "UTC", evening, { prioritySince: "2025-01-10T09:00:00.000Z" }), WINTER_WEEK);
    expect(s.prioritySince).toBe("2025-01-10T09:00:00.000Z");
    expect(s.referenceWeek).toBe(WINTER_WEEK);
  });
});

describe("snapshots handed to matching", () => {
  it("rejects the same learner twice", () => {
    const twice = snapshotWaitlist([learner("a", "UTC", evening), learner("a", "UTC", evening)], WINTER_WEEK);
    expect(rejection(() => formPods(twice))).toMatchObject({ status: 400, code: "matching.invalid_signals" });
  });

  it("rejects snapshots of different reference weeks", () => {
    const a = snapshotSignals(learner("a", "UTC", evening), WINTER_WEEK);
    const b = snapshotSignals(learner("b", "UTC", evening), "2025-01-20");
    expect(rejection(() => assertSnapshots([a, b]))).toMatchObject({ code: "matching.invalid_signals" });
  });

  it("rejects intervals that are out of order or outside the week", () => {
    const a = snapshotSignals(learner("a", "UTC", evening), WINTER_WEEK);
    expect(
      rejection(() =>
        assertSnapshots([
          {
            ...a,
            availability: [
              [500, 600],
              [100, 200],
            ],
          },
        ]),
      ).code,
    ).toBe("matching.invalid_signals");
    expect(rejection(() => assertSnapshots([{ ...a, availability: [[10_000, 10_100]] }])).code).toBe(
      "matching.invalid_signals",
    );
  });
});
