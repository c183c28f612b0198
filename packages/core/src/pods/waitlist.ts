// Joining and leaving a sprint type's waitlist: one seat per learner and sprint type, claimed with a conditional write.
import type { Actor } from "../access/index.js";
import { getUser, preferencesOf } from "../accounts/index.js";
import { getSprintType, type SprintType } from "../catalog/index.js";
import { languageOf, parseWaitlistSignals, type WaitlistSignals } from "../matching/index.js";
import { badRequest, conflict, isWriteConflict, notFound, type Platform, parseInput } from "../platform/index.js";
import { JoinWaitlistInput, WAIT_REASON_TEXT, type WaitlistEntry } from "./model.js";
import { Seat, type SeatItem, seatKey, suggestionsKey, waitlistIndex } from "./records.js";
import { refreshSuggestionsOnJoin } from "./suggestions.js";

export const isConflict = isWriteConflict;

export function toEntry(seat: SeatItem): WaitlistEntry {
  const s = seat.signals;
  return {
    sprintType: seat.sprintType,
    status: "waitlisted",
    joinedAt: s.joinedAt,
    prioritySince: s.prioritySince,
    timezone: s.timezone,
    locale: s.locale,
    windows: s.windows,
    experienceLevel: s.experienceLevel,
    collaborationStyle: s.collaborationStyle,
    reason: seat.waitReason,
    reasonText: seat.waitReason ? WAIT_REASON_TEXT[seat.waitReason] : null,
    lastRunAt: seat.lastRunAt,
  };
}

/** A new waitlisted seat (on first joining, after a rematch, or when a pod could not go ahead). */
export function waitlistedSeat(p: Platform, sprintType: string, signals: WaitlistSignals): SeatItem {
  const language = languageOf(signals.locale);
  return {
    ...seatKey(signals.userId, sprintType),
    type: "SprintSeat",
    userId: signals.userId,
    sprintType,
    entryId: p.ids.next(),
    status: "waitlisted",
    podId: null,
    signals,
    language,
    waitReason: null,
    lastRunAt: null,
    ...waitlistIndex(sprintType, language, signals),
  };
}

async function seatTaken(p: Platform, userId: string, sprintType: string): Promise<never> {
  const existing = await p.store.get<SeatItem>(seatKey(userId, sprintType), { consistent: true });
  if (existing?.status === "pod") {
    throw conflict("pod.already_member", "You are already in a pod for this sprint type.", {
      sprintType,
      podId: existing.podId,
    });
  }
  throw conflict("waitlist.already_joined", "You are already on this sprint type's waitlist.", { sprintType });
}

/** The signals given in the request, completed from the learner's saved preferences and profile. */
async function signalsFor(p: Platform, actor: Actor, input: JoinWaitlistInput): Promise<WaitlistSignals> {
  const [user, prefs] = await Promise.all([getUser(p, actor.userId), preferencesOf(p, actor.userId)]);
  const saved = prefs.updatedAt !== null;
  const raw = {
    userId: actor.userId,
    timezone: input.timezone ?? (saved ? prefs.timezone : undefined),
    locale: input.locale ?? user?.locale,
    windows: input.windows ?? (prefs.availability.length > 0 ? prefs.availability : undefined),
    experienceLevel: input.experienceLevel ?? prefs.experienceLevel ?? undefined,
    collaborationStyle: input.collaborationStyle ?? prefs.collaborationStyle ?? undefined,
    prioritySince: null,
    joinedAt: p.clock.now().toISOString(),
  };
  const missing = Object.entries(raw)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length > 0) {
    throw badRequest(
      "waitlist.signals_missing",
      "Matching needs a few details: give them here or in your preferences.",
      {
        issues: missing.map((path) => ({ path, message: "missing, and not in your preferences" })),
      },
    );
  }
  return parseWaitlistSignals(raw);
}

function assertLocaleOffered(sprintType: SprintType, locale: string): void {
  const offered = [...new Set(sprintType.locales.map(languageOf))];
  if (!offered.includes(languageOf(locale))) {
    throw badRequest("waitlist.locale_not_offered", `${sprintType.name} runs in ${offered.join(", ")} only.`, {
      issues: [{ path: "locale", message: `one of ${offered.join(", ")}` }],
    });
  }
}

/**
 * Puts the actor on a sprint type's waitlist. 409 `waitlist.already_joined` or `pod.already_member` when they
 * already hold a seat for it; 400 `matching.invalid_signals` / `waitlist.signals_missing` for bad signals.
 */
export async function joinWaitlist(p: Platform, actor: Actor, input: JoinWaitlistInput): Promise<WaitlistEntry> {
  const data = parseInput(JoinWaitlistInput, input, "waitlist entry");
  const sprintType = await getSprintType(p, data.sprintType);
  const signals = await signalsFor(p, actor, data);
  assertLocaleOffered(sprintType, signals.locale);
  const seat = waitlistedSeat(p, sprintType.id, signals);
  try {
    await p.store.put<SeatItem>(seat, { absent: true });
  } catch (e) {
    if (isConflict(e)) await seatTaken(p, actor.userId, sprintType.id);
    throw e;
  }
  try {
    await refreshSuggestionsOnJoin(p, sprintType, seat);
  } catch (error) {
    // The learner is on the waitlist either way; suggestions are recomputed at the next formation run.
    p.log.warn("suggestions not refreshed on join", { sprintType: sprintType.id, error });
  }
  return toEntry(seat);
}

/** The actor's waitlist entries, one per sprint type they wait for. */
export async function listWaitlist(p: Platform, actor: Actor): Promise<WaitlistEntry[]> {
  const seats = await p.store.queryAll<SeatItem>(Seat.query("ofUser", { userId: actor.userId }));
  return seats.filter((s) => s.status === "waitlisted").map(toEntry);
}

/** Leaves a waitlist. A learner already placed in a pod declines or asks for a rematch instead (409). */
export async function leaveWaitlist(p: Platform, actor: Actor, sprintType: string): Promise<void> {
  try {
    await p.store.delete(seatKey(actor.userId, sprintType), { equals: { status: "waitlisted" } });
  } catch (e) {
    if (!isConflict(e)) throw e;
    const seat = await p.store.get<SeatItem>(seatKey(actor.userId, sprintType), { consistent: true });
    if (!seat) throw notFound("waitlist.not_found", "You are not on this sprint type's waitlist.", { sprintType });
    throw conflict("pod.already_member", "You are in a pod for this sprint type: decline it or ask for a rematch.", {
      sprintType,
      podId: seat.podId,
    });
  }
  await p.store.delete(suggestionsKey(actor.userId, sprintType));
}

/** Waitlisted seats of one sprint type and language, prioritised first (the index is eventually consistent). */
export async function readWaitlist(
  p: Platform,
  sprintType: string,
  language: string,
  limit?: number,
): Promise<SeatItem[]> {
  const query = Seat.query("waitlist", { sprintType, language });
  if (limit === undefined) return p.store.queryAll<SeatItem>(query);
  return (await p.store.query<SeatItem>({ ...query, limit })).items;
}
