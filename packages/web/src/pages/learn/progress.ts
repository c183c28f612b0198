// The progress page's arithmetic on local dates: today in a timezone, the weeks of the streak calendar, the streak
// in words, and sessions counted by week. Dates are ISO local dates ("2026-12-03"), computed in UTC so no browser
// timezone can shift them.
import type { Schemas } from "../../api/client";

type Level = NonNullable<Schemas["MasteryVector"]>["tags"][number]["level"];
type Attendance = Schemas["SessionParticipant"]["attendance"];

export const LEVEL_LABELS: Record<Level, string> = {
  attempted: "Attempted",
  familiar: "Familiar",
  proficient: "Proficient",
  mastered: "Mastered",
};

/** The local date in `timeZone` at `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const toUtc = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
};
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const d = toUtc(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** The Monday of the week `iso` is in. */
export function mondayOf(iso: string): string {
  const weekday = (toUtc(iso).getUTCDay() + 6) % 7;
  return addDays(iso, -weekday);
}

/** `count` weeks, Monday to Sunday, the last of them holding `today`. */
export function calendarWeeks(today: string, count: number): string[][] {
  const first = addDays(mondayOf(today), -7 * (count - 1));
  return Array.from({ length: count }, (_, w) => Array.from({ length: 7 }, (_, d) => addDays(first, w * 7 + d)));
}

/** "Thu 3 Dec", the way the browser's language writes it. */
export function formatDay(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
    toUtc(iso),
  );
}

/** "3-day streak · longest 5". */
export function streakText(current: number, longest: number): string {
  if (longest === 0) return "No streak yet";
  const best = `longest ${longest}`;
  return current === 0 ? `No streak today · ${best}` : `${current}-day streak · ${best}`;
}

export interface SessionAttendance {
  id: string;
  startsAt: string;
  attendance: Attendance;
  checkedIn: boolean;
}

export interface WeekAttendance {
  week: string;
  label: string;
  onTime: number;
  late: number;
  absent: number;
}

/** Sessions counted by the week (in `timeZone`) they started in, oldest first; unrecorded ones left out. */
export function attendanceByWeek(sessions: readonly SessionAttendance[], timeZone: string): WeekAttendance[] {
  const weeks = new Map<string, WeekAttendance>();
  for (const s of sessions) {
    if (!s.attendance) continue;
    const week = mondayOf(todayIn(timeZone, new Date(s.startsAt)));
    const row =
      weeks.get(week) ??
      ({
        week,
        label: new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" }).format(
          toUtc(week),
        ),
        onTime: 0,
        late: 0,
        absent: 0,
      } satisfies WeekAttendance);
    if (s.attendance === "on_time") row.onTime++;
    else if (s.attendance === "late") row.late++;
    else row.absent++;
    weeks.set(week, row);
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}
