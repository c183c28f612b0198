// Preferences: timezone, weekly availability, matching signals, notification settings, integrations, SRS.
import { type Actor, assertCanAccess } from "../access/index.js";
import { isKnownTimezone, type LocalWindow, MINUTES_PER_WEEK } from "../matching/index.js";
import { badRequest, type Item, type Platform } from "../platform/index.js";
import { preferencesKey } from "./keys.js";
import { DEFAULT_PREFERENCES, type NotificationType, type Preferences, type PreferencesInput } from "./model.js";

type StoredPreferences = Item & { type: "Preferences"; userId: string } & Preferences;

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The first two windows that share a minute, as indexes into `windows`. The week is a circle: a window that
 * ends earlier than it starts runs past midnight into the next day, and Sunday night runs into Monday.
 */
export function overlappingWindows(windows: readonly LocalWindow[]): [number, number] | undefined {
  const ranges: { s: number; e: number; i: number }[] = [];
  windows.forEach((w, i) => {
    const s = (w.weekday - 1) * 1440 + minuteOf(w.start);
    let e = (w.weekday - 1) * 1440 + minuteOf(w.end);
    if (e <= s) e += 1440;
    if (e <= MINUTES_PER_WEEK) ranges.push({ s, e, i });
    else ranges.push({ s, e: MINUTES_PER_WEEK, i }, { s: 0, e: e - MINUTES_PER_WEEK, i });
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

/** Rules the schema cannot say: a known IANA zone, and windows that do not overlap. */
export function checkPreferences(input: PreferencesInput): void {
  if (!isKnownTimezone(input.timezone)) {
    throw badRequest("validation.failed", `"${input.timezone}" is not a known IANA timezone.`, {
      issues: [{ path: "timezone", message: "unknown IANA timezone", code: "custom" }],
    });
  }
  const clash = overlappingWindows(input.availability);
  if (clash) {
    throw badRequest("validation.failed", "Two availability windows overlap; merge them into one.", {
      issues: [{ path: `availability.${clash[1]}`, message: `overlaps availability.${clash[0]}`, code: "custom" }],
    });
  }
}

function fromStored(s: StoredPreferences | undefined): Preferences {
  if (!s) return { ...structuredClone(DEFAULT_PREFERENCES), updatedAt: null };
  return {
    timezone: s.timezone,
    availability: s.availability,
    experienceLevel: s.experienceLevel,
    collaborationStyle: s.collaborationStyle,
    // Types added after the learner saved get their defaults.
    notifications: { ...DEFAULT_PREFERENCES.notifications, ...s.notifications },
    integrations: { ...DEFAULT_PREFERENCES.integrations, ...s.integrations },
    srsAlgorithm: s.srsAlgorithm,
    updatedAt: s.updatedAt,
  };
}

/** For other domains (reminders, matching, SRS): a user's preferences, defaults where unset. No access check. */
export async function preferencesOf(p: Platform, userId: string): Promise<Preferences> {
  return fromStored(await p.store.get<StoredPreferences>(preferencesKey(userId)));
}

/** Whether a user wants emails of a type (reminders honour this before sending). */
export async function wantsEmail(p: Platform, userId: string, type: NotificationType): Promise<boolean> {
  return (await preferencesOf(p, userId)).notifications[type].email;
}

export async function getPreferences(p: Platform, actor: Actor, userId: string): Promise<Preferences> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  return preferencesOf(p, userId);
}

export async function putPreferences(
  p: Platform,
  actor: Actor,
  userId: string,
  input: PreferencesInput,
): Promise<Preferences> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  checkPreferences(input);
  const updatedAt = p.clock.now().toISOString();
  const item: StoredPreferences = { ...preferencesKey(userId), type: "Preferences", userId, ...input, updatedAt };
  await p.store.put(item);
  return fromStored(item);
}
