// Goal rules: which status changes are allowed, and what makes a schedule and a date range valid.
import { isKnownTimezone } from "../matching/index.js";
import { badRequest, conflict } from "../platform/errors.js";
import type { GoalStatus, Schedule, WeeklySlot } from "./model.js";

/** completed and abandoned are final: a finished goal is kept as history, a new sprint gets a new goal. */
export const GOAL_TRANSITIONS: Record<GoalStatus, readonly GoalStatus[]> = {
  draft: ["active", "abandoned"],
  active: ["paused", "completed", "abandoned"],
  paused: ["active", "abandoned"],
  completed: [],
  abandoned: [],
};

export const isFinal = (status: GoalStatus): boolean => GOAL_TRANSITIONS[status].length === 0;

/** Throws 409 `goal.invalid_transition` unless `from → to` is allowed; staying in the same status is not a change. */
export function assertTransition(from: GoalStatus, to: GoalStatus): void {
  if (from === to) return;
  if (!GOAL_TRANSITIONS[from].includes(to)) {
    throw conflict("goal.invalid_transition", `A ${from} goal cannot become ${to}.`, {
      from,
      to,
      allowed: GOAL_TRANSITIONS[from],
    });
  }
}

const WEEK = 7 * 1440;

/** A slot as local minutes of the week, split in two when it runs past Sunday midnight. */
function rangesOf(slot: WeeklySlot): [number, number][] {
  const [h, m] = slot.time.split(":").map(Number);
  const start = (slot.weekday - 1) * 1440 + h! * 60 + m!;
  const end = start + slot.durationMinutes;
  return end <= WEEK
    ? [[start, end]]
    : [
        [start, WEEK],
        [0, end - WEEK],
      ];
}

const overlaps = (a: WeeklySlot, b: WeeklySlot) =>
  rangesOf(a).some(([s1, e1]) => rangesOf(b).some(([s2, e2]) => s1 < e2 && s2 < e1));

const invalidSchedule = (message: string, path: string) =>
  badRequest("goal.invalid_schedule", message, { issues: [{ path: `schedule.${path}`, message }] });

/**
 * Checks what the schema cannot: a known timezone, one default slot per weekly session, slots that do not
 * overlap, and a backup slot apart from them. Throws 400 `goal.invalid_schedule`.
 */
export function assertValidSchedule(schedule: Schedule): void {
  if (!isKnownTimezone(schedule.timezone)) {
    throw invalidSchedule(`"${schedule.timezone}" is not a known IANA timezone.`, "timezone");
  }
  if (schedule.defaultSlots.length !== schedule.frequency.sessionsPerWeek) {
    throw invalidSchedule(
      `${schedule.frequency.sessionsPerWeek} sessions a week need ${schedule.frequency.sessionsPerWeek} default slots (got ${schedule.defaultSlots.length}).`,
      "defaultSlots",
    );
  }
  const slots = schedule.defaultSlots;
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) {
      if (overlaps(slots[i]!, slots[j]!)) throw invalidSchedule(`Slot ${j} overlaps slot ${i}.`, `defaultSlots.${j}`);
    }
  }
  const backup = schedule.backupSlot;
  if (backup && slots.some((s) => overlaps(s, backup))) {
    throw invalidSchedule("The backup slot overlaps a default slot.", "backupSlot");
  }
}

/** Throws 400 `goal.invalid_dates` unless the goal ends after it starts. */
export function assertValidDates(startDate: string, endDate: string): void {
  if (endDate <= startDate) {
    throw badRequest("goal.invalid_dates", "The end date must come after the start date.", {
      issues: [{ path: "endDate", message: "Choose an end date after the start date." }],
    });
  }
}

/** The day `weeks` weeks after an ISO date. */
export function addWeeks(isoDate: string, weeks: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return d.toISOString().slice(0, 10);
}
