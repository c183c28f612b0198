// Stripe webhooks: the raw body's signature is checked, the event id is marked seen with a conditional put in the
// same transaction as the job that handles it, and the answer goes back at once. The job does the work after
// commit (retried by the outbox), so events that come late, twice or out of order are safe.
import type { PaymentEvent } from "../platform/index.js";
import { commitWithEffects, epochSeconds, isConditionFailed, type Platform } from "../platform/index.js";
import { checkoutExpired, depositPaid, getDeposit } from "./deposits.js";
import { type StripeEventItem, StripeEventMark } from "./records.js";
import { chargeRefunded, disputeCreated, refundChanged } from "./refund-events.js";

/** Stripe retries an event for up to 3 days; a mark is kept well beyond that. */
const EVENT_MARK_DAYS = 30;

export async function receiveStripeWebhook(
  p: Platform,
  rawBody: string,
  signature: string | undefined,
): Promise<{ received: true; duplicate: boolean }> {
  const event = await p.payments.verifyEvent(rawBody, signature);
  const now = p.clock.now();
  const mark: StripeEventItem = {
    ...StripeEventMark.key("one", { eventId: event.id }),
    type: "StripeEvent",
    id: event.id,
    eventType: event.type,
    receivedAt: now.toISOString(),
    expiresAt: epochSeconds(new Date(now.getTime() + EVENT_MARK_DAYS * 86_400_000)),
  };
  try {
    await commitWithEffects(
      p,
      [{ put: mark, condition: { absent: true } }],
      [{ kind: "job", job: "payments.stripe-event", payload: { event: event as unknown as Record<string, unknown> } }],
    );
    return { received: true, duplicate: false };
  } catch (e) {
    if (isConditionFailed(e)) return { received: true, duplicate: true };
    throw e;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : null);
const metadataOf = (o: Record<string, unknown>) => (o.metadata ?? {}) as Record<string, string>;

/** What each event type does; unknown types are acknowledged and ignored. */
export async function handleStripeEvent(p: Platform, event: PaymentEvent): Promise<void> {
  const o = event.data.object;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      if (o.payment_status !== "paid") return; // a delayed method: its async_payment_succeeded follows
      return depositPaid(p, {
        checkoutId: String(o.id),
        paymentIntentId: str(o.payment_intent),
        amountCents: Number(o.amount_total ?? 0),
        metadata: metadataOf(o),
      });
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed":
      return checkoutExpired(p, String(o.id), metadataOf(o));
    case "payment_intent.payment_failed": {
      const { podId, userId } = metadataOf(o);
      if (!podId || !userId) return;
      const deposit = await getDeposit(p, podId, userId);
      if (!deposit || deposit.status !== "checkout") return;
      const reason = (o.last_payment_error as { message?: string } | undefined)?.message ?? "The payment failed.";
      await p.store.update(deposit, { set: { lastError: reason.slice(0, 300) } });
      return;
    }
    case "charge.refunded":
      return chargeRefunded(p, o);
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated":
      return refundChanged(p, o);
    case "charge.dispute.created":
      return disputeCreated(p, o);
    default:
      p.log.info("stripe event ignored", { type: event.type, id: event.id });
  }
}
