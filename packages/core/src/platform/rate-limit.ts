// Fixed-window rate limits on atomic counters in the store: 429 + Retry-After when a key has used its window.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
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

/** A limit enforced while serving a request, and where its window stood. */
export interface RateLimitReport {
  rule: RateLimit;
  state: RateLimitState;
}

const reports = new AsyncLocalStorage<RateLimitReport[]>();

/**
 * Runs `fn`, adding to `into` every limit `enforceRateLimit` checks meanwhile: the API answers with the IETF
 * RateLimit headers from them. Quiet limits (`consumeRateLimit` alone) are not reported: they must not tell a
 * caller that an email was not sent.
 */
export const collectRateLimits = <T>(into: RateLimitReport[], fn: () => T): T => reports.run(into, fn);

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
  reports.getStore()?.push({ rule, state });
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

/**
 * What per-IP limits count: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber usually holds a
 * whole /64 and can rotate through it at will), and an IPv4-mapped IPv6 address as its IPv4 address. Anything that
 * is not an address answers undefined.
 */
export function clientBlock(address: string): string | undefined {
  const ip = address.trim().replace(/^\[|\]$/g, "");
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  const [head = "", tail = ""] = ip.toLowerCase().split("::") as [string, string?];
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  // A trailing embedded IPv4 (::1.2.3.4) takes two groups; it lies beyond the /64 either way.
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}
