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
