// The queue on SQS FIFO queues.
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { IdGenerator } from "../ids.js";
import { currentCarrier, withSpan } from "../tracing.js";
import { DEFAULT_GROUP, type Queue, type QueueName, type SendOptions, TRACE_ATTRIBUTE } from "./port.js";

export class SqsQueue implements Queue {
  private clientPromise: Promise<SQSClient> | undefined;
  constructor(
    private readonly options: {
      region: string;
      queueUrls: Record<string, string>;
      ids: IdGenerator;
      endpoint?: string;
    },
  ) {}

  private client(): Promise<SQSClient> {
    this.clientPromise ??= import("@aws-sdk/client-sqs").then(
      ({ SQSClient }) =>
        new SQSClient({
          region: this.options.region,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        }),
    );
    return this.clientPromise;
  }

  async send(queue: QueueName, body: unknown, options: SendOptions = {}) {
    const url = this.options.queueUrls[queue];
    if (!url) throw new Error(`No URL configured for queue "${queue}".`);
    const { SendMessageCommand } = await import("@aws-sdk/client-sqs");
    return withSpan("queue.send", { queue }, async (span) => {
      const trace = currentCarrier();
      const out = await (await this.client()).send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: JSON.stringify(body),
          MessageGroupId: options.groupId ?? DEFAULT_GROUP,
          MessageDeduplicationId: options.deduplicationId ?? this.options.ids.next(),
          ...(trace
            ? { MessageAttributes: { [TRACE_ATTRIBUTE]: { DataType: "String", StringValue: JSON.stringify(trace) } } }
            : {}),
          // X-Ray links the worker's segment to this invocation's.
          ...(trace?.xray
            ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: trace.xray } } }
            : {}),
        }),
      );
      span.set("messageId", out.MessageId ?? "");
      return { messageId: out.MessageId ?? "" };
    });
  }
}
