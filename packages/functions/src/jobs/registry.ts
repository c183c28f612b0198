// Scheduled jobs by name: what EventBridge Scheduler (or the local scheduler) runs when a schedule fires.
import { systemActor } from "@pactly/core/access";
import type { JobEvent, Platform } from "@pactly/core/platform";
import { AppError, isAppError } from "@pactly/core/platform";
import { reviewPod, runDailyMatching, runFormation } from "@pactly/core/pods";

export type ScheduledJob = (p: Platform, payload: Record<string, unknown>) => Promise<void>;

export const scheduledJobs: Record<string, ScheduledJob> = {
  /** Daily (matching-daily): catch up on due or short pods, then form pods for every sprint type, or the one named. */
  "matching.run": async (p, payload) => {
    if (typeof payload.sprintType === "string") await runFormation(p, systemActor, { sprintType: payload.sprintType });
    else await runDailyMatching(p);
  },
  /** One schedule per pod, at its next due time: lapsed invitations, the sprint's end. */
  "pods.review": async (p, payload) => {
    try {
      await reviewPod(p, String(payload.podId));
    } catch (e) {
      // A pod that is gone has nothing left to review; retrying would only fail again.
      if (!(isAppError(e) && e.code === "pod.not_found")) throw e;
    }
  },
};

/** Runs the job an event names; an unknown name fails loudly so the scheduler's retries and logs show it. */
export async function runScheduledJob(p: Platform, event: JobEvent, registry = scheduledJobs): Promise<void> {
  const job = registry[event.job];
  if (!job) throw new AppError(500, "job.unknown", `No scheduled job is called "${event.job}".`);
  const log = p.log.child({ job: event.job, ...(event.scheduleName ? { schedule: event.scheduleName } : {}) });
  const start = performance.now();
  await job({ ...p, log }, event.payload ?? {});
  log.info("scheduled job done", { ms: Math.round(performance.now() - start) });
}
