// The recurring schedules: the infrastructure creates one EventBridge schedule per entry, each invoking the jobs function.

export interface RecurringSchedule {
  /** Schedule name inside the stage's schedule group (1–64 of [0-9a-zA-Z-_.]). */
  name: string;
  /** EventBridge Scheduler expression: `cron(min hour dom month dow year)` or `rate(n unit)`. */
  expression: string;
  /** IANA zone the expression is read in. */
  timezone: string;
  /** The scheduled job to run, by its name in the job registry. */
  job: string;
  payload: Record<string, unknown>;
}

export const RECURRING_SCHEDULES: RecurringSchedule[] = [
  { name: "matching-daily", expression: "cron(0 6 * * ? *)", timezone: "UTC", job: "matching.run", payload: {} },
  {
    name: "due-reviews-hourly",
    expression: "cron(0 * * * ? *)",
    timezone: "UTC",
    job: "reviews.remind-due",
    payload: {},
  },
];
