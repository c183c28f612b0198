// The daily review reminder: each learner with cards gets at most one email a day, at 08:00 in their timezone, when
// reviews are due and they have not switched review reminders off. Like the weekly summary, a due index holds each
// learner's next reminder time, so the job reads only who is due (no Scan), and the time follows DST and timezone
// changes; the next time is committed with the email on the item's version, so a second run sends nothing.
import { DateTime } from "luxon";
import { preferencesOf } from "../accounts/index.js";
import { isKnownTimezone } from "../matching/index.js";
import { type LocalTimeRule, notificationEffects, sendAndMoveOn, sendEveryDue } from "../notifications/index.js";
import { defineEntity, type Item, type Platform } from "../platform/index.js";
import { Card } from "./cards.js";

export const REMINDER_HOUR = 8;
/** A reminder more than this late (the job was down) is skipped, not sent in the evening. */
const STALE_AFTER_MS = 6 * 3600_000;
const REMINDERS_PK = "REVIEW_REMINDERS";

export type ReminderItem = Item & {
  type: "ReviewReminder";
  userId: string;
  timezone: string;
  dueAt: string;
  lastSentAt?: string;
};

export const ReviewReminder = defineEntity("ReviewReminder", {
  one: { name: "A learner's next review reminder", pk: "USER#<userId>", sk: "REVIEW_REMINDER" },
  due: {
    name: "Review reminders due (`gsi1sk` is `<dueAt>#<userId>`)",
    index: "gsi1",
    pk: "REVIEW_REMINDERS",
    sk: { lte: "<now>#\uffff" },
    sparse: true,
  },
});

/** The first 08:00 in `timezone` strictly after `after`. */
export function nextReminderTime(after: Date, timezone: string): Date {
  const local = DateTime.fromJSDate(after, { zone: timezone });
  let next = local.set({ hour: REMINDER_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 }).set({ hour: REMINDER_HOUR, minute: 0 });
  return next.toJSDate();
}

const reminderKey = (userId: string) => ReviewReminder.key("one", { userId });
const dueIndex = (dueAt: string, userId: string) => ({ gsi1pk: REMINDERS_PK, gsi1sk: `${dueAt}#${userId}` });

/**
 * Keeps the learner's next reminder at 08:00 in their timezone: made with their first card, moved when their
 * timezone changes. A learner without cards has none.
 */
export async function scheduleReviewReminder(p: Platform, userId: string, timezone?: string): Promise<void> {
  const zone = timezone ?? (await preferencesOf(p, userId)).timezone;
  if (!isKnownTimezone(zone)) return;
  const existing = await p.store.get<ReminderItem>(reminderKey(userId));
  if (existing?.timezone === zone) return;
  if (!existing && timezone) return; // a timezone change of a learner with no cards yet
  const dueAt = nextReminderTime(p.clock.now(), zone).toISOString();
  await p.store.put<ReminderItem>({
    ...reminderKey(userId),
    ...dueIndex(dueAt, userId),
    type: "ReviewReminder",
    userId,
    timezone: zone,
    dueAt,
    ...(existing?.lastSentAt ? { lastSentAt: existing.lastSentAt } : {}),
  });
}

async function dueCount(p: Platform, userId: string): Promise<number> {
  const page = await p.store.query(
    Card.query("due", { userId, until: `${p.clock.now().toISOString()}#\uffff` }, { limit: 100 }),
  );
  return page.items.length;
}

const REMINDER_RULE: LocalTimeRule = { nextTime: nextReminderTime, index: dueIndex, staleAfterMs: STALE_AFTER_MS };

const remind = (p: Platform, item: ReminderItem) =>
  sendAndMoveOn(p, item, REMINDER_RULE, async () => {
    const due = await dueCount(p, item.userId);
    return due > 0 ? notificationEffects(p, { userId: item.userId, type: "review_reminder", data: { due } }) : [];
  });

/** The job, every 15 minutes (zones at half and quarter hours too): every learner whose morning has come. */
export const sendDueReviewReminders = (p: Platform, maxPages = 100): Promise<number> =>
  sendEveryDue<ReminderItem>(
    p,
    (now) => ReviewReminder.query("due", { now }),
    (item) => remind(p, item),
    maxPages,
  );
