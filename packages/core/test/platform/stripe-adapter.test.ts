// The Stripe adapter on the wire: the stripe library talks HTTP to a loopback stand-in for Stripe's API, so the test
// sees the form-encoded requests Stripe would receive, how idempotency keys keep retries from paying or refunding
// twice, and how failures surface; webhook signatures are made the way Stripe makes them.
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AppError,
  type CheckoutRequest,
  type Clock,
  ManualClock,
  SIGNATURE_TOLERANCE_SECONDS,
  systemClock,
} from "../../src/platform/index.js";
import { StripePayments } from "../../src/platform/payments/stripe.js";
import { type StripeCheckoutSession, type StripeServer, startStripeServer } from "../helpers/stripe-server.js";

let server: StripeServer;
beforeEach(async () => {
  server = await startStripeServer();
});
afterEach(() => server.close());

const adapter = (clock: Clock = systemClock, secretKey = "sk_test_local") =>
  new StripePayments(
    { secretKey, webhookSecret: "whsec_test", apiUrl: server.url, maxNetworkRetries: 2, timeoutMs: 5_000 },
    clock,
  );

const metadata = { userId: "u_ada", podId: "pod_1", sprintId: "sprint_1", depositId: "dep_1" };

const checkoutRequest = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  amountCents: 2500,
  currency: "EUR",
  description: "Sprint deposit",
  customerEmail: "ada@example.com",
  successUrl: "https://app.pactly.test/pods/pod_1/deposit?result=paid",
  cancelUrl: "https://app.pactly.test/pods/pod_1/deposit?result=cancelled",
  metadata,
  // The stand-in checks Stripe's range (30 minutes to 24 hours ahead) against the wall clock.
  expiresAt: new Date(Date.now() + 2 * 3600_000 + 123),
  idempotencyKey: "deposit:dep_1:checkout",
  ...overrides,
});

/** The error a promise rejects with, which must be an AppError. */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const sessions = () => [...server.objects.values()].filter((o) => o.object === "checkout.session");
const refunds = () => [...server.objects.values()].filter((o) => o.object === "refund");

describe("StripePayments.createCheckout", () => {
  it("sends the amount, currency, metadata, expiry, return URLs and idempotency key as Stripe expects", async () => {
    const request = checkoutRequest();
    const checkout = await adapter().createCheckout(request);

    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent).toMatchObject({
      method: "POST",
      path: "/v1/checkout/sessions",
      idempotencyKey: "deposit:dep_1:checkout",
      authorization: "Bearer sk_test_local",
      status: 200,
    });
    expect(sent.contentType).toContain("application/x-www-form-urlencoded");
    expect(sent.body).toEqual({
      mode: "payment",
      line_items: [
        {
          quantity: "1",
          price_data: { currency: "eur", unit_amount: "2500", product_data: { name: "Sprint deposit" } },
        },
      ],
      customer_email: "ada@example.com",
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      metadata,
      payment_intent_data: { metadata },
      expires_at: String(Math.floor(request.expiresAt.getTime() / 1000)),
    });

    // What the learner is sent to is the session Stripe created.
    const created = sessions() as StripeCheckoutSession[];
    expect(created).toHaveLength(1);
    expect(checkout).toEqual({ id: created[0]!.id, url: created[0]!.url });
    expect(checkout.id).toMatch(/^cs_test_/);
    expect(checkout.url).toBe(`https://checkout.stripe.test/c/pay/${checkout.id}`);
    expect(created[0]).toMatchObject({ amount_total: 2500, currency: "eur", metadata, status: "open" });
  });

  it("leaves customer_email out when there is none", async () => {
    await adapter().createCheckout(checkoutRequest({ customerEmail: undefined }));
    expect(server.requests[0]!.body).not.toHaveProperty("customer_email");
  });

  it("returns the same checkout for the same idempotency key and creates it only once", async () => {
    const payments = adapter();
    const request = checkoutRequest();
    const first = await payments.createCheckout(request);
    const second = await payments.createCheckout(request);

    expect(second).toEqual(first);
    expect(sessions()).toHaveLength(1);
    expect(server.requests.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ["deposit:dep_1:checkout", false],
      ["deposit:dep_1:checkout", true],
    ]);

    // Another key is another checkout.
    const other = await payments.createCheckout(checkoutRequest({ idempotencyKey: "deposit:dep_2:checkout" }));
    expect(other.id).not.toBe(first.id);
    expect(sessions()).toHaveLength(2);
  });

  it("retries a 500 with the same idempotency key and creates one checkout", async () => {
    server.failNext(1);
    const checkout = await adapter().createCheckout(checkoutRequest());

    expect(server.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(server.requests.map((r) => r.idempotencyKey)).toEqual(["deposit:dep_1:checkout", "deposit:dep_1:checkout"]);
    expect(sessions()).toHaveLength(1);
    expect(checkout.id).toBe(sessions()[0]!.id);
  });

  it("retries a dropped connection with the same idempotency key and creates one checkout", async () => {
    server.dropNext(1);
    const checkout = await adapter().createCheckout(checkoutRequest());

    expect(server.requests.map((r) => r.status)).toEqual([null, 200]);
    expect(server.requests.map((r) => r.idempotencyKey)).toEqual(["deposit:dep_1:checkout", "deposit:dep_1:checkout"]);
    expect(sessions()).toHaveLength(1);
    expect(checkout.id).toBe(sessions()[0]!.id);
  });

  it("gives up after 1 + 2 attempts while Stripe answers 5xx, with a 502 payment.provider_error", async () => {
    server.failNext(10, 503);
    const error = await rejection(adapter().createCheckout(checkoutRequest()));

    expect(error.status).toBe(502);
    expect(error.code).toBe("payment.provider_error");
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(new Set(server.requests.map((r) => r.idempotencyKey))).toEqual(new Set(["deposit:dep_1:checkout"]));
    expect(sessions()).toHaveLength(0);

    // Once Stripe is back, the same key creates the checkout exactly once.
    server.failNext(0);
    const checkout = await adapter().createCheckout(checkoutRequest());
    expect(sessions()).toHaveLength(1);
    expect(checkout.id).toBe(sessions()[0]!.id);
  });

  it("gives up after 1 + 2 attempts while connections keep dropping, with a 502 payment.provider_error", async () => {
    server.dropNext(10);
    const error = await rejection(adapter().createCheckout(checkoutRequest()));

    expect(error.status).toBe(502);
    expect(error.code).toBe("payment.provider_error");
    expect(server.requests.map((r) => r.status)).toEqual([null, null, null]);
    expect(sessions()).toHaveLength(0);
  });

  it("answers a 502 payment.provider_error without retrying when Stripe refuses the secret key", async () => {
    const error = await rejection(adapter(systemClock, "sk_live_wrong").createCheckout(checkoutRequest()));

    expect(error.status).toBe(502);
    expect(error.code).toBe("payment.provider_error");
    expect(server.requests.map((r) => r.status)).toEqual([401]);
    expect(sessions()).toHaveLength(0);
  });
});

describe("StripePayments.refund", () => {
  const refundRequest = {
    paymentIntentId: "pi_3Q0deposit",
    amountCents: 1500,
    metadata: { depositId: "dep_1", reason: "sprint_completed" },
    idempotencyKey: "deposit:dep_1:refund",
  };

  it("sends the payment intent, partial amount, metadata and idempotency key", async () => {
    const result = await adapter().refund(refundRequest);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/refunds",
      idempotencyKey: "deposit:dep_1:refund",
      status: 200,
      body: { payment_intent: "pi_3Q0deposit", amount: "1500", metadata: refundRequest.metadata },
    });
    expect(Object.keys(server.requests[0]!.body).sort()).toEqual(["amount", "metadata", "payment_intent"]);

    const created = refunds();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      amount: 1500,
      payment_intent: "pi_3Q0deposit",
      metadata: refundRequest.metadata,
    });
    expect(result).toEqual({ id: created[0]!.id, status: "succeeded" });
    expect(result.id).toMatch(/^re_/);
  });

  it("refunds once for the same idempotency key, however many times it is asked", async () => {
    const payments = adapter();
    const first = await payments.refund(refundRequest);
    const second = await payments.refund(refundRequest);

    expect(second).toEqual(first);
    expect(refunds()).toHaveLength(1);
    expect(server.requests.map((r) => r.replayed)).toEqual([false, true]);
  });

  it("retries a 500 with the same idempotency key and refunds once", async () => {
    server.failNext(1);
    const result = await adapter().refund(refundRequest);

    expect(server.requests.map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, "deposit:dep_1:refund"],
      [200, "deposit:dep_1:refund"],
    ]);
    expect(refunds()).toHaveLength(1);
    expect(result.id).toBe(refunds()[0]!.id);
  });
});

describe("StripePayments.verifyEvent", () => {
  // Far from the wall clock on purpose: only the adapter's clock decides what "recent" means.
  const clock = new ManualClock("2031-05-04T10:00:00Z");
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  const payload = JSON.stringify({
    id: "evt_1",
    object: "event",
    type: "checkout.session.completed",
    created: nowSeconds(),
    data: { object: { id: "cs_test_1", object: "checkout.session", amount_total: 2500, metadata } },
  });
  const sign = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: options.secret ?? "whsec_test",
      timestamp: options.timestamp ?? nowSeconds(),
    });

  const refused = async (body: string, signature: string | undefined) => {
    const error = await rejection(adapter(clock).verifyEvent(body, signature));
    expect(error.status).toBe(400);
    expect(error.code).toBe("payment.webhook_signature");
    return error;
  };

  it("accepts an event signed with the webhook secret and returns it as sent", async () => {
    const event = await adapter(clock).verifyEvent(payload, sign(payload));
    expect(event).toEqual(JSON.parse(payload));
  });

  it("accepts a signature up to the tolerance old or ahead, by the adapter's clock", async () => {
    const payments = adapter(clock);
    await expect(
      payments.verifyEvent(payload, sign(payload, { timestamp: nowSeconds() - SIGNATURE_TOLERANCE_SECONDS })),
    ).resolves.toMatchObject({ id: "evt_1" });
    await expect(
      payments.verifyEvent(payload, sign(payload, { timestamp: nowSeconds() + SIGNATURE_TOLERANCE_SECONDS })),
    ).resolves.toMatchObject({ id: "evt_1" });
  });

  it("refuses a tampered body", async () => {
    const signature = sign(payload);
    await refused(payload.replace('"amount_total":2500', '"amount_total":1'), signature);
  });

  it("refuses a signature made with another secret", async () => {
    await refused(payload, sign(payload, { secret: "whsec_someone_else" }));
  });

  it("refuses an event without a signature header", async () => {
    const error = await refused(payload, undefined);
    expect(error.message).toMatch(/missing/i);
  });

  it("refuses a malformed signature header", async () => {
    await refused(payload, "not-a-stripe-signature");
  });

  it("refuses a signature older than 300 s by the adapter's clock", async () => {
    const error = await refused(payload, sign(payload, { timestamp: nowSeconds() - SIGNATURE_TOLERANCE_SECONDS - 1 }));
    expect(error.message).toMatch(/too old/i);
    expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
  });

  it("refuses a captured event replayed once the clock has moved on", async () => {
    const signature = sign(payload);
    const payments = adapter(clock);
    await expect(payments.verifyEvent(payload, signature)).resolves.toMatchObject({ id: "evt_1" });
    clock.advance((SIGNATURE_TOLERANCE_SECONDS + 1) * 1000);
    try {
      await refused(payload, signature);
    } finally {
      clock.advance(-(SIGNATURE_TOLERANCE_SECONDS + 1) * 1000);
    }
  });

  it("refuses a signature dated more than 300 s ahead of the adapter's clock", async () => {
    await refused(payload, sign(payload, { timestamp: nowSeconds() + SIGNATURE_TOLERANCE_SECONDS + 1 }));
  });
});
