// Mail kept in the store for the local runtime: listed at /dev/outbox instead of being sent.
import type { Clock } from "../clock.js";
import { isConditionFailed } from "../errors.js";
import type { IdGenerator } from "../ids.js";
import { defineEntity } from "../store/patterns.js";
import type { Item, Page, Store } from "../store/port.js";

/** Local runtime only: mail kept instead of sent. */
export const OutboxRecord = defineEntity("OutboxMail", {
  newest: { name: "Local outbox, newest first", pk: "OUTBOX", sk: { beginsWith: "MAIL#" }, descending: true },
  forAddress: { name: "Local outbox for one address", index: "gsi1", pk: "OUTBOX#<email>", descending: true },
});

import type { Mailer, MailMessage } from "./port.js";

export interface OutboxMail extends Item, MailMessage {
  type: "OutboxMail";
  id: string;
  from: string;
  sentAt: string;
}

export class OutboxMailer implements Mailer {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly from: string,
  ) {}

  async send({ idempotencyKey, ...message }: MailMessage) {
    const id = idempotencyKey ?? this.ids.next();
    const mail: OutboxMail = {
      pk: "OUTBOX",
      sk: `MAIL#${id}`,
      gsi1pk: `OUTBOX#${message.to.toLowerCase()}`,
      gsi1sk: `MAIL#${id}`,
      type: "OutboxMail",
      id,
      from: this.from,
      sentAt: this.clock.now().toISOString(),
      ...message,
    };
    try {
      await this.store.put(mail, { absent: true });
    } catch (e) {
      // Sent already under this key: the second delivery of the same outbox item is not a second email.
      if (!isConditionFailed(e)) throw e;
    }
    return { messageId: id };
  }

  /** Newest first; optionally only the mail sent to one address. */
  async list(options: { to?: string; limit?: number; cursor?: string | null } = {}): Promise<Page<OutboxMail>> {
    return this.store.query<OutboxMail>(
      options.to
        ? {
            index: "gsi1",
            pk: `OUTBOX#${options.to.toLowerCase()}`,
            reverse: true,
            limit: options.limit ?? 50,
            cursor: options.cursor ?? null,
          }
        : {
            pk: "OUTBOX",
            sk: { beginsWith: "MAIL#" },
            reverse: true,
            limit: options.limit ?? 50,
            cursor: options.cursor ?? null,
          },
    );
  }

  async get(id: string): Promise<OutboxMail | undefined> {
    return this.store.get<OutboxMail>({ pk: "OUTBOX", sk: `MAIL#${id}` });
  }
}
