// Admin: who waits for each sprint type of the catalog, by language, with a named preview of the first in line.
import { type Actor, requireRole } from "../access/index.js";
import { profileKey, type StoredUser } from "../accounts/index.js";
import { listSprintTypes } from "../catalog/index.js";
import { languageOf } from "../matching/index.js";
import type { Platform } from "../platform/index.js";
import type { AdminWaitlist, AdminWaitlistSprint } from "./model.js";
import type { SeatItem } from "./records.js";
import { readWaitlist } from "./waitlist.js";

/** Learners named per sprint type: the first in line, rematched first, then by joining time. */
export const WAITLIST_PREVIEW = 20;
const UNNAMED = "Member";

const inLine = (a: SeatItem, b: SeatItem) => {
  const pa = a.signals.prioritySince;
  const pb = b.signals.prioritySince;
  if (pa && pb) return pa.localeCompare(pb);
  if (pa || pb) return pa ? -1 : 1;
  return a.signals.joinedAt.localeCompare(b.signals.joinedAt);
};

async function sprintWaitlist(
  p: Platform,
  sprintType: { id: string; name: string; locales: readonly string[] },
): Promise<AdminWaitlistSprint> {
  const languages = [...new Set(sprintType.locales.map(languageOf))];
  // The same waitlist index formation reads (eventually consistent), one Query per language.
  const lists = await Promise.all(languages.map((language) => readWaitlist(p, sprintType.id, language)));
  const seats = lists.flat().filter((s) => s.status === "waitlisted");
  const first = [...seats].sort(inLine).slice(0, WAITLIST_PREVIEW);
  const users = first.length > 0 ? await p.store.getMany<StoredUser>(first.map((s) => profileKey(s.userId))) : [];
  const names = new Map(users.map((u) => [u.id, u.name?.trim() || UNNAMED]));
  return {
    sprintType: sprintType.id,
    name: sprintType.name,
    waiting: seats.length,
    byLanguage: languages.map((language, i) => ({
      language,
      waiting: lists[i]!.filter((s) => s.status === "waitlisted").length,
    })),
    preview: first.map((s) => ({
      userId: s.userId,
      displayName: names.get(s.userId) ?? UNNAMED,
      timezone: s.signals.timezone,
      language: s.language,
      waitingSince: s.signals.joinedAt,
      rematched: s.signals.prioritySince !== null,
    })),
  };
}

/** Every sprint type of the catalog with how many wait for it, by language, and who is first in line (admins). */
export async function adminWaitlist(p: Platform, actor: Actor): Promise<AdminWaitlist> {
  requireRole(actor, "admin", "system");
  const sprintTypes = await listSprintTypes(p);
  return { sprints: await Promise.all(sprintTypes.map((s) => sprintWaitlist(p, s))) };
}
