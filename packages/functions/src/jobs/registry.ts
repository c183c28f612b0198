// Scheduled jobs by name: what EventBridge Scheduler (or the local scheduler) runs when a schedule fires.
import type { JobEvent, Platform } from "@pactly/core/platform";
import { AppError } from "@pactly/core/platform";

export type ScheduledJob = (p: Platform, payload: Record<string, unknown>) => Promise<void>;

export const scheduledJobs: Record<string, ScheduledJob> = {};

/** Runs the job an event names; an unknown name fails loudly so the scheduler's retries and logs show it. */
export async function runScheduledJob(p: Platform, event: JobEvent, registry = scheduledJobs): Promise<void> {
  const job = registry[event.job];
  if (!job) throw new AppError(500, "job.unknown", `No scheduled job is called "${event.job}".`);
  const log = p.log.child({ job: event.job, ...(event.scheduleName ? { schedule: event.scheduleName } : {}) });
  const start = performance.now();
  await job({ ...p, log }, event.payload ?? {});
  log.info("scheduled job done", { ms: Math.round(performance.now() - start) });
}
