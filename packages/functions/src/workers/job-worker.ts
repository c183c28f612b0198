// Turns an SQS batch into job runs and reports partial batch failures, as SQS FIFO event sources expect. Each
// message is handled in the trace its sender attached (the `PactlyTrace` attribute), as a `queue.receive` span.
import { type JobHandlers, JobMessage, runJob } from "@pactly/core/jobs";
import {
  continueTrace,
  type Platform,
  parseCarrier,
  TRACE_ATTRIBUTE,
  type TraceCarrier,
  withSpan,
} from "@pactly/core/platform";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/** The trace a message carries: its attribute, else (a message sent by something else) X-Ray's header alone. */
export function traceOf(record: SQSRecord): TraceCarrier | undefined {
  const carried = parseCarrier(record.messageAttributes?.[TRACE_ATTRIBUTE]?.stringValue);
  if (carried) return carried;
  const xray = record.attributes.AWSTraceHeader;
  return xray ? parseCarrier({ traceId: /Root=([^;]+)/.exec(xray)?.[1], xray }) : undefined;
}

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export function jobWorker(p: Platform, handlers: JobHandlers, options: { maxReceiveCount?: number } = {}): SqsHandler {
  return async (event) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      // In a FIFO batch, once one message fails every later one must be retried too, to keep order.
      if (batchItemFailures.length > 0) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const queue = record.eventSourceARN.split(":").pop() ?? "";
      const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? "1");
      await continueTrace(traceOf(record), async () => {
        const log = p.log.child({ messageId: record.messageId, queue });
        try {
          await withSpan("queue.receive", { queue, messageId: record.messageId, receiveCount }, async () => {
            const parsed = JobMessage.safeParse(JSON.parse(record.body));
            if (!parsed.success) throw new Error("Message body is not a job message.");
            await runJob(p, parsed.data, handlers, {
              receiveCount,
              ...(options.maxReceiveCount ? { maxReceiveCount: options.maxReceiveCount } : {}),
            });
          });
        } catch (e) {
          log.warn("message failed; it will be retried or dead-lettered", { error: e });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      });
    }
    return { batchItemFailures };
  };
}
