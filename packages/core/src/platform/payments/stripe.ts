// The Stripe adapter: Checkout Sessions for deposits, partial refunds, signed webhooks. The library retries 5xx and
// network errors with backoff (and reuses each call's idempotency key on every retry); the callers' circuit breaker
// (`breakerFor(p, "payment")`) fails fast while Stripe is down.
import type { Clock } from "../clock.js";
import { badGateway, isAppError, unavailable } from "../errors.js";
import type { Checkout, CheckoutRequest, PaymentEvent, PaymentsProvider, RefundRequest, RefundResult } from "./port.js";
import { loadStripe, verifySignedEvent } from "./verify.js";

export interface StripeOptions {
  secretKey: string;
  /** Only where webhooks are received (the API). */
  webhookSecret?: string | undefined;
  /** Another API address (a stand-in server in tests); Stripe's own otherwise. */
  apiUrl?: string;
  /** Retries after the first attempt on 5xx, 409 and network errors (the library does not retry a 429). */
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

type StripeClient = InstanceType<Awaited<ReturnType<typeof loadStripe>>["default"]>;

export class StripePayments implements PaymentsProvider {
  readonly kind = "stripe" as const;
  private client: Promise<StripeClient> | undefined;

  constructor(
    private readonly options: StripeOptions,
    private readonly clock: Clock,
  ) {}

  private stripe(): Promise<StripeClient> {
    this.client ??= loadStripe().then(({ default: Stripe }) => {
      const url = this.options.apiUrl ? new URL(this.options.apiUrl) : undefined;
      return new Stripe(this.options.secretKey, {
        maxNetworkRetries: this.options.maxNetworkRetries ?? 2,
        timeout: this.options.timeoutMs ?? 10_000,
        telemetry: false,
        ...(url
          ? {
              host: url.hostname,
              port: url.port || (url.protocol === "https:" ? 443 : 80),
              protocol: url.protocol.replace(":", "") as "http" | "https",
            }
          : {}),
      });
    });
    return this.client;
  }

  async createCheckout(request: CheckoutRequest): Promise<Checkout> {
    const stripe = await this.stripe();
    const session = await call(() =>
      stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: request.amountCents,
                product_data: { name: request.description },
              },
            },
          ],
          ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          metadata: request.metadata,
          payment_intent_data: { metadata: request.metadata },
          expires_at: Math.floor(request.expiresAt.getTime() / 1000),
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    if (!session.url) throw badGateway("payment.provider_error", "Stripe returned a checkout without a URL.");
    return { id: session.id, url: session.url };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const stripe = await this.stripe();
    const refund = await call(() =>
      stripe.refunds.create(
        { payment_intent: request.paymentIntentId, amount: request.amountCents, metadata: request.metadata },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    return { id: refund.id, status: (refund.status ?? "pending") as RefundResult["status"] };
  }

  async verifyEvent(rawBody: string, signature: string | undefined): Promise<PaymentEvent> {
    if (!this.options.webhookSecret) {
      throw unavailable("payment.unavailable", "Stripe's webhook signing secret is not configured here.");
    }
    return verifySignedEvent(
      rawBody,
      signature,
      this.options.webhookSecret,
      Math.floor(this.clock.now().getTime() / 1000),
    );
  }
}

/** Stripe's own errors as a 502 in the error format (after the library's retries), keeping its message for logs. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (isAppError(e)) throw e;
    throw badGateway("payment.provider_error", "The payment provider did not answer; please try again.", e);
  }
}
