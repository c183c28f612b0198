// Fires due local schedules into the same jobs handler EventBridge Scheduler invokes in the cloud.
import { type JobEvent, jobEvent, type Platform } from "@pactly/core/platform";

export class SchedulerRunner {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly p: Platform,
    private readonly dispatch: (event: JobEvent) => Promise<void>,
    private readonly tickMs = 1000,
  ) {
    if (!p.local) throw new Error("The scheduler runner needs the local platform.");
  }

  start(): this {
    const tick = async () => {
      if (this.stopped) return;
      this.busy = this.fireDue();
      await this.busy.catch((e) => this.p.log.error("scheduler runner failed", { error: e }));
      if (!this.stopped) this.timer = setTimeout(tick, this.tickMs);
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy?.catch(() => undefined);
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
