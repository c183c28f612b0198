// What the weekly summary and the review reminders share: a per-learner item whose due index holds their next local
// time, read by a job that takes only the due ones; each is sent and moved to its next time in one commit on the
// item's version, so a second run of the job (schedules deliver at least once) sends nothing.
import type { Effect, Item, Platform, QueryInput } from "../platform/index.js";
import { commitWithEffects, isConditionFailed } from "../platform/index.js";

export interface LocalTimeItem extends Item {
  userId: string;
  timezone: string;
  /** The next local time, as an instant. */
  dueAt: string;
  lastSentAt?: string;
}

export interface LocalTimeRule {
  /** The next local time strictly after `after` in `timezone`. */
  nextTime: (after: Date, timezone: string) => Date;
  /** The due index's keys for a time. */
  index: (dueAt: string, userId: string) => { gsi1pk: string; gsi1sk: string };
  /** Later than this past its time (the job was down), nothing is sent: the item only moves on. */
  staleAfterMs: number;
}

/** Sends one learner's notice (the effects `effectsFor` gives, none when late) and moves them to their next time. */
export async function sendAndMoveOn<T extends LocalTimeItem>(
  p: Platform,
  item: T,
  rule: LocalTimeRule,
  effectsFor: () => Promise<Effect[]>,
): Promise<boolean> {
  const now = p.clock.now();
  const nextDue = rule.nextTime(now, item.timezone).toISOString();
  const late = now.getTime() - new Date(item.dueAt).getTime() > rule.staleAfterMs;
  const effects = late ? [] : await effectsFor();
  const next: T = {
    ...item,
    ...rule.index(nextDue, item.userId),
    dueAt: nextDue,
    ...(effects.length > 0 ? { lastSentAt: now.toISOString() } : {}),
  };
  try {
    await commitWithEffects(p, [{ put: next, condition: { version: item.version ?? 0 } }], effects);
    return effects.length > 0;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/** Handles every item the due query finds; returns how many were sent. */
export async function sendEveryDue<T extends LocalTimeItem>(
  p: Platform,
  dueQuery: (now: string) => QueryInput,
  handle: (item: T) => Promise<boolean>,
  maxPages = 100,
): Promise<number> {
  let sent = 0;
  // Each item handled leaves the due range (its next time is later), so the first page is always the rest.
  for (let page = 0; page < maxPages; page++) {
    const due = await p.store.query<T>({ ...dueQuery(p.clock.now().toISOString()), limit: 100 });
    for (const item of due.items) if (await handle(item)) sent++;
    if (!due.nextCursor) break;
  }
  return sent;
}
