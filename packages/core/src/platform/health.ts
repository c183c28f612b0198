// Dependency status for /v1/health: the store, object storage, the queues, the outbox and the circuit breakers.
import { deadEffects, type EffectItem } from "./effects.js";
import type { Platform } from "./platform.js";
import { QUEUE_NAMES } from "./queue/port.js";

export interface CheckResult {
  status: "ok" | "down";
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  stage: string;
  runtime: "aws" | "local";
  time: string;
  checks: {
    store: CheckResult;
    blob: CheckResult;
    queue: CheckResult & { pending?: Record<string, number>; deadLetters?: Record<string, number> };
    /** Side effects that failed their last attempt (see effects.ts): each needs a look. */
    outbox: CheckResult & { dead: number; lastDeadAt: string | null };
  };
  breakers: Record<string, string>;
}

async function timed(p: Platform, fn: () => Promise<void>): Promise<CheckResult> {
  const start = performance.now();
  try {
    await fn();
    return { status: "ok", latencyMs: Math.round(performance.now() - start) };
  } catch (e) {
    p.log.warn("health check failed", { error: e });
    return { status: "down", latencyMs: Math.round(performance.now() - start), detail: (e as Error).name || "error" };
  }
}

/** Breakers every stage has, shown from the start: payments (Stripe). Others appear after their first call. */
const KNOWN_BREAKERS = ["payment"];

export async function healthReport(p: Platform): Promise<HealthReport> {
  const pending: Record<string, number> = {};
  const deadLetters: Record<string, number> = {};
  let dead: EffectItem[] = [];
  const [store, blob, queue, outbox] = await Promise.all([
    timed(p, () => p.store.ping()),
    timed(p, () => p.blob.ping()),
    timed(p, async () => {
      if (p.local) {
        for (const q of QUEUE_NAMES) {
          pending[q] = await p.local.queue.pending(q);
          deadLetters[q] = (await p.local.queue.deadLetters(q)).length;
        }
      } else {
        const missing = QUEUE_NAMES.filter((q) => !p.config.queueUrls[q]);
        if (missing.length)
          throw Object.assign(new Error(`queues not configured: ${missing.join(",")}`), { name: "QueueConfig" });
      }
    }),
    timed(p, async () => {
      dead = await deadEffects(p, 100);
    }),
  ]);
  return {
    status: [store, blob, queue, outbox].every((c) => c.status === "ok") ? "ok" : "degraded",
    stage: p.config.stage,
    runtime: p.config.runtime,
    time: p.clock.now().toISOString(),
    checks: {
      store,
      blob,
      queue: { ...queue, ...(p.local ? { pending, deadLetters } : {}) },
      outbox: { ...outbox, dead: dead.length, lastDeadAt: dead[0]?.dueAt ?? null },
    },
    // The outside services' breakers, listed before their first call too (closed until calls fail).
    breakers: Object.fromEntries(
      [...new Set([...KNOWN_BREAKERS, ...p.breakers.keys()])].map((name) => [
        name,
        p.breakers.get(name)?.state ?? "closed",
      ]),
    ),
  };
}
