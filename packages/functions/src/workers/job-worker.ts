// Turns an SQS batch into job runs and reports partial batch failures, as SQS FIFO event sources expect.
import { type JobHandlers, JobMessage, runJob } from "@pactly/core/jobs";
import type { Platform } from "@pactly/core/platform";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

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
      const log = p.log.child({ messageId: record.messageId, queue: record.eventSourceARN.split(":").pop() });
      try {
        const parsed = JobMessage.safeParse(JSON.parse(record.body));
        if (!parsed.success) throw new Error("Message body is not a job message.");
        await runJob(p, parsed.data, handlers, {
          receiveCount: Number(record.attributes.ApproximateReceiveCount ?? "1"),
          ...(options.maxReceiveCount ? { maxReceiveCount: options.maxReceiveCount } : {}),
        });
      } catch (e) {
        log.warn("message failed; it will be retried or dead-lettered", { error: e });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
