// Quiet hours are read in the learner's timezone, may span midnight, and end at the same wall time across DST.
import { describe, expect, it } from "vitest";
import { isQuiet, sendTimeAfterQuietHours } from "./quiet-hours.js";

const NIGHT = { start: "22:00", end: "07:00" };
const at = (iso: string) => new Date(iso);

describe("quiet hours", () => {
  it("holds a message sent in the night until the window ends, in the learner's zone", () => {
    // 03:30 UTC is 22:30 in New York (winter, UTC-5): quiet until 07:00 there, 12:00 UTC.
    expect(sendTimeAfterQuietHours(at("2026-01-06T03:30:00Z"), NIGHT, "America/New_York").toISOString()).toBe(
      "2026-01-06T12:00:00.000Z",
    );
    // The same instant is 04:30 in Berlin (UTC+1): quiet until 07:00 there, 06:00 UTC.
    expect(sendTimeAfterQuietHours(at("2026-01-06T03:30:00Z"), NIGHT, "Europe/Berlin").toISOString()).toBe(
      "2026-01-06T06:00:00.000Z",
    );
  });

  it("lets a message outside the window through at once, and one at the window's end too", () => {
    expect(sendTimeAfterQuietHours(at("2026-01-06T12:00:00Z"), NIGHT, "America/New_York").toISOString()).toBe(
      "2026-01-06T12:00:00.000Z",
    );
    expect(isQuiet(at("2026-01-06T21:59:00Z"), NIGHT, "UTC")).toBe(false);
    expect(isQuiet(at("2026-01-06T22:00:00Z"), NIGHT, "UTC")).toBe(true);
    expect(isQuiet(at("2026-01-06T06:59:00Z"), NIGHT, "UTC")).toBe(true);
    expect(isQuiet(at("2026-01-06T07:00:00Z"), NIGHT, "UTC")).toBe(false);
  });

  it("handles a window within one day", () => {
    const lunch = { start: "12:00", end: "14:00" };
    expect(sendTimeAfterQuietHours(at("2026-01-06T12:30:00Z"), lunch, "UTC").toISOString()).toBe(
      "2026-01-06T14:00:00.000Z",
    );
    expect(sendTimeAfterQuietHours(at("2026-01-06T11:30:00Z"), lunch, "UTC").toISOString()).toBe(
      "2026-01-06T11:30:00.000Z",
    );
  });

  it("ends at 07:00 local on the night the clocks change, in both directions", () => {
    // London springs forward on 29 March 2026: 07:00 BST is 06:00 UTC.
    expect(sendTimeAfterQuietHours(at("2026-03-28T23:30:00Z"), NIGHT, "Europe/London").toISOString()).toBe(
      "2026-03-29T06:00:00.000Z",
    );
    // …and falls back on 25 October 2026: 07:00 GMT is 07:00 UTC.
    expect(sendTimeAfterQuietHours(at("2026-10-24T22:30:00Z"), NIGHT, "Europe/London").toISOString()).toBe(
      "2026-10-25T07:00:00.000Z",
    );
    // Sydney (southern hemisphere) leaves summer time on 5 April 2026: 07:00 AEST is 21:00 UTC the day before.
    expect(sendTimeAfterQuietHours(at("2026-04-05T12:00:00Z"), NIGHT, "Australia/Sydney").toISOString()).toBe(
      "2026-04-05T21:00:00.000Z",
    );
  });

  it("sends at once with no quiet hours set", () => {
    expect(sendTimeAfterQuietHours(at("2026-01-06T03:30:00Z"), null, "UTC").toISOString()).toBe(
      "2026-01-06T03:30:00.000Z",
    );
  });
});
