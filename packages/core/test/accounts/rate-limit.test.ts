// Store-backed rate limits: atomic counting, 429 with Retry-After, windows that end.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  consumeRateLimit,
  enforceRateLimit,
  ManualClock,
  type RateLimit,
  releaseRateLimit,
} from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

const rule: RateLimit = { bucket: "test.login", limit: 5, windowSeconds: 900 };

describe("rate limits", () => {
  it("allows the limit, then answers 429 with the seconds left in the window", async () => {
    const clock = new ManualClock("2026-01-05T09:05:00Z");
    const { platform: p } = await testPlatform({ clock });
    for (let i = 0; i < 5; i++) await enforceRateLimit(p, rule, "ada@example.com");
    clock.advance(60_000);
    await expect(enforceRateLimit(p, rule, "ada@example.com")).rejects.toMatchObject({
      status: 429,
      code: "rate.limited",
      // The window is 09:00–09:15; it is 09:06.
      retryAfter: 9 * 60,
    });
    // Another key has its own count.
    await expect(enforceRateLimit(p, rule, "bob@example.com")).resolves.toMatchObject({ allowed: true, remaining: 4 });
    clock.set("2026-01-05T09:15:00Z");
    await expect(enforceRateLimit(p, rule, "ada@example.com")).resolves.toMatchObject({ allowed: true, count: 1 });
  });

  it("counts concurrent attempts exactly", async () => {
    const { platform: p } = await testPlatform();
    const states = await Promise.all(Array.from({ length: 12 }, () => consumeRateLimit(p, rule, "10.0.0.1")));
    expect(states.map((s) => s.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(states.filter((s) => s.allowed)).toHaveLength(5);
  });

  it("gives an attempt back on release, and keeps no raw key in the table", async () => {
    const { platform: p } = await testPlatform();
    await consumeRateLimit(p, rule, "carol@example.com");
    await releaseRateLimit(p, rule, "carol@example.com");
    expect(await consumeRateLimit(p, rule, "carol@example.com")).toMatchObject({ count: 1 });
    const hash = createHash("sha256").update("carol@example.com").digest("base64url").slice(0, 32);
    const counters = await p.store.queryAll({ pk: `RATE#test.login#${hash}` });
    expect(counters).toHaveLength(1);
    expect(JSON.stringify(counters)).not.toContain("carol");
    await releaseRateLimit(p, rule, "never-counted@example.com");
  });
});
