// Delivers locally queued messages to the same worker handler Lambda runs, as SQS events, one at a time.
import { type LocalMessage, type Platform, type QueueName, TRACE_ATTRIBUTE } from "@pactly/core/platform";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { Poller } from "./poller.js";

export interface QueueRunnerOptions {
  queue: QueueName;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /** Seconds a received message stays invisible (the cloud queue uses 6× the worker timeout). */
  visibilityTimeoutSeconds?: number;
  /** Seconds before a failed message is offered again; short locally so retries are visible quickly. */
  retryDelaySeconds?: number;
  pollMs?: number;
}

export function toSqsRecord(m: LocalMessage, region: string): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle ?? "",
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(new Date(m.sentAt).getTime()),
      SenderId: "local",
      ApproximateFirstReceiveTimestamp: String(new Date(m.firstReceivedAt ?? m.sentAt).getTime()),
      MessageGroupId: m.groupId,
      MessageDeduplicationId: m.messageId,
      SequenceNumber: m.messageId,
    },
    // The sender's trace, where SQS keeps it: a message attribute.
    messageAttributes: m.trace ? { [TRACE_ATTRIBUTE]: { dataType: "String", stringValue: m.trace } } : {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${region}:000000000000:${m.queue}.fifo`,
    awsRegion: region,
  };
}

export class QueueRunner {
  private readonly poller: Poller;

  constructor(
    private readonly p: Platform,
    private readonly options: QueueRunnerOptions,
  ) {
    if (!p.local) throw new Error("The queue runner needs the local platform.");
    this.poller = new Poller(
      () => this.drain(),
      options.pollMs ?? 250,
      (e) => p.log.error("queue runner failed", { queue: options.queue, error: e }),
    );
  }

  start(): this {
    this.poller.start();
    return this;
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  /** Delivers one visible message, if any. Returns whether one was delivered. */
  async deliverOne(): Promise<boolean> {
    const local = this.p.local!;
    const message = await local.queue.receive(this.options.queue, this.options.visibilityTimeoutSeconds ?? 360);
    if (!message) return false;
    const record = toSqsRecord(message, this.p.config.region);
    let failed = false;
    let error: string | undefined;
    try {
      const response = await this.options.handler({ Records: [record] });
      failed = (response?.batchItemFailures ?? []).some((f) => f.itemIdentifier === record.messageId);
    } catch (e) {
      failed = true;
      error = (e as Error).message;
    }
    if (failed) await local.queue.release(message, this.options.retryDelaySeconds ?? 1, error);
    else await local.queue.ack(message);
    return true;
  }

  /** Delivers until nothing is visible; `max` bounds the work. */
  async drain(max = 100): Promise<number> {
    let n = 0;
    while (n < max && (await this.deliverOne())) n++;
    return n;
  }
}
