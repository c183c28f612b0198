// The order sessions are listed in, the countdown's words, and the proof checks made before any upload.
import { describe, expect, it } from "vitest";
import { countdown, PROOF_MAX_BYTES, proofProblem, upcomingFirst, utcToZonedInput, zonedToUtc } from "./sessions";

const at = (n: number, status = "scheduled") => ({
  id: `s${n}`,
  status,
  startsAt: `2026-03-${String(n).padStart(2, "0")}T18:00:00Z`,
  endsAt: `2026-03-${String(n).padStart(2, "0")}T19:00:00Z`,
});

describe("sessions in the browser", () => {
  it("lists sessions to come soonest first, then past and cancelled ones latest first", () => {
    const now = Date.parse("2026-03-10T18:30:00Z");
    const items = [at(3, "completed"), at(17), at(12, "cancelled"), at(10, "active"), at(14), at(5, "completed")];
    expect(upcomingFirst(items, now).map((s) => s.id)).toEqual(["s10", "s14", "s17", "s12", "s5", "s3"]);
  });

  it("counts down in days and hours, then hours and minutes, then minutes", () => {
    const start = "2026-03-10T18:00:00Z";
    const before = (minutes: number) => Date.parse(start) - minutes * 60_000;
    expect(countdown(start, before(2 * 1440 + 3 * 60 + 10))).toBe("in 2 days 3 h");
    expect(countdown(start, before(1440))).toBe("in 1 day");
    expect(countdown(start, before(90))).toBe("in 1 h 30 min");
    expect(countdown(start, before(45))).toBe("in 45 min");
    expect(countdown(start, before(0.5))).toBe("in 1 min");
    expect(countdown(start, before(-1))).toBe("now");
  });

  it("takes photos, PDFs and text up to 10 MB as proof, and says why anything else is refused", () => {
    expect(proofProblem({ type: "image/png", size: 1200 })).toBeNull();
    expect(proofProblem({ type: "application/pdf", size: PROOF_MAX_BYTES })).toBeNull();
    expect(proofProblem({ type: "image/png", size: PROOF_MAX_BYTES + 1 })).toBe("Proof can be at most 10 MB.");
    expect(proofProblem({ type: "text/html", size: 10 })).toMatch(/photo .* a PDF or a text file/);
    expect(proofProblem({ type: "text/plain", size: 0 })).toBe("That file is empty.");
  });
});

describe("wall times in the learner's timezone", () => {
  it("turns a local time on another clock than the browser's into the right instant, both ways across DST", () => {
    expect(zonedToUtc("2026-03-04T18:00", "Europe/London").toISOString()).toBe("2026-03-04T18:00:00.000Z");
    expect(zonedToUtc("2026-04-01T18:00", "Europe/London").toISOString()).toBe("2026-04-01T17:00:00.000Z");
    expect(zonedToUtc("2026-03-04T09:30", "Asia/Kolkata").toISOString()).toBe("2026-03-04T04:00:00.000Z");
    expect(zonedToUtc("2026-12-01T20:00", "Pacific/Honolulu").toISOString()).toBe("2026-12-02T06:00:00.000Z");
    // Skipped by DST in New York (02:30 on 8 March 2026 does not exist): moved forward an hour.
    expect(zonedToUtc("2026-03-08T02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    for (const tz of ["Europe/London", "Asia/Kolkata", "Australia/Sydney", "America/New_York"]) {
      const at = "2026-10-20T07:15:00.000Z";
      expect(zonedToUtc(utcToZonedInput(at, tz), tz).toISOString()).toBe(at);
    }
  });
});
