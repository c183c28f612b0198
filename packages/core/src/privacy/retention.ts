// Retention: learning traces expire through the table's TTL after the configured number of days (90 by default).
import { epochSeconds, type Platform } from "../platform/index.js";

/** The `expiresAt` (epoch seconds) to put on a learning trace written at `from` (now by default). */
export function traceExpiry(p: Platform, from: Date = p.clock.now()): number {
  return epochSeconds(from) + p.config.traceRetentionDays * 86_400;
}
