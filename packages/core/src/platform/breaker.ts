// A circuit breaker for calls to outside services (Stripe, the LLM): fail fast while a service is down.
import type { Clock } from "./clock.js";
import { AppError } from "./errors.js";

export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  openMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly options: BreakerOptions = { failureThreshold: 5, openMs: 30_000 },
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return "closed";
    return this.clock.now().getTime() - this.openedAt >= this.options.openMs ? "half-open" : "open";
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === "open" || (state === "half-open" && this.trialInFlight)) {
      const retryAfter = Math.ceil((this.options.openMs - (this.clock.now().getTime() - (this.openedAt ?? 0))) / 1000);
      throw new AppError(503, `${this.name}.unavailable`, `${this.name} is unavailable right now; try again shortly.`, {
        retryAfter: Math.max(1, retryAfter),
      });
    }
    if (state === "half-open") this.trialInFlight = true;
    try {
      const result = await call();
      this.failures = 0;
      this.openedAt = undefined;
      return result;
    } catch (e) {
      this.failures++;
      if (state === "half-open" || this.failures >= this.options.failureThreshold) {
        this.openedAt = this.clock.now().getTime();
      }
      throw e;
    } finally {
      if (state === "half-open") this.trialInFlight = false;
    }
  }
}
