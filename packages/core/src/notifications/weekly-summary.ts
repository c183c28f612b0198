// The Monday summary: each learner gets one at 08:00 on Monday in their timezone, with what every listed domain has
// to say (pods and goals today, sessions later). A due index holds each learner's next summary time, so the hourly
// job reads only who is due, and the time follows DST and timezone changes.
import { DateTime } from "luxon";
import { weeklySummaryProvidersOf } from "../domain/index.js";
import { isKnownTimezone } from "../matching/index.js";
import type { Platform } from "../platform/index.js";
import { WEEKLY_SUMMARIES_PK, type WeeklySummaryItem, WeeklySummaryRecord, weeklySummaryKey } from "./keys.js";
import { type LocalTimeRule, sendAndMoveOn, sendEveryDue } from "./local-times.js";
import type { SummarySection } from "./model.js";
import { notificationEffects } from "./notify.js";

/** Monday, 08:00 local. */
const SUMMARY_WEEKDAY = 1;
const SUMMARY_HOUR = 8;
/** A summary more than this late (the job was down) is skipped: last week's news is no news. */
const STALE_AFTER_MS = 12 * 3600_000;

/** The first Monday 08:00 in `timezone` strictly after `after`. */
export function nextSummaryTime(after: Date, timezone: string): Date {
  const local = DateTime.fromJSDate(after, { zone: timezone });
  let next = local.set({ weekday: SUMMARY_WEEKDAY, hour: SUMMARY_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ weeks: 1 }).set({ hour: SUMMARY_HOUR, minute: 0 });
  return next.toJSDate();
}

const dueIndex = (dueAt: string, userId: string) => ({
  gsi1pk: WEEKLY_SUMMARIES_PK,
  gsi1sk: `${dueAt}#${userId}`,
});

/** Keeps the learner's next summary at Monday 08:00 in their (new) timezone; called when they save preferences. */
export async function scheduleWeeklySummary(p: Platform, userId: string, timezone: string): Promise<void> {
  if (!isKnownTimezone(timezone)) return;
  const existing = await p.store.get<WeeklySummaryItem>(weeklySummaryKey(userId));
  if (existing?.timezone === timezone) return;
  const dueAt = nextSummaryTime(p.clock.now(), timezone).toISOString();
  const item: WeeklySummaryItem = {
    ...weeklySummaryKey(userId),
    ...dueIndex(dueAt, userId),
    type: "WeeklySummary",
    userId,
    timezone,
    dueAt,
    ...(existing?.lastSentAt ? { lastSentAt: existing.lastSentAt } : {}),
  };
  await p.store.put(item);
}

async function sectionsFor(p: Platform, userId: string, timezone: string): Promise<SummarySection[]> {
  const now = p.clock.now();
  const sections = await Promise.all(
    weeklySummaryProvidersOf(p.domains).map(async ({ name, build }) => {
      try {
        return await build(p, userId, { timezone, now });
      } catch (error) {
        // One domain's failure leaves its section out, not the learner without a summary.
        p.log.warn("weekly summary section failed", { domain: name, error });
        return undefined;
      }
    }),
  );
  return sections.filter((s): s is SummarySection => s !== undefined && s.lines.length > 0);
}

const SUMMARY_RULE: LocalTimeRule = { nextTime: nextSummaryTime, index: dueIndex, staleAfterMs: STALE_AFTER_MS };

/** One learner's summary and their next due time, committed together (see local-times.ts). */
const sendWeeklySummary = (p: Platform, item: WeeklySummaryItem) =>
  sendAndMoveOn(p, item, SUMMARY_RULE, async () =>
    notificationEffects(p, {
      userId: item.userId,
      type: "weekly_summary",
      data: { sections: await sectionsFor(p, item.userId, item.timezone) },
    }),
  );

/** The hourly job: every learner whose Monday morning has come. Returns how many summaries went out. */
export const sendDueWeeklySummaries = (p: Platform, maxPages = 100): Promise<number> =>
  sendEveryDue<WeeklySummaryItem>(
    p,
    (now) => WeeklySummaryRecord.query("due", { now }),
    (item) => sendWeeklySummary(p, item),
    maxPages,
  );

/**
 * Gives every account with saved preferences its next Monday summary, for learners who joined before the summary
 * existed (the others get theirs when they save preferences). Idempotent: a learner already scheduled in the same
 * timezone is left as they are. Run once by the deploy and at each local start. Returns how many were scheduled.
 */
export async function backfillWeeklySummaries(p: Platform): Promise<number> {
  const [{ listUsers, preferencesOf }, { systemActor }] = await Promise.all([
    import("../accounts/index.js"),
    import("../access/index.js"),
  ]);
  let scheduled = 0;
  let cursor: string | null = null;
  do {
    const page = await listUsers(p, systemActor, { limit: 100, cursor });
    for (const user of page.items) {
      if (user.status === "suspended") continue;
      const [prefs, existing] = await Promise.all([
        preferencesOf(p, user.id),
        p.store.get<WeeklySummaryItem>(weeklySummaryKey(user.id)),
      ]);
      if (!prefs.updatedAt || existing) continue;
      await scheduleWeeklySummary(p, user.id, prefs.timezone);
      scheduled++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return scheduled;
}
