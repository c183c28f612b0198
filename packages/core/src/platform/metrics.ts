// CloudWatch metrics as embedded-metric-format (EMF) log lines, namespace `Pactly`: CloudWatch Logs turns each line
// into metric data, with no SDK and no call at request time. Every metric has the dimension set [Stage]; some add a
// second set ([Stage, Route], [Stage, JobKind], [Stage, Outcome], [Stage, Feature]). Dimension values are bounded
// (route patterns, job kinds, fixed outcomes and features), never personal data or raw paths.
// See docs/architecture.md (Operations: tracing and metrics) for every metric's meaning.
import { emitTelemetry, traceFields } from "./tracing.js";

export const METRICS_NAMESPACE = "Pactly";

export type MetricUnit = "Count" | "Milliseconds";

export const METRICS = {
  Requests: "Count",
  Errors5xx: "Count",
  Latency: "Milliseconds",
  JobDuration: "Milliseconds",
  JobFailures: "Count",
  JobRuns: "Count",
  WebhookEvents: "Count",
  WebhookFailures: "Count",
  LlmLatency: "Milliseconds",
  LlmTokens: "Count",
  EmailsSent: "Count",
  EmailsBounced: "Count",
  PaymentCallFailures: "Count",
} as const satisfies Record<string, MetricUnit>;

export type MetricName = keyof typeof METRICS;

/** The second dimension a metric may be split by, besides Stage. */
export type SecondDimension = "Route" | "JobKind" | "Outcome" | "Feature";

export type WebhookOutcome = "handled" | "duplicate" | "signature_failed" | "failed";
export type LlmFeature = "coach" | "tutor";

/** One group of metrics sharing their dimension sets: [Stage], and [Stage, <by>] when `by` is given. */
export interface MetricGroup {
  values: Partial<Record<MetricName, number>>;
  by?: { name: SecondDimension; value: string };
}

const BOUNDED = /^[A-Za-z0-9 _.:/{}*()-]{1,100}$/;

/** A dimension value that is safe to publish; anything else becomes "other". */
export const boundedDimension = (value: string) => (BOUNDED.test(value) ? value : "other");

/** The EMF record for `groups` (one directive per group), with Stage and any second dimension as properties. */
export function emfRecord(stage: string, groups: readonly MetricGroup[], now = Date.now()): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const directives = groups.map((g) => {
    const dimensions: string[][] = [["Stage"]];
    if (g.by) {
      dimensions.push(["Stage", g.by.name]);
      record[g.by.name] = boundedDimension(g.by.value);
    }
    const metrics = Object.entries(g.values).map(([name, value]) => {
      record[name] = value;
      return { Name: name, Unit: METRICS[name as MetricName] };
    });
    return { Namespace: METRICS_NAMESPACE, Dimensions: dimensions, Metrics: metrics };
  });
  return {
    _aws: { Timestamp: now, CloudWatchMetrics: directives },
    Stage: boundedDimension(stage),
    ...record,
    // Not a dimension: lets a metric's line be found next to the trace it belongs to.
    ...(traceFields() ? { traceId: traceFields()!.traceId } : {}),
  };
}

/**
 * Writes the metrics as one EMF line. Groups in one line must not disagree on a second dimension's value (each name
 * is one property of the line); put metrics split by different values in separate calls.
 */
export function putMetrics(stage: string, ...groups: MetricGroup[]): void {
  emitTelemetry(emfRecord(stage, groups));
}
