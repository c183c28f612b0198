// When a pod's weekly time falls at night for someone: before 06:00 or past 23:00 on their own clock.

/** A weekly slot as the API gives it: minutes after Monday 00:00 UTC of its reference week. */
export interface WeeklySlot {
  utcMinuteOfWeek: number;
  durationMinutes: number;
  referenceWeek: string;
}

export interface NightMeeting {
  userId: string;
  displayName: string;
  isYou: boolean;
  timezone: string;
  /** "Wednesday 02:00–03:00" on the member's clock. */
  local: string;
}

const EARLIEST = 6 * 60;
const LATEST = 23 * 60;

/** Minutes after midnight of `at` on the clock of `timeZone`. */
function minuteOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

const clock = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(at);

/** Whether a meeting from `start` for `minutes` is at night in `timeZone`. */
export function isNight(start: Date, minutes: number, timeZone: string): boolean {
  const from = minuteOfDay(start, timeZone);
  // Past midnight (or past 23:00) before it ends, or starting before 06:00.
  return from < EARLIEST || from + minutes > LATEST;
}

/** The members for whom one of the pod's weekly slots is at night, each with its time on their clock. */
export function nightMeetings<M extends { userId: string; displayName: string; isYou: boolean; timezone: string }>(
  slots: readonly WeeklySlot[],
  members: readonly M[],
): NightMeeting[] {
  const found: NightMeeting[] = [];
  for (const m of members) {
    for (const slot of slots) {
      const start = new Date(Date.parse(`${slot.referenceWeek}T00:00:00Z`) + slot.utcMinuteOfWeek * 60_000);
      if (!isNight(start, slot.durationMinutes, m.timezone)) continue;
      const end = new Date(start.getTime() + slot.durationMinutes * 60_000);
      const endTime = new Intl.DateTimeFormat("en-GB", {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: m.timezone,
      }).format(end);
      found.push({
        userId: m.userId,
        displayName: m.displayName,
        isYou: m.isYou,
        timezone: m.timezone,
        local: `${clock(start, m.timezone)}–${endTime}`,
      });
      break;
    }
  }
  return found;
}
