// The Monday summary: each learner gets one at 08:00 on Monday in their timezone, with what every listed domain has
// to say (pods and goals today, sessions later). A due index holds each learner's next summary time, so the hourly
// job reads only who is due, and the time follows DST and timezone changes.
import { DateTime } from "luxon";
import { weeklySummaryProvidersOf } from "../domain/index.js";
import { isKnownTimezone } from "../matching/index.js";
import { commitWithEffects, isConditionFailed, type Platform } from "../platform/index.js";
import { WEEKLY_SUMMARIES_PK, type WeeklySummaryItem, WeeklySummaryRecord, weeklySummaryKey } from "./keys.js";
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

/**
 * One learner's summary and their next due time, committed together on the item's version: a second run of the
 * job (EventBridge delivers at least once) finds the version moved on and sends nothing.
 */
async function sendWeeklySummary(p: Platform, item: WeeklySummaryItem): Promise<boolean> {
  const now = p.clock.now();
  const nextDue = nextSummaryTime(now, item.timezone).toISOString();
  const late = now.getTime() - new Date(item.dueAt).getTime() > STALE_AFTER_MS;
  const effects = late
    ? []
    : await notificationEffects(p, {
        userId: item.userId,
        type: "weekly_summary",
        data: { sections: await sectionsFor(p, item.userId, item.timezone) },
      });
  const next: WeeklySummaryItem = {
    ...item,
    ...dueIndex(nextDue, item.userId),
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

/** The hourly job: every learner whose Monday morning has come. Returns how many summaries went out. */
export async function sendDueWeeklySummaries(p: Platform, maxPages = 100): Promise<number> {
  let sent = 0;
  // Each learner handled leaves the due range (their next time is a week on), so the first page is always the rest.
  for (let page = 0; page < maxPages; page++) {
    const due = await p.store.query<WeeklySummaryItem>(
      WeeklySummaryRecord.query("due", { now: p.clock.now().toISOString() }, { limit: 100 }),
    );
    for (const item of due.items) if (await sendWeeklySummary(p, item)) sent++;
    if (!due.nextCursor) break;
  }
  return sent;
}
