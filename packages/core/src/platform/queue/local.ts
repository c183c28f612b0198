// The local queue: SQS FIFO semantics kept in the store, so queued work survives a restart of the local runtime.
import type { Clock } from "../clock.js";
import { epochSeconds } from "../clock.js";
import type { IdGenerator } from "../ids.js";
import { defineEntity } from "../store/patterns.js";
import type { Item, Store } from "../store/port.js";
import { currentCarrier, withSpan } from "../tracing.js";
import { DEFAULT_GROUP, MAX_RECEIVE_COUNT, type Queue, type QueueName, type SendOptions } from "./port.js";

export interface LocalMessage extends Item {
  type: "LocalQueueMessage";
  queue: QueueName;
  messageId: string;
  body: string;
  groupId: string;
  sentAt: string;
  visibleAt: string;
  receiveCount: number;
  receiptHandle?: string;
  firstReceivedAt?: string;
  lastError?: string;
  /** The sender's trace as JSON (SQS's `PactlyTrace` message attribute). */
  trace?: string;
}

/** Local runtime only: the in-store stand-in for SQS. */
export const LocalQueueRecord = defineEntity("LocalMessage", {
  messages: {
    name: "Local queue: messages in FIFO order (ULID order)",
    pk: "LOCALQ#<queue>",
    sk: { beginsWith: "M#" },
  },
  deadLetters: { name: "Local queue: dead letters", pk: "LOCALQ#<queue>#DLQ" },
  dedup: { name: "Local queue: de-duplication ids (5 min)", pk: "LOCALQ#<queue>#DEDUP", sk: "<dedupId>" },
});
const partition = (queue: string) => LocalQueueRecord.query("messages", { queue }).pk;
const dlqPartition = (queue: string) => LocalQueueRecord.query("deadLetters", { queue }).pk;
const DEDUP_WINDOW_SECONDS = 300;

export class StoreQueue implements Queue {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly maxReceiveCount = MAX_RECEIVE_COUNT,
  ) {}

  send(queue: QueueName, body: unknown, options: SendOptions = {}) {
    return withSpan("queue.send", { queue }, async (span) => {
      const out = await this.put(queue, body, options);
      span.set("messageId", out.messageId);
      return out;
    });
  }

  private async put(queue: QueueName, body: unknown, options: SendOptions): Promise<{ messageId: string }> {
    const now = this.clock.now();
    const trace = currentCarrier();
    const messageId = this.ids.next();
    const message: LocalMessage = {
      pk: partition(queue),
      sk: `M#${messageId}`,
      type: "LocalQueueMessage",
      queue,
      messageId,
      body: JSON.stringify(body),
      groupId: options.groupId ?? DEFAULT_GROUP,
      sentAt: now.toISOString(),
      visibleAt: now.toISOString(),
      receiveCount: 0,
      ...(trace ? { trace: JSON.stringify(trace) } : {}),
    };
    if (!options.deduplicationId) {
      await this.store.put(message, { absent: true });
      return { messageId };
    }
    const dedupKey = { pk: `${partition(queue)}#DEDUP`, sk: options.deduplicationId };
    const seen = await this.store.get<Item & { messageId: string; expiresAt: number }>(dedupKey, { consistent: true });
    // DynamoDB Local keeps expired items until its sweeper runs; honour the window ourselves.
    if (seen && seen.expiresAt > epochSeconds(now)) return { messageId: seen.messageId };
    await this.store.transact([
      {
        put: { ...dedupKey, type: "LocalQueueDedup", messageId, expiresAt: epochSeconds(now) + DEDUP_WINDOW_SECONDS },
        ...(seen ? { condition: { version: seen.version ?? 0 } } : { condition: { absent: true } }),
      },
      { put: message, condition: { absent: true } },
    ]);
    return { messageId };
  }

  /**
   * Takes the next visible message, in FIFO order, whose group has nothing in flight.
   * A message already received `maxReceiveCount` times moves to the dead-letter list instead.
   */
  async receive(queue: QueueName, visibilityTimeoutSeconds: number): Promise<LocalMessage | undefined> {
    const now = this.clock.now();
    const messages = await this.store.queryAll<LocalMessage>({ pk: partition(queue), consistent: true });
    const busyGroups = new Set<string>();
    for (const m of messages) {
      if (busyGroups.has(m.groupId)) continue;
      if (m.visibleAt > now.toISOString()) {
        busyGroups.add(m.groupId);
        continue;
      }
      if (m.receiveCount >= this.maxReceiveCount) {
        await this.moveToDeadLetters(m);
        continue;
      }
      const receiptHandle = this.ids.next();
      try {
        return await this.store.put<LocalMessage>(
          {
            ...m,
            receiveCount: m.receiveCount + 1,
            receiptHandle,
            firstReceivedAt: m.firstReceivedAt ?? now.toISOString(),
            visibleAt: new Date(now.getTime() + visibilityTimeoutSeconds * 1000).toISOString(),
          },
          { version: m.version ?? 0 },
        );
      } catch {
        busyGroups.add(m.groupId); // another poller took it
      }
    }
    return undefined;
  }

  /** The worker succeeded: the message is gone. */
  async ack(message: LocalMessage): Promise<void> {
    await this.store.delete(
      { pk: message.pk, sk: message.sk },
      { equals: { receiptHandle: message.receiptHandle ?? "" } },
    );
  }

  /** The worker failed: the message becomes visible again after `delaySeconds`. */
  async release(message: LocalMessage, delaySeconds: number, error?: string): Promise<void> {
    const visibleAt = new Date(this.clock.now().getTime() + delaySeconds * 1000).toISOString();
    await this.store.update(
      { pk: message.pk, sk: message.sk },
      { set: { visibleAt, lastError: error?.slice(0, 1000) } },
      { equals: { receiptHandle: message.receiptHandle ?? "" } },
    );
  }

  async deadLetters(queue: QueueName): Promise<LocalMessage[]> {
    return this.store.queryAll<LocalMessage>({ pk: dlqPartition(queue) });
  }

  async pending(queue: QueueName): Promise<number> {
    return (await this.store.queryAll<LocalMessage>({ pk: partition(queue) })).length;
  }

  private async moveToDeadLetters(m: LocalMessage): Promise<void> {
    await this.store.transact([
      { delete: { pk: m.pk, sk: m.sk }, condition: { version: m.version ?? 0 } },
      {
        put: { ...m, pk: dlqPartition(m.queue), receiptHandle: undefined, movedAt: this.clock.now().toISOString() },
      },
    ]);
  }
}
