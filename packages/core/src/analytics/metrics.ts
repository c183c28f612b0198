// Business metrics for admins, kept as counters per UTC day (and per ISO week and month for distinct learners),
// changed only by atomic adds where the events happen: no Scan, and a day's figures are a few items' read.
//
// - An event that is written in a transaction adds its counter in that transaction (`metricOps`), so the count and
//   the event commit together. Elsewhere `countMetric` adds it after the event's write, best effort (logged).
// - Active learners: the first activity of a learner in a day, ISO week or month puts a marker item (conditional on
//   its absence) and adds 1 to that period's count in one transaction, so each learner counts once per period.
// - Coach latency: a per-day histogram in fixed buckets; p50 and p95 are read from the buckets.
import { DateTime } from "luxon";
import {
  badRequest,
  epochSeconds,
  isConditionFailed,
  type Platform,
  TransactionConflictError,
  type TransactOp,
} from "../platform/index.js";
import { z } from "../platform/schema.js";
import { ActiveMarker, type ActiveMarkerItem, MetricCounter, type MetricCounterItem } from "./records.js";

/** Each period's counters are split over this many items, picked at random per write. */
export const METRIC_SHARDS = 8;
/** The longest range one read answers, in days. */
export const MAX_METRIC_DAYS = 400;
/** The default range: the last 30 days, today included. */
export const DEFAULT_METRIC_DAYS = 30;

export const COUNTED_METRICS = [
  "activeLearners",
  "sessionsCompleted",
  "sessionsCancelled",
  "checkIns",
  "checkInsExpected",
  "learnersMatched",
  "learnersWaitlisted",
  "checkoutsStarted",
  "depositsPaid",
] as const;
export type CountedMetric = (typeof COUNTED_METRICS)[number];
export type MetricCounts = Partial<Record<CountedMetric, number>>;

/** Upper bounds (inclusive, ms) of the coach-latency buckets; a last bucket holds anything slower. */
export const COACH_LATENCY_BUCKETS_MS = [
  100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 60_000,
] as const;
const COACH_BUCKET_COUNT = COACH_LATENCY_BUCKETS_MS.length + 1;
const coachField = (i: number) => `coachMs${i}`;
export const COACH_LATENCY_PENDING = "The coach is not built yet: no coach latencies have been recorded.";

const DAY_SECONDS = 86_400;
const utc = (at: Date) => DateTime.fromJSDate(at, { zone: "utc" });
export const utcDayOf = (at: Date): string => at.toISOString().slice(0, 10);
/** The ISO week of an instant, as `2026-W49` (weeks start on Monday; the week-year can differ from the year). */
export const isoWeekOf = (at: Date): string => utc(at).toFormat("kkkk-'W'WW");
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

const dayPeriod = (day: string) => `DAY#${day}`;
const shard = () => String(Math.floor(Math.random() * METRIC_SHARDS));

function counterOp(period: string, add: Record<string, number>): TransactOp {
  return {
    update: MetricCounter.key("one", { period, shard: shard() }),
    changes: { set: { type: "MetricCounter", period }, add },
    // The period's first event creates the counter.
    condition: {},
  };
}

const nonZero = (by: Record<string, number | undefined>): Record<string, number> =>
  Object.fromEntries(Object.entries(by).filter((e): e is [string, number] => typeof e[1] === "number" && e[1] !== 0));

/** The write that adds `by` to the counters of `at`'s UTC day: put it in the transaction that writes the event. */
export function metricOps(by: MetricCounts, at: Date): TransactOp[] {
  const add = nonZero(by);
  return Object.keys(add).length ? [counterOp(dayPeriod(utcDayOf(at)), add)] : [];
}

/** `metricOps` for one counter. */
export const countMetricOps = (name: CountedMetric, by: number, at: Date): TransactOp[] =>
  metricOps({ [name]: by }, at);

/** Adds to the day's counters on its own, after the event was written: best effort, a failure is logged. */
export async function countMetrics(p: Platform, by: MetricCounts, at: Date = p.clock.now()): Promise<void> {
  const ops = metricOps(by, at);
  if (!ops.length) return;
  const op = ops[0] as Extract<TransactOp, { update: unknown }>;
  try {
    await p.store.update(op.update, op.changes, op.condition);
  } catch (e) {
    p.log.warn("metric not counted", { metrics: by, error: (e as Error).message });
  }
}

export const countMetric = (p: Platform, name: CountedMetric, by: number, at: Date = p.clock.now()) =>
  countMetrics(p, { [name]: by }, at);

/** Puts the learner's marker for a period and counts them, once; false when they were counted already. */
async function markPeriod(p: Platform, userId: string, period: string, expiresAt: number): Promise<boolean> {
  const marker: ActiveMarkerItem = {
    ...ActiveMarker.key("one", { userId, period }),
    type: "ActiveMarker",
    userId,
    period,
    expiresAt,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await p.store.transact([{ put: marker, condition: { absent: true } }, counterOp(period, { activeLearners: 1 })]);
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      // Another write met the same counter shard: the next attempt picks a shard again.
      if (!(e instanceof TransactionConflictError) || attempt === 2) throw e;
    }
  }
}

/**
 * The learner did something (a tutor session or attempt, a review, a session join, a check-in): they count once
 * towards the active learners of the UTC day, ISO week and month. Best effort: a failure is logged, never thrown.
 * A learner already counted today was counted this week and month too, so that case costs one failed write.
 */
export async function markActive(p: Platform, userId: string, at: Date = p.clock.now()): Promise<void> {
  const t = utc(at);
  const grace = 2 * DAY_SECONDS;
  try {
    const today = await markPeriod(p, userId, dayPeriod(utcDayOf(at)), epochSeconds(t.endOf("day").toJSDate()) + grace);
    if (!today) return;
    await Promise.all([
      markPeriod(p, userId, `WEEK#${isoWeekOf(at)}`, epochSeconds(t.endOf("week").toJSDate()) + grace),
      markPeriod(p, userId, `MONTH#${monthOf(at)}`, epochSeconds(t.endOf("month").toJSDate()) + grace),
    ]);
  } catch (e) {
    p.log.warn("active learner not counted", { userId, error: (e as Error).message });
  }
}

/** The bucket a latency falls in: the first whose upper bound it does not exceed, else the last. */
export function coachBucketOf(ms: number): number {
  const i = COACH_LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? COACH_LATENCY_BUCKETS_MS.length : i;
}

/** The range of a bucket in ms: above `lower`, up to `upper` (the last bucket reads as its lower bound). */
export function coachBucketRange(i: number): { lower: number; upper: number } {
  const lower = i === 0 ? 0 : COACH_LATENCY_BUCKETS_MS[i - 1]!;
  return { lower, upper: COACH_LATENCY_BUCKETS_MS[i] ?? lower };
}

/** Counts one coach answer's latency in the day's histogram (atomic adds). */
export async function recordCoachLatency(p: Platform, ms: number, at: Date = p.clock.now()): Promise<void> {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`A latency is a finite number of ms >= 0 (got ${ms}).`);
  await p.store.update(
    MetricCounter.key("one", { period: dayPeriod(utcDayOf(at)), shard: shard() }),
    { set: { type: "MetricCounter", period: dayPeriod(utcDayOf(at)) }, add: { [coachField(coachBucketOf(ms))]: 1 } },
    {},
  );
}

/**
 * The q-quantile (nearest rank) read from bucket counts: the bucket holding that rank, interpolated linearly
 * within it, so it is off the exact value by less than the bucket's width. Null without samples.
 */
export function percentileFromBuckets(counts: readonly number[], q: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let before = 0;
  for (const [i, count] of counts.entries()) {
    if (count > 0 && before + count >= rank) {
      const { lower, upper } = coachBucketRange(i);
      return Math.round(lower + ((upper - lower) * (rank - before)) / count);
    }
    before += count;
  }
  return null;
}

const Rate = z.number().nullable();
export const MetricsWindow = z
  .object({
    /** First and last UTC day of the window (equal for one day). */
    from: z.string(),
    to: z.string(),
    /** Distinct learners active in the window (a day, an ISO week or a month). */
    activeLearners: z.number().int(),
    sessionsCompleted: z.number().int(),
    sessionsCancelled: z.number().int(),
    /** Completed / (completed + cancelled); null when no session ended. */
    sessionCompletionRate: Rate,
    checkIns: z.number().int(),
    /** Members who attended the sessions completed in the window. */
    checkInsExpected: z.number().int(),
    checkInRate: Rate,
    learnersMatched: z.number().int(),
    learnersWaitlisted: z.number().int(),
    /** Matched / waitlisted over the formation runs of the window. */
    formationSuccessRate: Rate,
    checkoutsStarted: z.number().int(),
    depositsPaid: z.number().int(),
    paymentSuccessRate: Rate,
  })
  .openapi("MetricsWindow");
export type MetricsWindow = z.infer<typeof MetricsWindow>;

export const CoachLatency = z
  .object({
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    samples: z.number().int(),
    /** Why the percentiles are null, when they are. */
    reason: z.string().nullable(),
  })
  .openapi("CoachLatency");

export const AdminMetrics = z
  .object({
    from: z.string(),
    to: z.string(),
    today: MetricsWindow,
    /** The current ISO week, Monday to today (UTC). */
    thisWeek: MetricsWindow,
    /** The current month, the 1st to today (UTC). */
    thisMonth: MetricsWindow,
    /** Every day of the range, oldest first (days without events are zeros). */
    days: z.array(MetricsWindow),
    /** Over the range. */
    coachLatency: CoachLatency,
  })
  .openapi("AdminMetrics");
export type AdminMetrics = z.infer<typeof AdminMetrics>;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
function parseDay(name: string, value: string): DateTime {
  const d = DAY_RE.test(value) ? DateTime.fromISO(value, { zone: "utc" }) : undefined;
  if (!d?.isValid)
    throw badRequest("metrics.bad_range", `The ${name === "from" ? "start" : "end"} date is not a date (YYYY-MM-DD).`, {
      [name]: value,
    });
  return d;
}

/** The range asked for, checked: YYYY-MM-DD days, `from` not after `to`, at most 400 days; the last 30 by default. */
export function metricsRange(p: Platform, input: { from?: string | undefined; to?: string | undefined }) {
  const to = input.to === undefined ? utc(p.clock.now()).startOf("day") : parseDay("to", input.to);
  const from = input.from === undefined ? to.minus({ days: DEFAULT_METRIC_DAYS - 1 }) : parseDay("from", input.from);
  if (from > to)
    throw badRequest("metrics.bad_range", "The start date is after the end date.", {
      from: from.toISODate(),
      to: to.toISODate(),
    });
  const days = Math.round(to.diff(from, "days").days) + 1;
  if (days > MAX_METRIC_DAYS) {
    throw badRequest("metrics.bad_range", `A range covers at most ${MAX_METRIC_DAYS} days.`, { days });
  }
  return { from: from.toISODate()!, to: to.toISODate()! };
}

type Counts = Record<string, number>;
function addInto(into: Counts, item: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(item)) {
    if (k === "version" || typeof v !== "number") continue;
    into[k] = (into[k] ?? 0) + v;
  }
}
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

function windowOf(from: string, to: string, c: Counts, activeLearners: number): MetricsWindow {
  const n = (k: CountedMetric) => c[k] ?? 0;
  const ended = n("sessionsCompleted") + n("sessionsCancelled");
  return {
    from,
    to,
    activeLearners,
    sessionsCompleted: n("sessionsCompleted"),
    sessionsCancelled: n("sessionsCancelled"),
    sessionCompletionRate: rate(n("sessionsCompleted"), ended),
    checkIns: n("checkIns"),
    checkInsExpected: n("checkInsExpected"),
    checkInRate: rate(n("checkIns"), n("checkInsExpected")),
    learnersMatched: n("learnersMatched"),
    learnersWaitlisted: n("learnersWaitlisted"),
    formationSuccessRate: rate(n("learnersMatched"), n("learnersWaitlisted")),
    checkoutsStarted: n("checkoutsStarted"),
    depositsPaid: n("depositsPaid"),
    paymentSuccessRate: rate(n("depositsPaid"), n("checkoutsStarted")),
  };
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: "utc" }); d.toISODate()! <= to; d = d.plus({ days: 1 })) {
    out.push(d.toISODate()!);
  }
  return out;
}

/** The counters of one period (every shard), summed: week and month counts of distinct learners. */
async function periodCounts(p: Platform, period: string): Promise<Counts> {
  const keys = Array.from({ length: METRIC_SHARDS }, (_, i) => MetricCounter.key("one", { period, shard: String(i) }));
  const counts: Counts = {};
  for (const item of await p.store.getMany<MetricCounterItem>(keys)) addInto(counts, item);
  return counts;
}

/**
 * The metrics of a range of UTC days (each day, and coach latency over the range) and of today, this ISO week and
 * this month: one Query over the days' counters, and the week's and month's counts of distinct learners.
 */
export async function readMetrics(p: Platform, range: { from: string; to: string }): Promise<AdminMetrics> {
  const now = p.clock.now();
  const t = utc(now);
  const today = utcDayOf(now);
  const weekStart = t.startOf("week").toISODate()!;
  const monthStart = t.startOf("month").toISODate()!;
  const first = [range.from, weekStart, monthStart].sort()[0]!;
  const last = [range.to, today].sort()[1]!;
  const [items, week, month] = await Promise.all([
    p.store.queryAll<MetricCounterItem>(
      MetricCounter.query("range", { first: dayPeriod(first), last: dayPeriod(last) }),
    ),
    periodCounts(p, `WEEK#${isoWeekOf(now)}`),
    periodCounts(p, `MONTH#${monthOf(now)}`),
  ]);
  const byDay = new Map<string, Counts>();
  for (const item of items) {
    const day = item.period.slice("DAY#".length);
    const counts = byDay.get(day) ?? {};
    addInto(counts, item);
    byDay.set(day, counts);
  }
  const sum = (from: string, to: string): Counts => {
    const total: Counts = {};
    for (const [day, counts] of byDay) if (day >= from && day <= to) addInto(total, counts);
    return total;
  };
  const dayWindow = (day: string) => {
    const c = byDay.get(day) ?? {};
    return windowOf(day, day, c, c.activeLearners ?? 0);
  };
  const inRange = sum(range.from, range.to);
  const latency = Array.from({ length: COACH_BUCKET_COUNT }, (_, i) => inRange[coachField(i)] ?? 0);
  const samples = latency.reduce((a, b) => a + b, 0);
  return {
    from: range.from,
    to: range.to,
    today: dayWindow(today),
    thisWeek: windowOf(weekStart, today, sum(weekStart, today), week.activeLearners ?? 0),
    thisMonth: windowOf(monthStart, today, sum(monthStart, today), month.activeLearners ?? 0),
    days: daysBetween(range.from, range.to).map(dayWindow),
    coachLatency: {
      p50Ms: percentileFromBuckets(latency, 0.5),
      p95Ms: percentileFromBuckets(latency, 0.95),
      samples,
      reason: samples === 0 ? COACH_LATENCY_PENDING : null,
    },
  };
}
