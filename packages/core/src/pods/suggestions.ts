// Suggestions: each waitlisted learner's most compatible candidates, precomputed and stored under the learner's key.
import type { Actor } from "../access/index.js";
import type { SprintType } from "../catalog/index.js";
import {
  describeSlot,
  type MatchingSignals,
  rankCandidates,
  referenceWeekOf,
  type Suggestion,
  snapshotSignals,
  WeekClock,
} from "../matching/index.js";
import { epochSeconds, type Platform } from "../platform/index.js";
import { type Matches, SUGGESTIONS_PER_USER } from "./model.js";
import { type SeatItem, Suggestions, type SuggestionsItem, suggestionsKey, waitlistPk } from "./records.js";

/** Suggestions go stale as the waitlist moves; formation rewrites them daily and the TTL removes forgotten ones. */
const SUGGESTIONS_TTL_SECONDS = 8 * 86_400;
/** Candidates read when a learner joins: the front of the waitlist is who formation will place next. */
const JOIN_SCAN_LIMIT = 2_000;

type Entry = SuggestionsItem["suggestions"][number];

const entryFor = (s: Suggestion, other: MatchingSignals): Entry => ({
  ...s,
  timezone: other.timezone,
  experienceLevel: other.experienceLevel,
  collaborationStyle: other.collaborationStyle,
});

export function suggestionsItem(
  p: Platform,
  sprintType: string,
  viewer: MatchingSignals,
  suggestions: Entry[],
): SuggestionsItem {
  const now = p.clock.now();
  return {
    ...suggestionsKey(viewer.userId, sprintType),
    type: "Suggestions",
    userId: viewer.userId,
    sprintType,
    timezone: viewer.timezone,
    computedAt: now.toISOString(),
    suggestions,
    expiresAt: epochSeconds(now) + SUGGESTIONS_TTL_SECONDS,
  };
}

/** Snapshots of seats for one reference week; a seat whose signals no longer parse is skipped, not fatal. */
export function snapshotSeats(p: Platform, seats: readonly SeatItem[], referenceWeek: string): MatchingSignals[] {
  const clock = new WeekClock(referenceWeek);
  const out: MatchingSignals[] = [];
  for (const seat of seats) {
    try {
      out.push(snapshotSignals(seat.signals, referenceWeek, clock));
    } catch (error) {
      p.log.warn("waitlist entry skipped: its signals do not parse", { sprintType: seat.sprintType, error });
    }
  }
  return out;
}

/**
 * On joining: the newcomer's own suggestions, ranked against the front of the waitlist; and the newcomer added to
 * the lists of the candidates they rank highest, when they beat those candidates' weakest suggestion.
 */
export async function refreshSuggestionsOnJoin(p: Platform, sprintType: SprintType, seat: SeatItem): Promise<void> {
  const week = referenceWeekOf(p.clock.now());
  const { items } = await p.store.query<SeatItem>({
    index: "gsi1",
    pk: waitlistPk(sprintType.id, seat.language),
    limit: JOIN_SCAN_LIMIT,
  });
  const clock = new WeekClock(week);
  const me = snapshotSignals(seat.signals, week, clock);
  const others = snapshotSeats(
    p,
    items.filter((s) => s.userId !== seat.userId),
    week,
  );
  const byId = new Map(others.map((o) => [o.userId, o]));
  const ranked = rankCandidates(me, others, { k: SUGGESTIONS_PER_USER, sessionMinutes: sprintType.sessionMinutes });
  await p.store.put(
    suggestionsItem(
      p,
      sprintType.id,
      me,
      ranked.map((s) => entryFor(s, byId.get(s.userId)!)),
    ),
  );
  if (ranked.length === 0) return;
  const theirs = new Map(
    (await p.store.getMany<SuggestionsItem>(ranked.map((s) => suggestionsKey(s.userId, sprintType.id)))).map((i) => [
      i.userId,
      i,
    ]),
  );
  await Promise.all(
    ranked.map(async (s) => {
      const other = byId.get(s.userId)!;
      const list = (theirs.get(s.userId)?.suggestions ?? []).filter((e) => e.userId !== me.userId);
      const weakest = list[list.length - 1]?.score.overall ?? -1;
      if (list.length >= SUGGESTIONS_PER_USER && s.score.overall <= weakest) return;
      // Compatibility is symmetric and the shared slot is the pair's, so the newcomer's entry is the mirror image.
      const mine = entryFor({ userId: me.userId, score: s.score, slot: s.slot }, me);
      const next = [...list, mine]
        .sort((a, b) => b.score.overall - a.score.overall || (a.userId < b.userId ? -1 : 1))
        .slice(0, SUGGESTIONS_PER_USER);
      await p.store.put(suggestionsItem(p, sprintType.id, other, next));
    }),
  );
}

/** Writes a batch of suggestion lists, a few at a time. */
export async function storeSuggestions(
  p: Platform,
  sprintType: string,
  lists: readonly { userId: string; suggestions: Suggestion[] }[],
  signalsById: ReadonlyMap<string, MatchingSignals>,
): Promise<void> {
  await forEachLimit(lists, 16, async ({ userId, suggestions }) => {
    const viewer = signalsById.get(userId);
    if (!viewer) return;
    const entries = suggestions.flatMap((s) => {
      const other = signalsById.get(s.userId);
      return other ? [entryFor(s, other)] : [];
    });
    await p.store.put(suggestionsItem(p, sprintType, viewer, entries));
  });
}

/**
 * The actor's suggestions: for one sprint type, or for every sprint type they wait for. One Query on their own
 * partition; meeting times are shown in the timezone they joined with.
 */
export async function getMatches(p: Platform, actor: Actor, sprintType?: string): Promise<Matches[]> {
  const items = await p.store.queryAll<SuggestionsItem>(
    sprintType
      ? Suggestions.query("one", { userId: actor.userId, sprintType })
      : Suggestions.query("ofUser", { userId: actor.userId }),
  );
  const now = p.clock.now();
  return items.map((item) => ({
    sprintType: item.sprintType,
    computedAt: item.computedAt,
    timezone: item.timezone,
    candidates: item.suggestions.map((s) => ({
      userId: s.userId,
      score: s.score,
      meetingTime: describeSlot(s.slot, item.timezone, now),
      timezone: s.timezone,
      experienceLevel: s.experienceLevel,
      collaborationStyle: s.collaborationStyle,
    })),
  }));
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
