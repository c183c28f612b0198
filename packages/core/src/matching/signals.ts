// Waitlist signals: validation of what a learner submits, and the weekly UTC snapshot that matching works on.

import { badRequest } from "../platform/errors.js";
import type { z } from "../platform/schema.js";
import {
  type LocalWindow,
  MatchingSignals,
  MINUTES_PER_WEEK,
  WaitlistSignals,
  type WaitlistSignalsInput,
} from "./model.js";
import { hhmmToMinute, isKnownTimezone, WeekClock } from "./week.js";

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));

const invalid = (message: string, details: Record<string, unknown>) =>
  badRequest("matching.invalid_signals", message, details);

const canonicalTags = new Map<string, string | undefined>();
/** Canonical BCP 47 tag, or undefined when the tag is not one; memoised, as Intl's check is slow and tags few. */
function canonicalLocale(tag: string): string | undefined {
  if (canonicalTags.has(tag)) return canonicalTags.get(tag);
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch {
    canonical = undefined;
  }
  if (canonicalTags.size < 10_000) canonicalTags.set(tag, canonical);
  return canonical;
}

/** The pool a learner is matched in: the language subtag of their locale. */
export const languageOf = (locale: string): string => locale.split("-")[0]!.toLowerCase();

/**
 * The indices of two overlapping windows, if any, comparing them as local minute-of-week ranges (a window
 * running past Sunday midnight wraps round to Monday).
 */
export function overlappingWindows(windows: readonly LocalWindow[]): [number, number] | undefined {
  const week = MINUTES_PER_WEEK;
  const ranges: { s: number; e: number; i: number }[] = [];
  windows.forEach((w, i) => {
    const s = (w.weekday - 1) * 1440 + hhmmToMinute(w.start);
    let e = (w.weekday - 1) * 1440 + hhmmToMinute(w.end);
    if (e <= s) e += 1440;
    if (e <= week) ranges.push({ s, e, i });
    else ranges.push({ s, e: week, i }, { s: 0, e: e - week, i });
  });
  ranges.sort((a, b) => a.s - b.s);
  // `reach`: of the ranges seen so far, the one that ends last; anything starting before its end overlaps it.
  let reach = ranges[0];
  for (const cur of ranges.slice(1)) {
    if (reach && cur.s < reach.e && cur.i !== reach.i) return [Math.min(reach.i, cur.i), Math.max(reach.i, cur.i)];
    if (!reach || cur.e > reach.e) reach = cur;
  }
  return undefined;
}

/**
 * Validates a learner's waitlist signals. Throws AppError 400 `matching.invalid_signals` for a malformed
 * entry, an unknown timezone, a locale that is not a BCP 47 tag, or windows that overlap one another.
 */
export function parseWaitlistSignals(input: unknown): WaitlistSignals {
  const parsed = WaitlistSignals.safeParse(input);
  if (!parsed.success) {
    throw invalid("The matching signals are not valid.", { issues: issuesOf(parsed.error) });
  }
  const signals = parsed.data;
  if (!isKnownTimezone(signals.timezone)) {
    throw invalid(`"${signals.timezone}" is not a known IANA timezone.`, {
      issues: [{ path: "timezone", message: "unknown IANA timezone" }],
    });
  }
  const locale = canonicalLocale(signals.locale);
  if (!locale) {
    throw invalid(`"${signals.locale}" is not a BCP 47 language tag.`, {
      issues: [{ path: "locale", message: "not a BCP 47 language tag" }],
    });
  }
  const clash = overlappingWindows(signals.windows);
  if (clash) {
    throw invalid("Two availability windows overlap; merge them into one.", {
      issues: [{ path: `windows.${clash[1]}`, message: `overlaps windows.${clash[0]}` }],
    });
  }
  return { ...signals, locale };
}

/** The snapshot of validated signals for a reference week (a Monday, "YYYY-MM-DD"). */
export function snapshotSignals(
  input: WaitlistSignalsInput,
  referenceWeek: string,
  clock?: WeekClock,
): MatchingSignals {
  const signals = parseWaitlistSignals(input);
  const week = clock ?? new WeekClock(referenceWeek);
  return {
    userId: signals.userId,
    timezone: signals.timezone,
    locale: signals.locale,
    experienceLevel: signals.experienceLevel,
    collaborationStyle: signals.collaborationStyle,
    availability: week.windowsToUtc(signals.timezone, signals.windows),
    referenceWeek: week.referenceWeek,
    prioritySince: signals.prioritySince,
    joinedAt: signals.joinedAt,
  };
}

/** Snapshots a whole waitlist with one cache of timezone conversions. */
export function snapshotWaitlist(entries: readonly WaitlistSignalsInput[], referenceWeek: string): MatchingSignals[] {
  const clock = new WeekClock(referenceWeek);
  return entries.map((e) => snapshotSignals(e, referenceWeek, clock));
}

/**
 * Checks snapshots before matching: their shape, one reference week, unique users, known timezones and
 * sorted disjoint intervals. Throws AppError 400 `matching.invalid_signals` naming the first bad entry.
 */
export function assertSnapshots(snapshots: readonly MatchingSignals[]): void {
  const seen = new Set<string>();
  const zones = new Map<string, boolean>();
  const week = snapshots[0]?.referenceWeek;
  for (const s of snapshots) {
    const parsed = MatchingSignals.safeParse(s);
    if (!parsed.success) {
      throw invalid("A matching snapshot is not valid.", { userId: s?.userId, issues: issuesOf(parsed.error) });
    }
    if (seen.has(s.userId)) throw invalid("A learner appears twice in the waitlist.", { userId: s.userId });
    seen.add(s.userId);
    if (s.referenceWeek !== week) {
      throw invalid("All snapshots must be taken for the same reference week.", { userId: s.userId, week });
    }
    let known = zones.get(s.timezone);
    if (known === undefined) {
      known = isKnownTimezone(s.timezone);
      zones.set(s.timezone, known);
    }
    if (!known) throw invalid(`"${s.timezone}" is not a known IANA timezone.`, { userId: s.userId });
    let prevEnd = -1;
    for (const [a, b] of s.availability) {
      if (a >= b || a < prevEnd) {
        throw invalid("Availability intervals must be sorted, non-empty and disjoint.", { userId: s.userId });
      }
      prevEnd = b;
    }
  }
}
