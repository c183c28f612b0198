// The transactional outbox: a state change and the side effects it causes (emails, schedule upserts and deletions,
// queued messages) are written in one DynamoDB transaction; delivery happens after commit, at least once.
//
// Each effect is an item of its own. The table's stream hands every new one to the dispatcher (a Lambda in the
// cloud, the local runtime's stream runner here), which claims it with a conditional write, performs it, and marks it
// delivered, so a second delivery of the same item does nothing. A failed attempt is retried with backoff by the
// `outbox.deliver-due` sweep; after the last attempt the item is dead and listed in /v1/health and /dev/queues.
//
// Each item keeps the trace of the change that wrote it (tracing.ts): its delivery, whenever and by whichever
// dispatcher it happens, is an `outbox.dispatch` span of that trace, and its log lines carry the trace id.
import { scheduledJobsOf } from "../domain/index.js";
import { AppError, isConditionFailed } from "./errors.js";
import { measuredRun } from "./instrument.js";
import { redact } from "./logging.js";
import type { MailMessage } from "./mail/port.js";
import type { Platform } from "./platform.js";
import type { QueueName } from "./queue/port.js";
import type { ScheduleTarget } from "./scheduler/port.js";
import { defineEntity } from "./store/patterns.js";
import type { Item, Key, TransactOp } from "./store/port.js";
import { continueTrace, currentCarrier, parseCarrier, type TraceCarrier } from "./tracing.js";

export type Effect = (
  | { kind: "mail"; message: MailMessage }
  | { kind: "schedule.at"; name: string; at: string; target: ScheduleTarget }
  | { kind: "schedule.delete"; name: string }
  | { kind: "queue.send"; queue: QueueName; body: unknown; deduplicationId: string; groupId?: string }
  /** A follow-up: one of the listed domains' jobs, run by the dispatcher after the change committed. */
  | { kind: "job"; job: string; payload: Record<string, unknown> }
  /**
   * A domain event: every listed domain that handles `name` is called with the payload, so a domain can react to
   * another's change without the other importing it. Handlers must be idempotent: a retry calls them all again.
   */
  | { kind: "event"; name: string; payload: Record<string, unknown> }
) & {
  /**
   * Not performed before this instant (ISO): an email held back until the learner's quiet hours end. The stream
   * hands the item over at once and finds it not yet due; the `outbox.deliver-due` sweep performs it when it is.
   */
  notBefore?: string;
  /**
   * Performed only if, when it is due, this item still holds these values: a reminder held for quiet hours is not sent
   * for a session that was moved or cancelled meanwhile. Otherwise it is set aside as superseded (delivered, unsent).
   */
  onlyIf?: { key: Key; equals: Record<string, string | number | boolean> };
};

export type EffectStatus = "pending" | "delivering" | "delivered" | "dead";

export interface EffectItem extends Item {
  type: "OutboxEffect";
  id: string;
  effect: Effect;
  status: EffectStatus;
  attempts: number;
  createdAt: string;
  /** When the next attempt is due (pending), or when the running attempt's claim lapses (delivering). */
  dueAt: string;
  lastError?: string;
  deliveredAt?: string;
  /** The trace of the change that caused it: its delivery joins that trace. */
  trace?: TraceCarrier;
}

/** Attempts before an effect is dead: the first, then five retries over about 15 minutes. */
export const EFFECT_MAX_ATTEMPTS = 6;
/** How long an attempt holds its claim; a dispatcher that died mid-way is taken over after it. */
export const EFFECT_CLAIM_SECONDS = 120;
/** Delivered effects stay a week for inspection, then expire. */
const DELIVERED_RETENTION_SECONDS = 7 * 24 * 3600;

export const EFFECT_TYPE = "OutboxEffect";
const PENDING_PK = "EFFECTS#PENDING";
const DEAD_PK = "EFFECTS#DEAD";

export const OutboxEffect = defineEntity(EFFECT_TYPE, {
  one: { name: "One outbox effect", pk: "EFFECT#<id>", sk: "EFFECT", consistent: true },
  due: {
    name: "Outbox effects due for an attempt (`gsi1sk` is `<dueAt>#<id>`)",
    index: "gsi1",
    pk: PENDING_PK,
    sk: { lte: "<now>#\uffff" },
    sparse: true,
  },
  dead: { name: "Dead outbox effects, newest first", index: "gsi1", pk: DEAD_PK, descending: true, sparse: true },
  pending: { name: "Outbox effects waiting, earliest first", index: "gsi1", pk: PENDING_PK, sparse: true },
});

export const effectKey = (id: string): Key => OutboxEffect.key("one", { id });

/** Seconds to wait after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min, 8 min. */
export const effectBackoffSeconds = (attempts: number) => Math.min(30 * 2 ** (attempts - 1), 900);

const dueIndex = (pk: string, dueAt: string, id: string) => ({ gsi1pk: pk, gsi1sk: `${dueAt}#${id}` });

/** The write that records an effect: add it to the transaction of the change that causes it. */
export function effectOp(p: Platform, effect: Effect): TransactOp {
  const id = p.ids.next();
  const now = p.clock.now().toISOString();
  // Normalised: the due index sorts instants as strings.
  const notBefore = effect.notBefore ? new Date(effect.notBefore).toISOString() : undefined;
  const dueAt = notBefore && notBefore > now ? notBefore : now;
  const trace = currentCarrier();
  const item: EffectItem = {
    ...effectKey(id),
    ...dueIndex(PENDING_PK, dueAt, id),
    type: EFFECT_TYPE,
    id,
    effect,
    status: "pending",
    attempts: 0,
    createdAt: now,
    dueAt,
    ...(trace ? { trace } : {}),
  };
  return { put: item, condition: { absent: true } };
}

/** Commits `ops` and the effects they cause together (all or nothing, 100 writes at most). */
export async function commitWithEffects(p: Platform, ops: TransactOp[], effects: Effect[]): Promise<void> {
  const all = [...ops, ...effects.map((e) => effectOp(p, e))];
  if (all.length === 0) return;
  if (all.length > 100) throw new AppError(500, "outbox.too_many", "A change may cause at most 100 writes.");
  await p.store.transact(all);
}

export const mailEffect = (message: MailMessage): Effect => ({ kind: "mail", message });

export const eventEffect = (name: string, payload: Record<string, unknown>): Effect => ({
  kind: "event",
  name,
  payload,
});

/** Whether the item an effect depends on (`onlyIf`) no longer holds the values it was made for. */
async function superseded(p: Platform, e: Effect): Promise<boolean> {
  if (!e.onlyIf) return false;
  const current = await p.store.get<Item>(e.onlyIf.key, { consistent: true });
  return !current || Object.entries(e.onlyIf.equals).some(([k, v]) => current[k] !== v);
}

async function perform(p: Platform, item: EffectItem): Promise<void> {
  const e = item.effect;
  switch (e.kind) {
    case "mail":
      // The item's id travels as the message's idempotency key: an adapter that can de-duplicate does.
      await p.mail.send({ ...e.message, idempotencyKey: item.id });
      return;
    case "schedule.at":
      await p.scheduler.at(e.name, new Date(e.at), e.target);
      return;
    case "schedule.delete":
      await p.scheduler.delete(e.name);
      return;
    case "job": {
      const job = scheduledJobsOf(p.domains).get(e.job);
      if (!job) throw new AppError(500, "job.unknown", `No job is called "${e.job}".`);
      await job(p, e.payload);
      return;
    }
    case "event":
      for (const d of p.domains) await d.events?.[e.name]?.(p, e.payload);
      return;
    case "queue.send":
      await p.queue.send(e.queue, e.body, {
        deduplicationId: e.deduplicationId,
        ...(e.groupId ? { groupId: e.groupId } : {}),
      });
      return;
  }
}

/** What a delivered effect keeps: mail loses its recipient and body (the links in it are secrets). */
function delivered(e: Effect): Effect {
  if (e.kind !== "mail") return e;
  const { subject, template } = e.message;
  // The headers go too: List-Unsubscribe carries a signed link.
  return { kind: "mail", message: { to: "[sent]", subject, text: "[sent]", ...(template ? { template } : {}) } };
}

export type DeliveryOutcome = "delivered" | "retrying" | "dead" | "skipped";

/**
 * Delivers one effect, at most once per item: it is claimed with a conditional write on its version, so of two
 * dispatchers handed the same item (a stream retry, the sweep) only one performs it, and a delivered or dead item is
 * left alone. A failure counts an attempt and sets the next one's time, or ends the item as dead.
 */
export async function deliverEffect(p: Platform, id: string): Promise<DeliveryOutcome> {
  const item = await p.store.get<EffectItem>(effectKey(id), { consistent: true });
  if (!item || item.status === "delivered" || item.status === "dead") return "skipped";
  return continueTrace(parseCarrier(item.trace), () => deliverClaimed(p, id, item));
}

/** The JobKind an effect's delivery counts under: a follow-up job's name, else `outbox.<kind>`. */
const jobKindOf = (e: Effect) => (e.kind === "job" ? e.job : `outbox.${e.kind}`);

async function deliverClaimed(p: Platform, id: string, item: EffectItem): Promise<DeliveryOutcome> {
  const now = p.clock.now();
  if (new Date(item.dueAt) > now) return "skipped"; // not due yet, or another dispatcher holds the claim
  const attempts = item.attempts + 1;
  const claimedUntil = new Date(now.getTime() + EFFECT_CLAIM_SECONDS * 1000).toISOString();
  let claimed: EffectItem;
  try {
    claimed = await p.store.update<EffectItem>(
      effectKey(id),
      { set: { status: "delivering", attempts, dueAt: claimedUntil, ...dueIndex(PENDING_PK, claimedUntil, id) } },
      { version: item.version ?? 0 },
    );
  } catch (e) {
    if (isConditionFailed(e)) return "skipped"; // someone else claimed it first
    throw e;
  }
  const log = p.log.child({ effectId: id, effect: item.effect.kind });
  try {
    const span = { name: "outbox.dispatch", jobKind: jobKindOf(item.effect), attributes: { effectId: id, attempts } };
    await measuredRun(p.config.stage, span, async (s) => {
      if (await superseded(p, claimed.effect)) {
        s.set("superseded", true);
        log.info("effect superseded before it was due; not performed", { onlyIf: claimed.effect.onlyIf?.key });
      } else {
        await perform(p, claimed);
      }
    });
  } catch (error) {
    const message = String(redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
    const at = p.clock.now();
    if (attempts >= EFFECT_MAX_ATTEMPTS) {
      await p.store.update(
        effectKey(id),
        {
          set: {
            status: "dead",
            lastError: message,
            dueAt: at.toISOString(),
            ...dueIndex(DEAD_PK, at.toISOString(), id),
          },
        },
        { version: claimed.version ?? 0 },
      );
      log.error("effect dead after its last attempt", { attempts, error });
      return "dead";
    }
    const next = new Date(at.getTime() + effectBackoffSeconds(attempts) * 1000).toISOString();
    await p.store.update(
      effectKey(id),
      { set: { status: "pending", lastError: message, dueAt: next, ...dueIndex(PENDING_PK, next, id) } },
      { version: claimed.version ?? 0 },
    );
    log.warn("effect failed; it will be retried", { attempts, nextAttemptAt: next, error });
    return "retrying";
  }
  await p.store.update(
    effectKey(id),
    {
      set: {
        status: "delivered",
        effect: delivered(item.effect),
        deliveredAt: p.clock.now().toISOString(),
        expiresAt: Math.floor(p.clock.now().getTime() / 1000) + DELIVERED_RETENTION_SECONDS,
      },
      remove: ["gsi1pk", "gsi1sk"],
    },
    { version: claimed.version ?? 0 },
  );
  return "delivered";
}

/** The sweep: every effect whose attempt is due (a retry, a lapsed claim, one the stream never handed over). */
export async function deliverDueEffects(p: Platform, limit = 100): Promise<number> {
  const due = await p.store.query<EffectItem>(
    OutboxEffect.query("due", { now: p.clock.now().toISOString() }, { limit }),
  );
  let delivered = 0;
  for (const item of due.items) {
    if ((await deliverEffect(p, item.id)) === "delivered") delivered++;
  }
  return delivered;
}

/** Effects that failed their last attempt, newest first, for /v1/health and /dev/queues. */
export async function deadEffects(p: Platform, limit = 20): Promise<EffectItem[]> {
  return (await p.store.query<EffectItem>(OutboxEffect.query("dead", {}, { limit }))).items;
}

/** Effects waiting for an attempt (including retries), for /dev/queues. */
export async function pendingEffects(p: Platform, limit = 50): Promise<EffectItem[]> {
  return (await p.store.query<EffectItem>(OutboxEffect.query("pending", {}, { limit }))).items;
}
