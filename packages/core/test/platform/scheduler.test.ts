// The local scheduler fires one-time and recurring schedules when due, including ones missed while stopped.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

describe("local scheduler (StoreScheduler)", () => {
  it("reports an at() schedule as due only once its time has come, and forgets it after the run", async () => {
    const clock = new ManualClock("2026-05-01T10:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const s = p.local!.scheduler;
    await s.at("reminder-1", new Date("2026-05-01T11:00:00Z"), {
      job: "sessions.remind",
      payload: { sessionId: "s1" },
    });
    expect(await s.due()).toHaveLength(0);
    clock.set("2026-05-01T11:00:00Z");
    const due = await s.due();
    expect(due.map((d) => [d.name, d.job, d.payload])).toEqual([
      ["reminder-1", "sessions.remind", { sessionId: "s1" }],
    ]);
    await s.completed(due[0]!);
    expect(await s.get("reminder-1")).toBeUndefined();
  });

  it("moves a recurring schedule to its next time after each run", async () => {
    const clock = new ManualClock("2026-05-01T05:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const s = p.local!.scheduler;
    await s.recurring("daily", "cron(0 6 * * ? *)", "UTC", { job: "matching.run", payload: {} });
    expect((await s.get("daily"))!.nextRunAt).toBe("2026-05-01T06:00:00.000Z");
    clock.set("2026-05-01T06:00:01Z");
    const [due] = await s.due();
    await s.completed(due!);
    expect((await s.get("daily"))!.nextRunAt).toBe("2026-05-02T06:00:00.000Z");
  });

  it("replaces a schedule created again under the same name, and deletes idempotently", async () => {
    const clock = new ManualClock("2026-05-01T10:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const s = p.local!.scheduler;
    await s.at("r", new Date("2026-05-01T12:00:00Z"), { job: "a", payload: {} });
    await s.at("r", new Date("2026-05-01T13:00:00Z"), { job: "a", payload: { moved: true } });
    expect((await s.list()).map((x) => [x.name, x.nextRunAt])).toEqual([["r", "2026-05-01T13:00:00.000Z"]]);
    clock.set("2026-05-01T12:30:00Z");
    expect(await s.due()).toHaveLength(0);
    await s.delete("r");
    await s.delete("r");
    expect(await s.list()).toHaveLength(0);
  });

  it("retries a failed run with backoff, then drops it after three retries", async () => {
    const clock = new ManualClock("2026-05-01T10:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const s = p.local!.scheduler;
    await s.at("flaky", new Date("2026-05-01T10:00:00Z"), { job: "x", payload: {} });
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      const [due] = await s.due();
      expect(await s.failed(due!)).toBe("retrying");
    }
    clock.advance(60_000);
    const [last] = await s.due();
    expect(await s.failed(last!)).toBe("dropped");
    expect(await s.get("flaky")).toBeUndefined();
  });

  it("lets only one runner claim a due occurrence", async () => {
    const clock = new ManualClock("2026-05-01T10:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const s = p.local!.scheduler;
    await s.at("once", new Date("2026-05-01T10:00:00Z"), { job: "x", payload: {} });
    const [a] = await s.due();
    const [b] = await s.due();
    const claims = await Promise.all([s.claim(a!), s.claim(b!)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.due()).toHaveLength(0);
  });
});
