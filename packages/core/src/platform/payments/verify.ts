// Webhook signatures as Stripe defines them (`t=…,v1=HMAC-SHA256(t.body)`), checked with the stripe library on the
// raw body exactly as it arrived, never re-serialised.
import { badRequest } from "../errors.js";
import type { PaymentEvent } from "./port.js";

/** Events older than this are refused (Stripe's own default), so a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

type StripeModule = typeof import("stripe");
let stripeModule: Promise<StripeModule> | undefined;
/** The stripe library, loaded on first use: most requests never touch payments. */
export const loadStripe = () => {
  stripeModule ??= import("stripe");
  return stripeModule;
};

export async function verifySignedEvent(
  rawBody: string,
  signature: string | undefined,
  secret: string,
  nowSeconds: number,
): Promise<PaymentEvent> {
  if (!signature) throw badRequest("payment.webhook_signature", "The Stripe-Signature header is missing.");
  const { default: Stripe } = await loadStripe();
  const webhooks = Stripe.webhooks;
  try {
    // The library checks the timestamp against its own clock; the tolerance is checked here against ours instead.
    const event = webhooks.constructEvent(rawBody, signature, secret, Number.MAX_SAFE_INTEGER);
    const t = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
    if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) {
      throw badRequest("payment.webhook_signature", "The event's signature is too old.");
    }
    return event as unknown as PaymentEvent;
  } catch (e) {
    if (e instanceof Error && "code" in e && (e as { code: string }).code === "payment.webhook_signature") throw e;
    throw badRequest("payment.webhook_signature", "The event's signature does not match its body.");
  }
}

/** A correctly signed header for `rawBody`: what Stripe sends, made here for the local checkout and tests. */
export async function signEvent(rawBody: string, secret: string, timestampSeconds: number): Promise<string> {
  const { default: Stripe } = await loadStripe();
  return Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret, timestamp: timestampSeconds });
}
