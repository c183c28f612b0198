// A scheduled job fires at its time with its payload, also when the runtime was restarted in between.
import { defineDomain } from "@pactly/core/domain";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { runScheduledJob } from "../../src/jobs/registry.js";
import { SchedulerRunner } from "../../src/local/scheduler-runner.js";

describe("scheduled jobs through the local scheduler", () => {
  it("fires a one-time schedule at its time, once", async () => {
    const clock = new ManualClock("2026-04-01T08:00:00Z");
    const fired: unknown[] = [];
    const demo = defineDomain({
      name: "demo",
      jobs: { "demo.remind": async (_p, payload) => void fired.push(payload) },
    });
    const { platform: p } = await testPlatform({ clock, domains: [demo] });
    const runner = new SchedulerRunner(p, (e) => runScheduledJob(p, e));
    await p.scheduler.at("remind-s1-1h", new Date("2026-04-01T09:00:00Z"), {
      job: "demo.remind",
      payload: { sessionId: "s1" },
    });

    expect(await runner.fireDue()).toBe(0);
    clock.set("2026-04-01T09:00:00Z");
    expect(await runner.fireDue()).toBe(1);
    expect(fired).toEqual([{ sessionId: "s1" }]);
    clock.advance(60_000);
    expect(await runner.fireDue()).toBe(0);
  });

  it("fires a schedule whose time passed while the runtime was stopped", async () => {
    const clock = new ManualClock("2026-04-01T08:00:00Z");
    const first = await testPlatform({ clock });
    await first.platform.scheduler.at("remind-s2-24h", new Date("2026-04-01T08:30:00Z"), {
      job: "demo.remind",
      payload: { sessionId: "s2" },
    });
    // "Restart": a new platform on the same table, an hour later.
    clock.set("2026-04-01T09:30:00Z");
    const fired: unknown[] = [];
    const demo = defineDomain({
      name: "demo",
      jobs: { "demo.remind": async (_p, payload) => void fired.push(payload) },
    });
    const second = await testPlatform({
      clock,
      tableName: first.tableName,
      bucketName: first.bucketName,
      domains: [demo],
    });
    const runner = new SchedulerRunner(second.platform, (e) => runScheduledJob(second.platform, e));
    expect(await runner.fireDue()).toBe(1);
    expect(fired).toEqual([{ sessionId: "s2" }]);
  });

  it("does not lose a schedule whose job fails: it is retried later", async () => {
    const clock = new ManualClock("2026-04-01T08:00:00Z");
    let attempts = 0;
    const demo = defineDomain({
      name: "demo",
      jobs: {
        "demo.flaky": async () => {
          attempts++;
          if (attempts === 1) throw new Error("first try fails");
        },
      },
    });
    const { platform: p } = await testPlatform({ clock, domains: [demo] });
    const runner = new SchedulerRunner(p, (e) => runScheduledJob(p, e));
    await p.scheduler.at("flaky", new Date("2026-04-01T08:00:00Z"), { job: "demo.flaky", payload: {} });
    await runner.fireDue();
    expect(await p.local!.scheduler.get("flaky")).toBeDefined();
    clock.advance(10_000);
    await runner.fireDue();
    expect(attempts).toBe(2);
    expect(await p.local!.scheduler.get("flaky")).toBeUndefined();
  });
});
