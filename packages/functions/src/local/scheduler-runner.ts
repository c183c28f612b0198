// Fires due local schedules into the same jobs handler EventBridge Scheduler invokes in the cloud.
import { type JobEvent, jobEvent, type Platform } from "@pactly/core/platform";
import { Poller } from "./poller.js";

export class SchedulerRunner {
  private readonly poller: Poller;

  constructor(
    private readonly p: Platform,
    private readonly dispatch: (event: JobEvent) => Promise<void>,
    tickMs = 1000,
  ) {
    if (!p.local) throw new Error("The scheduler runner needs the local platform.");
    this.poller = new Poller(
      () => this.fireDue(),
      tickMs,
      (e) => p.log.error("scheduler runner failed", { error: e }),
    );
  }

  start(): this {
    this.poller.start();
    return this;
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Runs every schedule whose time has come (including ones missed while the runtime was down). */
  async fireDue(): Promise<number> {
    const scheduler = this.p.local!.scheduler;
    let fired = 0;
    for (const due of await scheduler.due()) {
      const s = await scheduler.claim(due);
      if (!s) continue; // another tick or runner has it
      try {
        await this.dispatch(jobEvent({ job: s.job, payload: s.payload }, s.name));
        await scheduler.completed(s);
      } catch (e) {
        const outcome = await scheduler.failed(s);
        this.p.log.error("scheduled job failed", { schedule: s.name, job: s.job, outcome, error: e });
      }
      fired++;
    }
    return fired;
  }
}
