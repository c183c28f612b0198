// A learner's progress: mastery per tag in each track (with its level in words), the learning streak in their
// timezone, attendance and check-in rates of their pods' sessions, and how well they remember at review. Read from
// the records the tutor, the reviews and the sessions keep in the learner's partition.
import { DateTime } from "luxon";
import { preferencesOf } from "../accounts/index.js";
import type { Platform } from "../platform/index.js";
import { z } from "../platform/schema.js";
import { attendanceHistory } from "../sessions/index.js";
import { reviewDays } from "../srs/index.js";
import { listLearningSessions, MasteryVector, masteryVectors } from "../tutor/index.js";

/** Retention is read over the last 30 days of reviews. */
const RETENTION_DAYS = 30;

export const Progress = z
  .object({
    timezone: z.string(),
    mastery: z.array(MasteryVector),
    streak: z.object({
      /** Days in a row, ending today or yesterday, with a tutor session or a review. */
      currentDays: z.number().int(),
      longestDays: z.number().int(),
      /** The active days of the last 90, as local dates (for the calendar). */
      activeDays: z.array(z.string()),
    }),
    attendance: z.object({
      sessions: z.number().int(),
      attended: z.number().int(),
      checkedIn: z.number().int(),
      /** Null until a session has taken place. */
      attendanceRate: z.number().nullable(),
      checkInRate: z.number().nullable(),
    }),
    reviews: z.object({
      reviews: z.number().int(),
      remembered: z.number().int(),
      /** Share of the last 30 days' reviews not graded "again"; null without reviews. */
      retention: z.number().nullable(),
    }),
  })
  .openapi("Progress");
export type Progress = z.infer<typeof Progress>;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The longest run of consecutive dates, and the run ending today or yesterday. */
export function streaksOf(days: readonly string[], today: string): { currentDays: number; longestDays: number } {
  const set = new Set(days);
  let longest = 0;
  for (const d of set) {
    const before = DateTime.fromISO(d).minus({ days: 1 }).toISODate()!;
    if (set.has(before)) continue;
    let run = 1;
    let next = DateTime.fromISO(d).plus({ days: 1 });
    while (set.has(next.toISODate()!)) {
      run++;
      next = next.plus({ days: 1 });
    }
    longest = Math.max(longest, run);
  }
  let current = 0;
  let cursor = DateTime.fromISO(today);
  if (!set.has(today)) cursor = cursor.minus({ days: 1 });
  while (set.has(cursor.toISODate()!)) {
    current++;
    cursor = cursor.minus({ days: 1 });
  }
  return { currentDays: current, longestDays: longest };
}

export async function progressOf(p: Platform, userId: string): Promise<Progress> {
  const [prefs, mastery, days, attendance, sessions] = await Promise.all([
    preferencesOf(p, userId),
    masteryVectors(p, userId),
    reviewDays(p, userId),
    attendanceHistory(p, userId),
    listLearningSessions(p, userId, 100),
  ]);
  const zone = prefs.timezone || "UTC";
  const now = DateTime.fromJSDate(p.clock.now(), { zone });
  const today = now.toISODate()!;
  const localDay = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate()!;
  const active = new Set<string>(days.filter((d) => d.reviews > 0).map((d) => d.day));
  for (const s of sessions) {
    if (s.itemsDone === 0 && s.status === "ended") continue;
    active.add(localDay(s.startedAt));
    if (s.endedAt) active.add(localDay(s.endedAt));
  }
  const since = now.minus({ days: 90 }).toISODate()!;
  const past = attendance.filter((a) => a.startsAt <= p.clock.now().toISOString());
  const attended = past.filter((a) => a.status !== "absent").length;
  const checkedIn = past.filter((a) => a.checkedIn).length;
  const recent = days.filter((d) => d.day > now.minus({ days: RETENTION_DAYS }).toISODate()!);
  const reviews = recent.reduce((n, d) => n + d.reviews, 0);
  const remembered = recent.reduce((n, d) => n + d.remembered, 0);
  return {
    timezone: zone,
    mastery,
    streak: { ...streaksOf([...active], today), activeDays: [...active].filter((d) => d >= since).sort() },
    attendance: {
      sessions: past.length,
      attended,
      checkedIn,
      attendanceRate: past.length ? round(attended / past.length) : null,
      checkInRate: past.length ? round(checkedIn / past.length) : null,
    },
    reviews: { reviews, remembered, retention: reviews ? round(remembered / reviews) : null },
  };
}
