// The reference week: local weekly windows to UTC minutes of the week, offsets per slot, and recurring slot instants.
import { DateTime, IANAZone } from "luxon";
import { badRequest } from "../platform/errors.js";
import { type CommonSlot, MINUTES_PER_WEEK, type WeekInterval } from "./model.js";

export const SLOT_MINUTES = 15;
export const SLOTS_PER_WEEK = MINUTES_PER_WEEK / SLOT_MINUTES;
const MINUTE_MS = 60_000;
const DAY_SLOTS = 1440 / SLOT_MINUTES;

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const knownZones = new Map<string, boolean>();
/** Whether the runtime's tz database knows `tz`; memoised, as each check builds an Intl formatter. */
export function isKnownTimezone(tz: string): boolean {
  let known = knownZones.get(tz);
  if (known === undefined) {
    known = IANAZone.isValidZone(tz);
    if (knownZones.size < 10_000) knownZones.set(tz, known);
  }
  return known;
}

/** The Monday (UTC calendar) of the ISO week holding `date`, as "YYYY-MM-DD". */
export function referenceWeekOf(date: Date | string): string {
  const d = DateTime.fromJSDate(new Date(date), { zone: "utc" });
  return d.minus({ days: d.weekday - 1 }).toISODate()!;
}

function mondayOf(referenceWeek: string): DateTime {
  const monday = DateTime.fromISO(referenceWeek, { zone: "utc" });
  if (!monday.isValid || monday.weekday !== 1) {
    throw badRequest(
      "matching.invalid_reference_week",
      "The reference week must be given by its Monday (YYYY-MM-DD).",
      {
        referenceWeek,
      },
    );
  }
  return monday;
}

export const minuteToHHMM = (minuteOfDay: number): string => {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

/** "HH:MM" (already validated) to minutes after midnight. */
export const hhmmToMinute = (hhmm: string): number =>
  ((hhmm.charCodeAt(0) - 48) * 10 + hhmm.charCodeAt(1) - 48) * 60 +
  (hhmm.charCodeAt(3) - 48) * 10 +
  hhmm.charCodeAt(4) -
  48;

/**
 * Conversions for one reference week, cached per timezone and local time: a waitlist of 100k learners uses a
 * few thousand distinct (timezone, weekday, time) triples, and each costs a tz-database lookup.
 */
export class WeekClock {
  readonly referenceWeek: string;
  readonly mondayUtcMs: number;
  private readonly monday: DateTime;
  private readonly localCache = new Map<string, Map<number, number>>();
  private readonly offsetCache = new Map<string, Int16Array>();

  constructor(referenceWeek: string) {
    this.monday = mondayOf(referenceWeek);
    this.referenceWeek = referenceWeek;
    this.mondayUtcMs = this.monday.toMillis();
  }

  /**
   * Minutes from the reference Monday 00:00 UTC to `minuteOfDay` (may exceed 1440: the next days) on the
   * local `weekday` of that week in `timezone`. Negative or ≥ one week when the zone is far from UTC.
   * A local time skipped by a spring-forward change is read as the instant right after the gap.
   */
  localToUtcMinute(timezone: string, weekday: number, minuteOfDay: number): number {
    let zone = this.localCache.get(timezone);
    if (!zone) {
      zone = new Map();
      this.localCache.set(timezone, zone);
    }
    const key = weekday * 10_000 + minuteOfDay;
    const cached = zone.get(key);
    if (cached !== undefined) return cached;
    const day = this.monday.plus({ days: weekday - 1 + Math.floor(minuteOfDay / 1440) });
    const m = minuteOfDay % 1440;
    const local = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 },
      { zone: timezone },
    );
    const minute = Math.round((local.toMillis() - this.mondayUtcMs) / MINUTE_MS);
    zone.set(key, minute);
    return minute;
  }

  /** UTC offset in minutes of `timezone` at each 15-minute UTC slot of the reference week. */
  offsets(timezone: string): Int16Array {
    const cached = this.offsetCache.get(timezone);
    if (cached) return cached;
    const at = (slot: number) =>
      DateTime.fromMillis(this.mondayUtcMs + slot * SLOT_MINUTES * MINUTE_MS, { zone: timezone }).offset;
    const table = new Int16Array(SLOTS_PER_WEEK);
    // Offsets change at most once a day in practice: sample each day's edges and search only where they differ.
    for (let d = 0; d < 7; d++) {
      const lo = d * DAY_SLOTS;
      const hi = lo + DAY_SLOTS - 1;
      const first = at(lo);
      const last = at(hi);
      if (first === last) {
        table.fill(first, lo, hi + 1);
        continue;
      }
      let a = lo;
      let b = hi; // invariant: offset(a) = first, offset(b) = last
      while (b - a > 1) {
        const mid = (a + b) >> 1;
        if (at(mid) === first) a = mid;
        else b = mid;
      }
      table.fill(first, lo, b);
      table.fill(last, b, hi + 1);
    }
    this.offsetCache.set(timezone, table);
    return table;
  }

  /** The offset in force in the middle of the reference week (Thursday 00:00 UTC). */
  midweekOffset(timezone: string): number {
    return this.offsets(timezone)[SLOTS_PER_WEEK / 2 + DAY_SLOTS / 2]!;
  }

  /** Turns local weekly windows into sorted, disjoint UTC [start, end) minute intervals of this week. */
  windowsToUtc(timezone: string, windows: readonly { weekday: number; start: string; end: string }[]): WeekInterval[] {
    const raw: [number, number][] = [];
    for (const w of windows) {
      const startMin = hhmmToMinute(w.start);
      let endMin = hhmmToMinute(w.end);
      if (endMin <= startMin) endMin += 1440;
      const from = this.localToUtcMinute(timezone, w.weekday, startMin);
      const to = this.localToUtcMinute(timezone, w.weekday, endMin);
      if (to <= from) continue; // a window swallowed by a DST gap
      // The week is a cycle: fold into [0, 10080) and split at the wrap.
      const s = ((from % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
      const e = s + (to - from);
      if (e <= MINUTES_PER_WEEK) raw.push([s, e]);
      else raw.push([s, MINUTES_PER_WEEK], [0, e - MINUTES_PER_WEEK]);
    }
    return mergeIntervals(raw);
  }
}

/** Sorts and merges touching or overlapping intervals. */
export function mergeIntervals(intervals: readonly (readonly [number, number])[]): WeekInterval[] {
  const sorted = [...intervals].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: WeekInterval[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The instant of a slot's occurrence in its reference week. */
export const referenceOccurrence = (slot: CommonSlot): Date =>
  new Date(mondayOf(slot.referenceWeek).toMillis() + slot.utcMinuteOfWeek * MINUTE_MS);

/**
 * Session start instants of a recurring slot in [from, to): every week at the anchor's local weekday and time.
 * If that local time is skipped by a DST change that day, the session starts right after the gap.
 */
export function sessionStarts(slot: CommonSlot, range: { from: Date; to: Date }): Date[] {
  const zone = slot.anchorTimezone;
  const minute = hhmmToMinute(slot.anchorTime);
  const fromLocal = DateTime.fromJSDate(range.from, { zone });
  // Start a week early: the anchor's week can begin before `from` in UTC terms.
  let monday = fromLocal.startOf("day").minus({ days: fromLocal.weekday - 1 + 7 });
  const out: Date[] = [];
  const toMs = range.to.getTime();
  while (monday.toMillis() <= toMs) {
    const day = monday.plus({ days: slot.anchorWeekday - 1 });
    const start = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 },
      { zone },
    );
    const ms = start.toMillis();
    if (ms >= range.from.getTime() && ms < toMs) out.push(new Date(ms));
    monday = monday.plus({ weeks: 1 });
  }
  return out;
}

export interface LocalSessionTime {
  timezone: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  start: string;
  end: string;
}

/** A session starting at `at` seen from `timezone`. */
export function localSessionTime(at: Date, durationMinutes: number, timezone: string): LocalSessionTime {
  const start = DateTime.fromJSDate(at, { zone: timezone });
  const end = start.plus({ minutes: durationMinutes });
  return {
    timezone,
    weekday: start.weekday,
    start: minuteToHHMM(start.hour * 60 + start.minute),
    end: minuteToHHMM(end.hour * 60 + end.minute),
  };
}

export interface ScheduledSession {
  start: Date;
  /** Each timezone's local time; `shifted` when it differs from that timezone's time in the reference week. */
  local: (LocalSessionTime & { shifted: boolean })[];
}

/** The pod's sessions in [from, to) as each member timezone sees them. */
export function sessionCalendar(
  slot: CommonSlot,
  range: { from: Date; to: Date },
  timezones: readonly string[],
): ScheduledSession[] {
  const zones = [...new Set(timezones)];
  const usual = new Map(
    zones.map((tz) => [tz, localSessionTime(referenceOccurrence(slot), slot.durationMinutes, tz)] as const),
  );
  return sessionStarts(slot, range).map((start) => ({
    start,
    local: zones.map((tz) => {
      const t = localSessionTime(start, slot.durationMinutes, tz);
      const u = usual.get(tz)!;
      return { ...t, shifted: t.weekday !== u.weekday || t.start !== u.start };
    }),
  }));
}
