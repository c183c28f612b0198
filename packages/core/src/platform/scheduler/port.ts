// The scheduler port: one-time schedules (session reminders) and recurring ones (daily jobs), each firing a job.

export interface ScheduleTarget {
  /** The job to run, by name (see the job registry in packages/functions). */
  job: string;
  /** The job's input. */
  payload: Record<string, unknown>;
}

/** What the jobs function receives, from EventBridge Scheduler in the cloud and from the local runner alike. */
export interface JobEvent {
  job: string;
  payload: Record<string, unknown>;
  scheduleName?: string;
  /** A trace to continue (a `TraceCarrier`); without one the run starts a trace of its own. */
  trace?: unknown;
}

export const jobEvent = (t: ScheduleTarget, scheduleName?: string): JobEvent => ({
  job: t.job,
  payload: t.payload,
  ...(scheduleName ? { scheduleName } : {}),
});

export interface Scheduler {
  /** Fires once at `when`, then the schedule deletes itself. Re-creating the same name replaces it. */
  at(name: string, when: Date, target: ScheduleTarget): Promise<void>;
  /** Fires on an EventBridge expression: `cron(min hour dom month dow year)` or `rate(n unit)`, in `timezone`. */
  recurring(name: string, expression: string, timezone: string, target: ScheduleTarget): Promise<void>;
  /** Removes a schedule; removing one that is gone is not an error. */
  delete(name: string): Promise<void>;
}

/** EventBridge schedule names: 1–64 of [0-9a-zA-Z-_.]. */
export function scheduleName(...parts: string[]): string {
  const name = parts.join("-").replace(/[^0-9a-zA-Z\-_.]/g, "_");
  if (name.length === 0 || name.length > 64) throw new Error(`Schedule name must be 1–64 characters: ${name}`);
  return name;
}

/** `at()` expressions take UTC wall time without a zone suffix or milliseconds. */
export function atExpression(when: Date): string {
  return `at(${when.toISOString().slice(0, 19)})`;
}
