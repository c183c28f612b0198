// Test fixtures for matching: learners built by hand and fast-check generators of waitlists. Used by tests only.
import fc from "fast-check";
import type { WaitlistSignalsInput } from "./model.js";

/** A week with no DST change anywhere we test: offsets are the winter ones. */
export const WINTER_WEEK = "2025-01-13";

export function learner(
  userId: string,
  timezone: string,
  windows: { weekday: number; start: string; end: string }[],
  extra: Partial<WaitlistSignalsInput> = {},
): WaitlistSignalsInput {
  return {
    userId,
    timezone,
    locale: "en",
    experienceLevel: "intermediate",
    collaborationStyle: "structured",
    windows,
    prioritySince: null,
    joinedAt: "2025-01-01T00:00:00.000Z",
    ...extra,
  };
}

const ZONES = [
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Australia/Sydney",
  "UTC",
];

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Windows on distinct weekdays, each inside its day (so they never overlap), on the half hour. */
const windowsArb = fc
  .uniqueArray(
    fc.record({
      weekday: fc.integer({ min: 1, max: 7 }),
      // Mostly evenings, so that pods can form; sometimes anywhere in the day.
      startHalfHour: fc.oneof(fc.integer({ min: 34, max: 40 }), fc.integer({ min: 0, max: 44 })),
      halfHours: fc.integer({ min: 2, max: 8 }),
    }),
    { minLength: 1, maxLength: 4, selector: (w) => w.weekday },
  )
  .map((ws) =>
    ws.map((w) => {
      const start = w.startHalfHour * 30;
      const end = Math.min(start + w.halfHours * 30, 1440);
      return { weekday: w.weekday, start: hhmm(start), end: end === 1440 ? "24:00" : hhmm(end) };
    }),
  );

export const learnerArb = (userId: string): fc.Arbitrary<WaitlistSignalsInput> =>
  fc.record({
    userId: fc.constant(userId),
    timezone: fc.constantFrom(...ZONES),
    locale: fc.constantFrom("en", "en-GB", "en-US", "es", "de"),
    experienceLevel: fc.constantFrom("beginner", "intermediate", "advanced"),
    collaborationStyle: fc.constantFrom("structured", "flexible", "social", "quiet"),
    windows: windowsArb,
    prioritySince: fc.option(
      fc.integer({ min: 0, max: 1000 }).map((m) => new Date(Date.UTC(2025, 0, 1) + m * 60_000).toISOString()),
      { freq: 8, nil: null },
    ),
    joinedAt: fc
      .integer({ min: 0, max: 10_000 })
      .map((m) => new Date(Date.UTC(2024, 11, 1) + m * 60_000).toISOString()),
  });

/** A waitlist of up to `max` learners with ids u00, u01, … */
export const waitlistArb = (max: number): fc.Arbitrary<WaitlistSignalsInput[]> =>
  fc
    .integer({ min: 0, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => learnerArb(`u${String(i).padStart(2, "0")}`))));
