// Analytics' public face: a learner's progress, and the business metrics admins read.

export {
  AdminMetrics,
  COACH_LATENCY_BUCKETS_MS,
  CoachLatency,
  coachBucketOf,
  coachBucketRange,
  countMetric,
  countMetricOps,
  countMetrics,
  isoWeekOf,
  MetricsWindow,
  markActive,
  metricOps,
  metricsRange,
  monthOf,
  percentileFromBuckets,
  readMetrics,
  recordCoachLatency,
  utcDayOf,
} from "./metrics.js";
export { Progress, progressOf, streaksOf } from "./progress.js";
export { ActiveMarker, MetricCounter } from "./records.js";
