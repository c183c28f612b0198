// Spans and metrics around the platform's outside calls and background work: job runs, payment calls, model calls
// and sent mail. The adapters stay unaware of them; the composition root wraps each port once.
import type { Llm } from "./llm/port.js";
import type { Mailer } from "./mail/port.js";
import { type LlmFeature, putMetrics } from "./metrics.js";
import type { PaymentsProvider } from "./payments/port.js";
import { type SpanAttributes, type SpanHandle, withSpan } from "./tracing.js";

/**
 * One run of background work (a queued job, an outbox effect, a scheduled job) as a span, counted in JobRuns,
 * JobDuration and JobFailures by [Stage] and [Stage, JobKind].
 */
export async function measuredRun<T>(
  stage: string,
  span: { name: string; jobKind: string; attributes?: SpanAttributes },
  fn: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  let failed = false;
  try {
    return await withSpan(span.name, { jobKind: span.jobKind, ...span.attributes }, fn);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    putMetrics(stage, {
      values: { JobRuns: 1, JobFailures: failed ? 1 : 0, JobDuration: Math.round(performance.now() - t0) },
      by: { name: "JobKind", value: span.jobKind },
    });
  }
}

/** Payment calls (Stripe, or the local checkout) as `payments.call` spans; a failed one counts in PaymentCallFailures. */
export function instrumentPayments(provider: PaymentsProvider, stage: string): PaymentsProvider {
  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await withSpan("payments.call", { provider: provider.kind, operation }, () => fn());
    } catch (e) {
      // A 503 for a stage without keys is not a failed call: nothing was called.
      if ((e as { code?: string }).code !== "payment.unavailable") {
        putMetrics(stage, { values: { PaymentCallFailures: 1 } });
      }
      throw e;
    }
  };
  return {
    kind: provider.kind,
    createCheckout: (r) => call("createCheckout", () => provider.createCheckout(r)),
    refund: (r) => call("refund", () => provider.refund(r)),
    // Checked in process against the signing secret: no call, no span.
    verifyEvent: (raw, sig) => provider.verifyEvent(raw, sig),
  };
}

/** Model calls as `llm.chat` / `llm.embed` spans, timed in LlmLatency and counted in LlmTokens, by feature. */
export function instrumentLlm(llm: Llm, stage: string): Llm {
  const wrapped: Llm = {
    chat: async (messages, options = {}) => {
      const feature: LlmFeature | undefined = options.feature;
      let tokens: number | undefined;
      const t0 = performance.now();
      try {
        return await withSpan("llm.chat", feature ? { feature } : {}, async (span) => {
          const text = await llm.chat(messages, {
            ...options,
            onUsage: (u) => {
              tokens = u.totalTokens;
              span.set("tokens", u.totalTokens);
              options.onUsage?.(u);
            },
          });
          return text;
        });
      } finally {
        putMetrics(stage, {
          values: {
            LlmLatency: Math.round(performance.now() - t0),
            ...(tokens !== undefined ? { LlmTokens: tokens } : {}),
          },
          ...(feature ? { by: { name: "Feature" as const, value: feature } } : {}),
        });
      }
    },
  };
  if (llm.embed) {
    const embed = llm.embed.bind(llm);
    wrapped.embed = async (texts) => {
      const t0 = performance.now();
      try {
        return await withSpan("llm.embed", { texts: texts.length }, () => embed(texts));
      } finally {
        putMetrics(stage, { values: { LlmLatency: Math.round(performance.now() - t0) } });
      }
    };
  }
  return wrapped;
}

/** Every email the adapter accepted counts in EmailsSent. */
export function instrumentMailer(mailer: Mailer, stage: string): Mailer {
  return {
    send: async (message) => {
      const out = await withSpan("mail.send", message.template ? { template: message.template } : {}, () =>
        mailer.send(message),
      );
      putMetrics(stage, { values: { EmailsSent: 1 } });
      return out;
    },
  };
}
