// The spaced-repetition domain's module: the daily review reminders' job and schedule, and keeping a learner's
// reminder on their timezone. Cards live in the learner's partition, so export and erasure reach them.
import { defineDomain } from "../domain/index.js";

const reminders = () => import("./reminders.js");

export const srsDomain = defineDomain({
  name: "srs",
  jobs: {
    /** Every 15 minutes: the learners whose 08:00 has come and who have reviews due. */
    "srs.remind-due": async (p) => {
      const sent = await (await reminders()).sendDueReviewReminders(p);
      p.log.info("review reminders sent", { sent });
    },
  },
  schedules: [
    {
      name: "review-reminders",
      expression: "cron(0/15 * * * ? *)",
      timezone: "UTC",
      job: "srs.remind-due",
      payload: {},
    },
  ],
  dashboard: {
    dueReviews: async (p, userId, partition) => ({
      count: (await import("./cards.js")).dueTodayFromPlan(partition, userId, p.clock.now()),
    }),
  },
  accountChanged: async (p, userId, change) => {
    if (change.timezone) await (await reminders()).scheduleReviewReminder(p, userId, change.timezone);
  },
});
