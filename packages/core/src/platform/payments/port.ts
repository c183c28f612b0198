// The payments port: a hosted checkout for a deposit, refunds, and verified webhook events. Stripe implements it in
// the cloud (and in test mode locally when keys are set); without keys the local checkout page does.

export interface CheckoutRequest {
  amountCents: number;
  currency: string;
  /** Shown on the checkout page. */
  description: string;
  customerEmail?: string;
  successUrl: string;
  cancelUrl: string;
  /** Links the payment back to the deposit: user, pod, sprint, deposit id. */
  metadata: Record<string, string>;
  /** The checkout stops taking payment at this instant (Stripe allows 30 minutes to 24 hours ahead). */
  expiresAt: Date;
  /** The same key returns the same checkout instead of a second one. */
  idempotencyKey: string;
}

export interface Checkout {
  id: string;
  url: string;
}

export interface RefundRequest {
  paymentIntentId: string;
  amountCents: number;
  metadata: Record<string, string>;
  /** One refund per key, however many times the call is made. */
  idempotencyKey: string;
}

export interface RefundResult {
  id: string;
  status: "pending" | "succeeded" | "failed" | "canceled" | "requires_action";
}

/** A webhook event as the provider sends it (Stripe's shape): `data.object` is the checkout, charge or refund. */
export interface PaymentEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export interface PaymentsProvider {
  /** "stripe" or "local": the web app says where the learner is sent. */
  readonly kind: "stripe" | "local";
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * The event the raw body carries, once its signature header is checked against the signing secret and its
   * timestamp is recent; a 400 `payment.webhook_signature` otherwise.
   */
  verifyEvent(rawBody: string, signature: string | undefined): Promise<PaymentEvent>;
}
