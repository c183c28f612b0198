import { describe, expect, it } from "vitest";
import { instrumentLlm, instrumentPayments, measuredRun } from "./instrument.js";
import type { Llm } from "./llm/port.js";
import { METRICS, METRICS_NAMESPACE, putMetrics } from "./metrics.js";
import type { PaymentsProvider } from "./payments/port.js";
import { captureTelemetry, continueTrace } from "./tracing.js";

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

/** Checks a line the way CloudWatch's EMF parser does, and returns its directives. */
function validEmf(record: Record<string, unknown>): Directive[] {
  const aws = record._aws as { Timestamp: number; CloudWatchMetrics: Directive[] };
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  expect(aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const d of aws.CloudWatchMetrics) {
    expect(d.Namespace).toBe(METRICS_NAMESPACE);
    expect(d.Dimensions[0]).toEqual(["Stage"]);
    for (const set of d.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(30);
      for (const key of set) expect(typeof record[key], `dimension ${key}`).toBe("string");
    }
    for (const m of d.Metrics) {
      expect(METRICS[m.Name as keyof typeof METRICS], m.Name).toBe(m.Unit);
      expect(typeof record[m.Name], `value of ${m.Name}`).toBe("number");
    }
  }
  return aws.CloudWatchMetrics;
}

const emfLines = (c: ReturnType<typeof captureTelemetry>) => c.records().filter((r) => r._aws !== undefined);

describe("metrics as CloudWatch embedded-metric-format lines", () => {
  it("writes namespace Pactly, the [Stage] and [Stage, Route] sets and each metric's unit", () => {
    const c = captureTelemetry();
    try {
      putMetrics("prod", {
        values: { Requests: 1, Errors5xx: 0, Latency: 12 },
        by: { name: "Route", value: "POST /v1/deposits" },
      });
      const [line] = emfLines(c);
      const [d] = validEmf(line!);
      expect(d).toEqual({
        Namespace: "Pactly",
        Dimensions: [["Stage"], ["Stage", "Route"]],
        Metrics: [
          { Name: "Requests", Unit: "Count" },
          { Name: "Errors5xx", Unit: "Count" },
          { Name: "Latency", Unit: "Milliseconds" },
        ],
      });
      expect(line).toMatchObject({ Stage: "prod", Route: "POST /v1/deposits", Requests: 1, Errors5xx: 0, Latency: 12 });
    } finally {
      c.stop();
    }
  });

  it("puts a metric with a second set and one with [Stage] alone in one line (webhooks)", () => {
    const c = captureTelemetry();
    try {
      putMetrics(
        "dev",
        { values: { WebhookEvents: 1 }, by: { name: "Outcome", value: "signature_failed" } },
        { values: { WebhookFailures: 1 } },
      );
      const [line] = emfLines(c);
      const directives = validEmf(line!);
      expect(directives.map((d) => d.Dimensions)).toEqual([[["Stage"], ["Stage", "Outcome"]], [["Stage"]]]);
      expect(line).toMatchObject({ Outcome: "signature_failed", WebhookEvents: 1, WebhookFailures: 1 });
    } finally {
      c.stop();
    }
  });

  it("never publishes an unbounded or odd dimension value: it becomes `other`", () => {
    const c = captureTelemetry();
    try {
      putMetrics("dev", { values: { JobRuns: 1 }, by: { name: "JobKind", value: "x".repeat(300) } });
      putMetrics("dev", { values: { JobRuns: 1 }, by: { name: "JobKind", value: "ada@example.com" } });
      expect(emfLines(c).map((l) => l.JobKind)).toEqual(["other", "other"]);
    } finally {
      c.stop();
    }
  });

  it("counts a job run and its failure by [Stage] and [Stage, JobKind], inside a span of the current trace", async () => {
    const c = captureTelemetry();
    try {
      await continueTrace({ traceId: "req-1" }, () =>
        expect(
          measuredRun("test", { name: "job.run", jobKind: "demo.kind" }, async () => {
            throw new Error("boom");
          }),
        ).rejects.toThrow("boom"),
      );
      const [line] = emfLines(c);
      const [d] = validEmf(line!);
      expect(d!.Dimensions).toEqual([["Stage"], ["Stage", "JobKind"]]);
      expect(line).toMatchObject({ JobKind: "demo.kind", JobRuns: 1, JobFailures: 1, traceId: "req-1" });
      expect(typeof line!.JobDuration).toBe("number");
      expect(c.spans()).toMatchObject([{ name: "job.run", traceId: "req-1", status: "error" }]);
    } finally {
      c.stop();
    }
  });

  it("times model calls and counts their tokens by [Stage] and [Stage, Feature]", async () => {
    const fake: Llm = {
      chat: async (_m, o) => {
        o?.onUsage?.({ totalTokens: 42 });
        return "hello";
      },
    };
    const c = captureTelemetry();
    try {
      expect(await instrumentLlm(fake, "test").chat([{ role: "user", content: "hi" }], { feature: "tutor" })).toBe(
        "hello",
      );
      const [line] = emfLines(c);
      const [d] = validEmf(line!);
      expect(d!.Dimensions).toEqual([["Stage"], ["Stage", "Feature"]]);
      expect(line).toMatchObject({ Feature: "tutor", LlmTokens: 42 });
      expect(typeof line!.LlmLatency).toBe("number");
      expect(c.spans()).toMatchObject([{ name: "llm.chat", attributes: { feature: "tutor", tokens: 42 } }]);
    } finally {
      c.stop();
    }
  });

  it("counts a failed payment call in PaymentCallFailures by [Stage]", async () => {
    const failing: PaymentsProvider = {
      kind: "stripe",
      createCheckout: async () => {
        throw new Error("stripe down");
      },
      refund: async () => ({ id: "re_1", status: "succeeded" }),
      verifyEvent: async () => {
        throw new Error("unused");
      },
    };
    const c = captureTelemetry();
    try {
      const payments = instrumentPayments(failing, "test");
      await payments.refund({ paymentIntentId: "pi_1", amountCents: 100, metadata: {}, idempotencyKey: "k" });
      await expect(
        payments.createCheckout({
          amountCents: 100,
          currency: "usd",
          description: "d",
          successUrl: "https://x.test/s",
          cancelUrl: "https://x.test/c",
          metadata: {},
          expiresAt: new Date(),
          idempotencyKey: "k",
        }),
      ).rejects.toThrow("stripe down");
      const lines = emfLines(c);
      expect(lines).toHaveLength(1);
      expect(validEmf(lines[0]!).map((d) => d.Dimensions)).toEqual([[["Stage"]]]);
      expect(lines[0]).toMatchObject({ PaymentCallFailures: 1 });
      expect(c.spans().map((s) => [s.name, s.attributes.operation, s.status])).toEqual([
        ["payments.call", "refund", "ok"],
        ["payments.call", "createCheckout", "error"],
      ]);
    } finally {
      c.stop();
    }
  });
});
