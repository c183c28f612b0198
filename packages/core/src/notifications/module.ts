// The notifications domain's module: delivering push messages, the weekly summary's schedule, keeping the summary on
// the learner's timezone, and the erasure and export of their devices. Implementations load on first use.
import { defineDomain } from "../domain/index.js";

const impl = () => import("./index.js");

export const notificationsDomain = defineDomain({
  name: "notifications",
  jobs: {
    /** One push message to one device; written by `notificationEffects` as an outbox follow-up. */
    "notifications.push": async (p, payload) => {
      await (await impl()).deliverPush(p, payload as Parameters<Awaited<ReturnType<typeof impl>>["deliverPush"]>[1]);
    },
    /** Once (deploy, local start): a Monday summary for accounts from before the summary existed. */
    "notifications.backfill-weekly-summaries": async (p) => {
      const scheduled = await (await impl()).backfillWeeklySummaries(p);
      if (scheduled > 0) p.log.info("weekly summaries backfilled", { scheduled });
    },
    /** Every 15 minutes: the learners whose Monday 08:00 has come (zones at half and quarter hours too). */
    "notifications.weekly-summary": async (p) => {
      await (await impl()).sendDueWeeklySummaries(p);
    },
  },
  schedules: [
    {
      name: "weekly-summary",
      expression: "cron(0/15 * * * ? *)",
      timezone: "UTC",
      job: "notifications.weekly-summary",
      payload: {},
    },
  ],
  accountChanged: async (p, userId, change) => {
    if (change.timezone) await (await impl()).scheduleWeeklySummary(p, userId, change.timezone);
  },
  erase: async (p, userId) => (await impl()).eraseNotificationRecords(p, userId),
  exportSection: async (p, userId) => (await impl()).notificationsExport(p, userId),
});
