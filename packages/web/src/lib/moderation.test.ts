import { describe, expect, it } from "vitest";
import { formatWhen } from "./format";
import { auditActionLabel, auditDetails, counter, outcomeText, reasonLabel, suspensionEnd } from "./moderation";

const UNTIL = "2026-03-05T23:30:00.000Z";

describe("moderation wording", () => {
  it("says when a suspension ends in the learner's timezone, or that it has no end", () => {
    expect(suspensionEnd(UNTIL, "Asia/Tokyo")).toBe(`until ${formatWhen(UNTIL, "Asia/Tokyo")}`);
    // Past midnight in Tokyo: the day the learner reads is their own, not UTC's.
    expect(formatWhen(UNTIL, "Asia/Tokyo")).not.toBe(formatWhen(UNTIL, "UTC"));
    expect(suspensionEnd(null, "Asia/Tokyo")).toBe("with no end date");
  });

  it("puts each outcome in a sentence", () => {
    expect(outcomeText({ outcome: "dismiss", until: null })).toBe("Dismissed: no action was taken.");
    expect(outcomeText({ outcome: "warn", until: null })).toBe("A warning.");
    expect(outcomeText({ outcome: "suspend", until: UNTIL }, "Europe/Madrid")).toBe(
      `Suspended until ${formatWhen(UNTIL, "Europe/Madrid")}.`,
    );
    expect(outcomeText({ outcome: "suspend", until: null })).toBe("Suspended with no end date.");
    expect(outcomeText({ outcome: "ban", until: null })).toBe("Banned: suspended with no end date.");
  });

  it("counts characters, asking for the minimum until it is reached", () => {
    expect(counter(3, 2000, 10)).toBe("3 of 2000 characters (at least 10)");
    expect(counter(10, 2000, 10)).toBe("10 of 2000 characters");
    expect(counter(0, 1000)).toBe("0 of 1000 characters");
  });

  it("names reasons and audit actions in plain words, keeping unknown ones as they are", () => {
    expect(reasonLabel("harassment")).toBe("Harassment or bullying");
    expect(reasonLabel("new_reason")).toBe("new_reason");
    expect(auditActionLabel("account.reinstated")).toBe("Account reinstated");
    expect(auditActionLabel("report.reopened")).toBe("report.reopened");
  });

  it("lists an audit entry's details, leaving out empty ones", () => {
    expect(auditDetails({ outcome: "suspend", days: 3, note: "", until: null, terms: ["a", "b"] })).toBe(
      'outcome: suspend · days: 3 · terms: ["a","b"]',
    );
  });
});
