// The local scheduler: schedules kept in the store and fired by the local runtime when due, also after a restart.
import type { Clock } from "../clock.js";
import { defineEntity } from "../store/patterns.js";
import type { Item, Store } from "../store/port.js";
import { nextFire } from "./cron.js";
import { atExpression, type Scheduler, type ScheduleTarget } from "./port.js";

export interface LocalSchedule extends Item {
  type: "LocalSchedule";
  name: string;
  expression: string;
  timezone: string;
  oneTime: boolean;
  job: string;
  payload: Record<string, unknown>;
  nextRunAt: string;
  failures: number;
}

/** Local runtime only: the in-store stand-in for EventBridge Scheduler. */
export const LocalSchedule = defineEntity("LocalSchedule", {
  one: { name: "Local scheduler: one schedule", pk: "LOCALSCHED", sk: "S#<name>" },
  due: {
    name: "Local scheduler: due schedules (`gsi1sk` is `<nextRunAt>#<name>`)",
    index: "gsi1",
    pk: "LOCALSCHED#DUE",
    sk: { lte: "<now>#\uffff" },
  },
});
const key = (name: string) => LocalSchedule.key("one", { name });
const DUE = "LOCALSCHED#DUE";

export class StoreScheduler implements Scheduler {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private async save(
    name: string,
    expression: string,
    timezone: string,
    oneTime: boolean,
    when: Date,
    t: ScheduleTarget,
  ) {
    const schedule: LocalSchedule = {
      ...key(name),
      type: "LocalSchedule",
      gsi1pk: DUE,
      gsi1sk: `${when.toISOString()}#${name}`,
      name,
      expression,
      timezone,
      oneTime,
      job: t.job,
      payload: t.payload,
      nextRunAt: when.toISOString(),
      failures: 0,
    };
    await this.store.put(schedule);
  }

  async at(name: string, when: Date, target: ScheduleTarget): Promise<void> {
    await this.save(name, atExpression(when), "UTC", true, when, target);
  }

  async recurring(name: string, expression: string, timezone: string, target: ScheduleTarget): Promise<void> {
    const next = await nextFire(expression, timezone, this.clock.now());
    if (!next) throw new Error(`Schedule "${name}" never fires: ${expression}`);
    await this.save(name, expression, timezone, false, next, target);
  }

  async delete(name: string): Promise<void> {
    await this.store.delete(key(name));
  }

  async get(name: string): Promise<LocalSchedule | undefined> {
    return this.store.get<LocalSchedule>(key(name), { consistent: true });
  }

  async list(): Promise<LocalSchedule[]> {
    return this.store.queryAll<LocalSchedule>({ pk: "LOCALSCHED", sk: { beginsWith: "S#" } });
  }

  /** Schedules whose time has come, oldest first (one Query on the due index). */
  async due(limit = 25): Promise<LocalSchedule[]> {
    const page = await this.store.query<LocalSchedule>({
      index: "gsi1",
      pk: DUE,
      sk: { lte: `${this.clock.now().toISOString()}#\uffff` },
      limit,
    });
    return page.items;
  }

  /**
   * Takes a due schedule for one run: moves it out of the due window for a lease, with a version check,
   * so two runners (or two ticks) never fire the same occurrence. Undefined when someone else took it.
   */
  async claim(s: LocalSchedule, leaseMs = 5 * 60_000): Promise<LocalSchedule | undefined> {
    const leaseUntil = new Date(this.clock.now().getTime() + leaseMs).toISOString();
    try {
      return await this.store.put<LocalSchedule>(
        { ...s, gsi1sk: `${leaseUntil}#${s.name}`, leasedUntil: leaseUntil },
        { version: s.version ?? 0 },
      );
    } catch {
      return undefined;
    }
  }

  /** After a run: a one-time schedule goes away, a recurring one moves to its next time. */
  async completed(s: LocalSchedule): Promise<void> {
    const next = s.oneTime ? undefined : await nextFire(s.expression, s.timezone, this.clock.now());
    if (!next) {
      await this.store.delete(key(s.name), { version: s.version ?? 0 }).catch(() => undefined);
      return;
    }
    await this.store
      .put<LocalSchedule>(
        { ...s, nextRunAt: next.toISOString(), gsi1sk: `${next.toISOString()}#${s.name}`, failures: 0 },
        { version: s.version ?? 0 },
      )
      .catch(() => undefined); // replaced while it ran: the new definition wins
  }

  /** After a failed run: retried with backoff like EventBridge's retry policy (3 retries), then dropped. */
  async failed(s: LocalSchedule, maxRetries = 3): Promise<"retrying" | "dropped"> {
    if (s.failures >= maxRetries) {
      await this.completed(s);
      return "dropped";
    }
    const retryAt = new Date(this.clock.now().getTime() + 2 ** s.failures * 5_000);
    await this.store
      .put<LocalSchedule>(
        {
          ...s,
          failures: s.failures + 1,
          gsi1sk: `${retryAt.toISOString()}#${s.name}`,
          nextRunAt: retryAt.toISOString(),
        },
        { version: s.version ?? 0 },
      )
      .catch(() => undefined);
    return "retrying";
  }
}
