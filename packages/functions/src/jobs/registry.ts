// Scheduled jobs by name, from the domain list: what EventBridge Scheduler (or the local scheduler) runs.
import { scheduledJobsOf } from "@pactly/core/domain";
import type { JobEvent, Platform } from "@pactly/core/platform";
import { AppError, continueTrace, measuredRun, parseCarrier } from "@pactly/core/platform";

/** Runs the job an event names; an unknown name fails loudly so the scheduler's retries and logs show it. */
export async function runScheduledJob(p: Platform, event: JobEvent): Promise<void> {
  // A trace of its own (with the invocation's X-Ray header in Lambda), unless the event carries one.
  return continueTrace(parseCarrier(event.trace), async () => {
    const job = scheduledJobsOf(p.domains).get(event.job);
    if (!job) throw new AppError(500, "job.unknown", `No scheduled job is called "${event.job}".`);
    const log = p.log.child({ job: event.job, ...(event.scheduleName ? { schedule: event.scheduleName } : {}) });
    const start = performance.now();
    const span = { name: "job.run", jobKind: event.job, attributes: { scheduled: true } };
    await measuredRun(p.config.stage, span, () => job({ ...p, log }, event.payload ?? {}));
    log.info("scheduled job done", { ms: Math.round(performance.now() - start) });
  });
}
