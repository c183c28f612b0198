import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./breaker.js";
import { ManualClock } from "./clock.js";
import { AppError } from "./errors.js";

describe("circuit breaker", () => {
  const failing = () => Promise.reject(new Error("down"));

  it("opens after consecutive failures and fails fast with 503 and Retry-After", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("stripe", clock, { failureThreshold: 3, openMs: 10_000 });
    for (let i = 0; i < 3; i++) await expect(b.run(failing)).rejects.toThrow("down");
    expect(b.state).toBe("open");
    let calls = 0;
    const err = await b.run(async () => ++calls).catch((e: unknown) => e);
    expect(calls).toBe(0);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).code).toBe("stripe.unavailable");
    expect((err as AppError).retryAfter).toBe(10);
  });

  it("lets one trial through after the open period and closes on success", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 1, openMs: 5_000 });
    await expect(b.run(failing)).rejects.toThrow();
    clock.advance(5_000);
    expect(b.state).toBe("half-open");
    await expect(b.run(async () => "ok")).resolves.toBe("ok");
    expect(b.state).toBe("closed");
  });

  it("opens after 5 consecutive failures and stays open 30 s by default", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("stripe", clock);
    for (let i = 0; i < 4; i++) await expect(b.run(failing)).rejects.toThrow("down");
    expect(b.state).toBe("closed");
    await expect(b.run(failing)).rejects.toThrow("down");
    expect(b.state).toBe("open");
    await expect(b.run(async () => "ok")).rejects.toMatchObject({ status: 503, retryAfter: 30 });
    clock.advance(29_999);
    expect(b.state).toBe("open");
    clock.advance(1);
    expect(b.state).toBe("half-open");
  });

  it("counts only consecutive failures: a success in between starts the count again", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 2, openMs: 5_000 });
    await expect(b.run(failing)).rejects.toThrow();
    await expect(b.run(async () => 1)).resolves.toBe(1);
    await expect(b.run(failing)).rejects.toThrow();
    expect(b.state).toBe("closed");
  });

  it("says how long is left of the open period, and who is unavailable", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("stripe", clock, { failureThreshold: 1, openMs: 10_000 });
    await expect(b.run(failing)).rejects.toThrow("down");
    clock.advance(4_200);
    await expect(b.run(async () => "ok")).rejects.toMatchObject({
      status: 503,
      code: "stripe.unavailable",
      message: "stripe is unavailable right now; try again shortly.",
      retryAfter: 6,
    });
  });

  it("lets exactly one trial through when half-open: a second call during the trial fails fast", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 1, openMs: 5_000 });
    await expect(b.run(failing)).rejects.toThrow();
    clock.advance(5_000);
    let finishTrial: (v: string) => void = () => {};
    let calls = 0;
    const trial = b.run(
      () =>
        new Promise<string>((resolve) => {
          calls++;
          finishTrial = resolve;
        }),
    );
    const second = await b.run(async () => ++calls).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(second).toMatchObject({ status: 503, code: "llm.unavailable", retryAfter: 1 });
    finishTrial("recovered");
    await expect(trial).resolves.toBe("recovered");
    expect(b.state).toBe("closed");
    await expect(b.run(async () => "after")).resolves.toBe("after");
  });

  it("lets a new trial through after a failed one, once the circuit has been open again", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 1, openMs: 5_000 });
    await expect(b.run(failing)).rejects.toThrow();
    clock.advance(5_000);
    await expect(b.run(failing)).rejects.toThrow("down");
    expect(b.state).toBe("open");
    await expect(b.run(async () => "too early")).rejects.toMatchObject({ status: 503, retryAfter: 5 });
    clock.advance(5_000);
    await expect(b.run(async () => "second trial")).resolves.toBe("second trial");
    expect(b.state).toBe("closed");
  });

  it("re-opens on a failed trial even when a call from before the outage succeeded meanwhile", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 2, openMs: 5_000 });
    let finishStraggler: (v: string) => void = () => {};
    const straggler = b.run(() => new Promise<string>((resolve) => (finishStraggler = resolve)));
    await expect(b.run(failing)).rejects.toThrow();
    await expect(b.run(failing)).rejects.toThrow();
    clock.advance(5_000);
    let failTrial: (e: Error) => void = () => {};
    const trial = b.run(() => new Promise<string>((_, reject) => (failTrial = reject)));
    finishStraggler("late");
    await expect(straggler).resolves.toBe("late");
    // The service answered, so the circuit is closed: calls go through while the trial is still out.
    expect(b.state).toBe("closed");
    await expect(b.run(async () => "through")).resolves.toBe("through");
    failTrial(new Error("still down"));
    await expect(trial).rejects.toThrow("still down");
    expect(b.state).toBe("open");
  });

  it("lets no second trial through when a call from before the outage fails during the trial", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 1, openMs: 5_000 });
    let failStraggler: (e: Error) => void = () => {};
    const straggler = b.run(() => new Promise<string>((_, reject) => (failStraggler = reject)));
    await expect(b.run(failing)).rejects.toThrow();
    clock.advance(5_000);
    let finishTrial: (v: string) => void = () => {};
    const trial = b.run(() => new Promise<string>((resolve) => (finishTrial = resolve)));
    failStraggler(new Error("late failure"));
    await expect(straggler).rejects.toThrow("late failure");
    clock.advance(5_000);
    expect(b.state).toBe("half-open");
    let calls = 0;
    await expect(b.run(async () => ++calls)).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(0);
    finishTrial("recovered");
    await expect(trial).resolves.toBe("recovered");
    expect(b.state).toBe("closed");
  });

  it("re-opens when the trial fails", async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    const b = new CircuitBreaker("llm", clock, { failureThreshold: 2, openMs: 5_000 });
    await expect(b.run(failing)).rejects.toThrow();
    await expect(b.run(failing)).rejects.toThrow();
    clock.advance(6_000);
    await expect(b.run(failing)).rejects.toThrow("down");
    expect(b.state).toBe("open");
  });
});
