// The queue port: work for the coaching, code-scoring and background-task workers, one message at a time.

export const QUEUE_NAMES = ["coach", "scoring", "tasks"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** SQS moves a message to the dead-letter queue after this many receives; the local queue does the same. */
export const MAX_RECEIVE_COUNT = 5;

export interface SendOptions {
  /** FIFO message group; every queue uses one group by default so its worker sees one message at a time. */
  groupId?: string;
  /** FIFO de-duplication id: the same id within five minutes is accepted once. */
  deduplicationId?: string;
}

export interface Queue {
  send(queue: QueueName, body: unknown, options?: SendOptions): Promise<{ messageId: string }>;
}

export const DEFAULT_GROUP = "all";

/**
 * The message attribute that carries the sender's trace (a JSON `TraceCarrier`), so the worker's spans and log lines
 * join it. SQS keeps it beside the body; the local queue keeps it on the stored message.
 */
export const TRACE_ATTRIBUTE = "PactlyTrace";
