// Fixed-window rate limits on atomic counters in the store: 429 + Retry-After when a key has used its window.
import { createHash } from "node:crypto";
import { epochSeconds } from "./clock.js";
import { tooManyRequests } from "./errors.js";
import type { Platform } from "./platform.js";
import { defineEntity } from "./store/patterns.js";
import type { Item } from "./store/port.js";

/** One counter per key and window, changed only by atomic adds. */
export const RateCounter = defineEntity("RateCounter", {
  one: {
    name: "Count an attempt",
    pk: "RATE#<bucket>#<keyHash>",
    sk: "W#<windowStart>",
    note: "update with `ADD count 1`",
  },
});

export interface RateLimit {
  /** What is limited, e.g. "login.email"; part of the counter's key and of the 429's message. */
  bucket: string;
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitState {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  count: number;
  remaining: number;
  /** Seconds until the window ends. */
  retryAfter: number;
}

type Counter = Item & { count: number };

/**
 * Keys can be personal (an email, an IP address): only a hash of them is stored, so counters hold no
 * personal data and need no erasure (they expire with their window anyway).
 */
const keyHash = (key: string) => createHash("sha256").update(key).digest("base64url").slice(0, 32);

function counterKey(p: Platform, rule: RateLimit, key: string) {
  const now = epochSeconds(p.clock.now());
  const windowStart = now - (now % rule.windowSeconds);
  return {
    key: RateCounter.key("one", { bucket: rule.bucket, keyHash: keyHash(key), windowStart: String(windowStart) }),
    windowEnd: windowStart + rule.windowSeconds,
    now,
  };
}

/**
 * Counts one attempt and says whether it is within the limit. The increment is one atomic update, so
 * concurrent attempts can never all slip under the limit together.
 */
export async function consumeRateLimit(p: Platform, rule: RateLimit, key: string): Promise<RateLimitState> {
  const { key: k, windowEnd, now } = counterKey(p, rule, key);
  const counter = await p.store.update<Counter>(
    k,
    // A day past the window's end, so a late clock on another instance still finds the counter.
    { set: { type: "RateCounter", expiresAt: windowEnd + 86_400 }, add: { count: 1 } },
    {},
  );
  const count = counter.count;
  return {
    allowed: count <= rule.limit,
    count,
    remaining: Math.max(0, rule.limit - count),
    retryAfter: Math.max(1, windowEnd - now),
  };
}

/** Counts one attempt; over the limit throws 429 `rate.limited` with Retry-After. */
export async function enforceRateLimit(p: Platform, rule: RateLimit, key: string): Promise<RateLimitState> {
  const state = await consumeRateLimit(p, rule, key);
  if (!state.allowed) {
    throw tooManyRequests("rate.limited", "Too many attempts; try again later.", state.retryAfter);
  }
  return state;
}

/**
 * Gives back an attempt counted by `consumeRateLimit` (e.g. a successful sign-in), so only failures use up
 * the window. Never creates a counter.
 */
export async function releaseRateLimit(p: Platform, rule: RateLimit, key: string): Promise<void> {
  const { key: k } = counterKey(p, rule, key);
  try {
    await p.store.update(k, { add: { count: -1 } }, { exists: true });
  } catch {
    // The window ended (or the counter expired) in between: nothing to give back.
  }
}
