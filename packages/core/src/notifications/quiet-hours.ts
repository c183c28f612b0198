// Quiet hours: when a message falls inside the learner's quiet window (in their timezone), it waits for the window's end.
import { DateTime } from "luxon";
import type { QuietHours } from "../accounts/index.js";

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the window, read in `timezone`; a window may span midnight (22:00–07:00). */
export function isQuiet(at: Date, quiet: QuietHours, timezone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const now = local.hour * 60 + local.minute;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * When a message wanted at `at` may be sent: `at` itself outside quiet hours, else the window's next end in the
 * learner's timezone (on a day the clocks jump over that time, the first instant after the jump).
 */
export function sendTimeAfterQuietHours(at: Date, quiet: QuietHours | null, timezone: string): Date {
  if (!quiet || !isQuiet(at, quiet, timezone)) return at;
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const end = minutes(quiet.end);
  let next = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  return next.toJSDate();
}
