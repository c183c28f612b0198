// Preferences: timezone, weekly availability, matching signals, notification settings, integrations, SRS.
import { type Actor, assertCanAccess } from "../access/index.js";
import { accountChanged } from "../domain/index.js";
import { isKnownTimezone, overlappingWindows } from "../matching/index.js";
import { badRequest, type Item, type Platform } from "../platform/index.js";
import { preferencesKey } from "./keys.js";
import {
  type ChannelSettings,
  DEFAULT_PREFERENCES,
  type NotificationType,
  type Preferences,
  type PreferencesDraft,
  PreferencesInput,
} from "./model.js";

type StoredPreferences = Item & { type: "Preferences"; userId: string } & Preferences;

/** The same rule the waitlist applies: two windows overlapping in local minutes of the week. */
export { overlappingWindows };

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

/** Types and channels added after the learner saved get their defaults. */
function storedNotifications(stored: Partial<Record<NotificationType, Partial<ChannelSettings>>> | undefined) {
  const out = structuredClone(DEFAULT_PREFERENCES.notifications);
  for (const type of Object.keys(out) as NotificationType[]) Object.assign(out[type], stored?.[type]);
  return out;
}

function fromStored(s: StoredPreferences | undefined): Preferences {
  if (!s) return { ...structuredClone(DEFAULT_PREFERENCES), updatedAt: null };
  return {
    timezone: s.timezone,
    availability: s.availability,
    experienceLevel: s.experienceLevel,
    collaborationStyle: s.collaborationStyle,
    notifications: storedNotifications(s.notifications),
    quietHours: s.quietHours ?? null,
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

/**
 * Turns one channel of one type off (or on) and keeps the rest: the one-click unsubscribe. Defaults are saved with it
 * when the learner had never saved preferences.
 */
export async function setNotificationChannel(
  p: Platform,
  userId: string,
  type: NotificationType,
  channel: keyof ChannelSettings,
  enabled: boolean,
): Promise<Preferences> {
  const current = await preferencesOf(p, userId);
  const { updatedAt: _previous, ...input } = current;
  const next: PreferencesInput = {
    ...input,
    notifications: { ...input.notifications, [type]: { ...input.notifications[type], [channel]: enabled } },
  };
  const updatedAt = p.clock.now().toISOString();
  const item: StoredPreferences = { ...preferencesKey(userId), type: "Preferences", userId, ...next, updatedAt };
  await p.store.put(item);
  return fromStored(item);
}

export async function getPreferences(p: Platform, actor: Actor, userId: string): Promise<Preferences> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  return preferencesOf(p, userId);
}

export async function putPreferences(
  p: Platform,
  actor: Actor,
  userId: string,
  draft: PreferencesDraft,
): Promise<Preferences> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const parsed = PreferencesInput.safeParse(draft);
  if (!parsed.success) {
    throw badRequest("validation.failed", "The preferences are not valid.", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })),
    });
  }
  const input = parsed.data;
  checkPreferences(input);
  const updatedAt = p.clock.now().toISOString();
  const item: StoredPreferences = { ...preferencesKey(userId), type: "Preferences", userId, ...input, updatedAt };
  await p.store.put(item);
  // Times are shown in the learner's current timezone: domains that keep it (pods) follow the change.
  await accountChanged(p, userId, { timezone: item.timezone });
  return fromStored(item);
}
