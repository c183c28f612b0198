// Payments without Stripe keys: a checkout page served by the local runtime (/dev/checkout/<id>) that completes a
// deposit by sending a correctly signed event to the real webhook route, and refunds that succeed at once. Both are
// kept in the store, so a repeated call (same idempotency key) gets the same checkout or refund back.
import type { Clock } from "../clock.js";
import { isConditionFailed } from "../errors.js";
import type { IdGenerator } from "../ids.js";
import type { Item, Store } from "../store/port.js";
import type { Checkout, CheckoutRequest, PaymentEvent, PaymentsProvider, RefundRequest, RefundResult } from "./port.js";
import { signEvent, verifySignedEvent } from "./verify.js";

/** The events the local checkout page sends, as Stripe would for the same outcome. */
export type LocalCheckoutOutcome =
  | "checkout.session.completed"
  | "checkout.session.expired"
  | "payment_intent.payment_failed";

export interface LocalCheckoutItem extends Item {
  type: "LocalCheckout";
  id: string;
  request: Omit<CheckoutRequest, "expiresAt"> & { expiresAt: string };
  paymentIntentId: string;
  status: "open" | "complete" | "expired";
}

export interface LocalRefundItem extends Item {
  type: "LocalRefund";
  id: string;
  request: RefundRequest;
}

const checkoutKey = (id: string) => ({ pk: `LOCALPAY#${id}`, sk: "CHECKOUT" });
const idempotencyKeyOf = (key: string) => ({ pk: `LOCALPAY#IDEMPOTENCY#${key}`, sk: "KEY" });

export class LocalPayments implements PaymentsProvider {
  readonly kind = "local" as const;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly apiUrl: string,
    private readonly webhookSecret: string,
  ) {}

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const id = await this.once(request.idempotencyKey, `cs_local_${this.ids.next()}`);
    const existing = await this.store.get<LocalCheckoutItem>(checkoutKey(id));
    if (!existing) {
      await this.store.put<LocalCheckoutItem>({
        ...checkoutKey(id),
        type: "LocalCheckout",
        id,
        request: { ...request, expiresAt: request.expiresAt.toISOString() },
        paymentIntentId: `pi_local_${id.slice("cs_local_".length)}`,
        status: "open",
      });
    }
    return { id, url: `${this.apiUrl}/dev/checkout/${id}` };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const id = await this.once(request.idempotencyKey, `re_local_${this.ids.next()}`);
    await this.store
      .put<LocalRefundItem>({ pk: `LOCALPAY#${id}`, sk: "REFUND", type: "LocalRefund", id, request }, { absent: true })
      .catch((e) => {
        if (!isConditionFailed(e)) throw e;
      });
    return { id, status: "succeeded" };
  }

  verifyEvent(rawBody: string, signature: string | undefined): Promise<PaymentEvent> {
    return verifySignedEvent(rawBody, signature, this.webhookSecret, Math.floor(this.clock.now().getTime() / 1000));
  }

  checkout(id: string): Promise<LocalCheckoutItem | undefined> {
    return this.store.get<LocalCheckoutItem>(checkoutKey(id), { consistent: true });
  }

  async markCheckout(id: string, status: LocalCheckoutItem["status"]): Promise<void> {
    await this.store.update(checkoutKey(id), { set: { status } }, { equals: { status: "open" } });
  }

  /**
   * The event Stripe would send for this checkout's outcome, as the raw body and its Stripe-Signature header,
   * signed with the local webhook secret: the local checkout page posts it to the real webhook route.
   */
  async signedEvent(
    checkout: LocalCheckoutItem,
    type: LocalCheckoutOutcome,
  ): Promise<{ body: string; signature: string }> {
    const { request } = checkout;
    const object =
      type === "payment_intent.payment_failed"
        ? {
            id: checkout.paymentIntentId,
            object: "payment_intent",
            amount: request.amountCents,
            currency: request.currency.toLowerCase(),
            metadata: request.metadata,
            status: "requires_payment_method",
            last_payment_error: { code: "card_declined", message: "Your card was declined." },
          }
        : {
            id: checkout.id,
            object: "checkout.session",
            amount_total: request.amountCents,
            currency: request.currency.toLowerCase(),
            metadata: request.metadata,
            customer_email: request.customerEmail ?? null,
            payment_intent: type === "checkout.session.completed" ? checkout.paymentIntentId : null,
            payment_status: type === "checkout.session.completed" ? "paid" : "unpaid",
            status: type === "checkout.session.completed" ? "complete" : "expired",
          };
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const body = JSON.stringify({
      id: `evt_local_${this.ids.next()}`,
      object: "event",
      type,
      created: now,
      livemode: false,
      data: { object },
    });
    return { body, signature: await signEvent(body, this.webhookSecret, now) };
  }

  /** The id first stored under an idempotency key: a retried call gets the first call's object. */
  private async once(key: string, fresh: string): Promise<string> {
    try {
      await this.store.put({ ...idempotencyKeyOf(key), type: "LocalIdempotencyKey", id: fresh }, { absent: true });
      return fresh;
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      const kept = await this.store.get<Item & { id: string }>(idempotencyKeyOf(key), { consistent: true });
      return kept!.id;
    }
  }
}
