// The pods domain's module: the daily matching run, each pod's own review schedule, the erasure step and the
// home page's pods section. Implementations load on first use, so listing the domain costs an entry point nothing.
import type { Actor } from "../access/index.js";
import { defineDomain } from "../domain/index.js";
import { isAppError } from "../platform/errors.js";

const impl = () => import("./index.js");
const system: Actor = { userId: "system", role: "system" };

export const podsDomain = defineDomain({
  name: "pods",
  jobs: {
    /** Daily: catch up on due or short pods, then form pods for every sprint type, or the one named. */
    "matching.run": async (p, payload) => {
      const pods = await impl();
      if (typeof payload.sprintType === "string") {
        await pods.runFormation(p, system, { sprintType: payload.sprintType });
      } else await pods.runDailyMatching(p);
    },
    /** One schedule per pod, at its next due time: lapsed invitations, the sprint's end. */
    "pods.review": async (p, payload) => {
      try {
        await (await impl()).reviewPod(p, String(payload.podId));
      } catch (e) {
        // A pod that is gone has nothing left to review; retrying would only fail again.
        if (!(isAppError(e) && e.status === 404)) throw e;
      }
    },
  },
  schedules: [
    { name: "matching-daily", expression: "cron(0 6 * * ? *)", timezone: "UTC", job: "matching.run", payload: {} },
  ],
  erase: async (p, userId) => (await impl()).erasePodMemberships(p, userId),
  accountChanged: async (p, userId, change) => (await impl()).syncMemberCopies(p, userId, change),
  dashboard: { pods: async (p, userId, partition) => (await impl()).podsDashboardSection(p, userId, partition) },
  weeklySummary: async (p, userId, ctx) => (await impl()).podsWeeklySummary(p, userId, ctx),
});
