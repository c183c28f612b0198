// When a sprint's sessions happen: every weekly slot at its home timezone's wall time, and who can make a time.
import { DateTime } from "luxon";
import { type CommonSlot, type LocalWindow, sessionStarts } from "../matching/index.js";
import { FIRST_SESSION_LEAD_MINUTES } from "./model.js";

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK_MINUTES = 7 * 1440;

export interface PlannedSession {
  number: number;
  startsAt: Date;
  durationMinutes: number;
  slot: CommonSlot;
}

/**
 * The sprint's sessions: each slot's weekly occurrences from the first one at least an hour after activation, at
 * the slot's local weekday and time in its home timezone (so a DST change moves the UTC instant, not the wall time),
 * in time order, `durationWeeks × sessionsPerWeek` at most.
 */
export function planSprint(
  slots: readonly CommonSlot[],
  activatedAt: Date,
  sprint: { durationWeeks: number; sessionsPerWeek: number },
): PlannedSession[] {
  const from = new Date(activatedAt.getTime() + FIRST_SESSION_LEAD_MINUTES * MINUTE);
  const to = new Date(from.getTime() + (sprint.durationWeeks + 1) * 7 * DAY);
  const starts = slots.flatMap((slot) =>
    sessionStarts(slot, { from, to })
      .slice(0, sprint.durationWeeks)
      .map((startsAt) => ({ startsAt, slot })),
  );
  starts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return starts.slice(0, sprint.durationWeeks * sprint.sessionsPerWeek).map((s, i) => ({
    number: i + 1,
    startsAt: s.startsAt,
    durationMinutes: s.slot.durationMinutes,
    slot: s.slot,
  }));
}

const hhmm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Weekly windows as local minute-of-week intervals, a window past midnight running into the next day. */
function localIntervals(windows: readonly LocalWindow[]): [number, number][] {
  const out: [number, number][] = [];
  for (const w of windows) {
    const start = (w.weekday - 1) * 1440 + hhmm(w.start);
    let end = (w.weekday - 1) * 1440 + hhmm(w.end);
    if (end <= start) end += 1440;
    out.push([start, end]);
    // The week is a cycle: a Sunday-night window reaches into Monday.
    if (end > WEEK_MINUTES) out.push([start - WEEK_MINUTES, end - WEEK_MINUTES]);
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of out) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** Whether a session from `start` for `minutes` lies inside the learner's weekly windows, read in their timezone. */
export function canMake(
  availability: { windows: readonly LocalWindow[]; timezone: string },
  start: Date,
  minutes: number,
): boolean {
  const local = DateTime.fromJSDate(start, { zone: availability.timezone });
  const from = (local.weekday - 1) * 1440 + local.hour * 60 + local.minute;
  const to = from + minutes;
  return localIntervals(availability.windows).some(([s, e]) => s <= from && to <= e);
}

/**
 * A backup time for a session: the same local time in the pod's home timezone on one of the six days after it,
 * the first that every member can make and that meets no other session of the pod; null when there is none.
 */
export function backupFor(
  startsAt: Date,
  minutes: number,
  anchorTimezone: string,
  members: readonly { windows: readonly LocalWindow[]; timezone: string }[],
  others: readonly Date[],
): Date | null {
  if (members.length === 0) return null;
  const base = DateTime.fromJSDate(startsAt, { zone: anchorTimezone });
  for (let d = 1; d <= 6; d++) {
    const at = base.plus({ days: d }).toJSDate();
    const clashes = others.some((o) => Math.abs(o.getTime() - at.getTime()) < minutes * MINUTE);
    if (!clashes && members.every((m) => canMake(m, at, minutes))) return at;
  }
  return null;
}

/** "Tuesday 3 March, 18:00–19:00" in `timezone`. */
export function localText(start: Date, minutes: number, timezone: string): string {
  const s = DateTime.fromJSDate(start, { zone: timezone });
  const e = s.plus({ minutes });
  return `${s.toFormat("cccc d LLLL, HH:mm")}–${e.toFormat("HH:mm")}`;
}

export const localIso = (start: Date, timezone: string): string =>
  DateTime.fromJSDate(start, { zone: timezone }).toFormat("yyyy-LL-dd'T'HH:mm");
