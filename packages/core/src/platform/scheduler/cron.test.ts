import { describe, expect, it } from "vitest";
import { nextFire } from "./cron.js";
import { atExpression, scheduleName } from "./port.js";

describe("EventBridge schedule expressions evaluated locally", () => {
  it("fires a daily cron at the next 06:00 UTC", async () => {
    expect((await nextFire("cron(0 6 * * ? *)", "UTC", new Date("2026-03-01T05:59:00Z")))?.toISOString()).toBe(
      "2026-03-01T06:00:00.000Z",
    );
    expect((await nextFire("cron(0 6 * * ? *)", "UTC", new Date("2026-03-01T06:00:00Z")))?.toISOString()).toBe(
      "2026-03-02T06:00:00.000Z",
    );
  });

  it("reads EventBridge day-of-week numbers (1 = Sunday) the way EventBridge does", async () => {
    // 2026-03-02 is a Monday: day 2 in EventBridge numbering.
    expect((await nextFire("cron(30 9 ? * 2 *)", "UTC", new Date("2026-03-01T00:00:00Z")))?.toISOString()).toBe(
      "2026-03-02T09:30:00.000Z",
    );
    expect((await nextFire("cron(30 9 ? * MON *)", "UTC", new Date("2026-03-01T00:00:00Z")))?.toISOString()).toBe(
      "2026-03-02T09:30:00.000Z",
    );
    expect((await nextFire("cron(0 12 ? * 1 *)", "UTC", new Date("2026-03-02T00:00:00Z")))?.toISOString()).toBe(
      "2026-03-08T12:00:00.000Z",
    );
  });

  it("keeps local wall time across a DST change in the schedule's timezone", async () => {
    // 08:00 in New York is 13:00 UTC before 2026-03-08 and 12:00 UTC after.
    expect(
      (await nextFire("cron(0 8 * * ? *)", "America/New_York", new Date("2026-03-07T14:00:00Z")))?.toISOString(),
    ).toBe("2026-03-08T12:00:00.000Z");
    expect(
      (await nextFire("cron(0 8 * * ? *)", "America/New_York", new Date("2026-03-06T14:00:00Z")))?.toISOString(),
    ).toBe("2026-03-07T13:00:00.000Z");
  });

  it("honours the year field and rates", async () => {
    expect((await nextFire("cron(0 0 1 1 ? 2028)", "UTC", new Date("2026-06-01T00:00:00Z")))?.toISOString()).toBe(
      "2028-01-01T00:00:00.000Z",
    );
    expect((await nextFire("rate(5 minutes)", "UTC", new Date("2026-06-01T00:00:00Z")))?.toISOString()).toBe(
      "2026-06-01T00:05:00.000Z",
    );
  });

  it("evaluates one-time at() expressions and rejects nonsense", async () => {
    const when = new Date("2026-06-01T10:00:00Z");
    expect(atExpression(when)).toBe("at(2026-06-01T10:00:00)");
    expect((await nextFire(atExpression(when), "UTC", new Date("2026-06-01T09:00:00Z")))?.toISOString()).toBe(
      when.toISOString(),
    );
    expect(await nextFire(atExpression(when), "UTC", new Date("2026-06-01T11:00:00Z"))).toBeUndefined();
    await expect(nextFire("every day", "UTC", when)).rejects.toThrow(/Not a schedule expression/);
    await expect(nextFire("cron(0 6 * * ?)", "UTC", when)).rejects.toThrow(/six fields/);
  });

  it("makes schedule names EventBridge accepts", async () => {
    expect(scheduleName("reminder", "01J00000000000000000000000", "24h")).toBe(
      "reminder-01J00000000000000000000000-24h",
    );
    expect(scheduleName("a b/c")).toBe("a_b_c");
    expect(() => scheduleName("x".repeat(65))).toThrow(/1–64/);
  });
});
